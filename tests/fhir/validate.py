#!/usr/bin/env python3
"""Validates FHIR R4 documents that `dgs` writes, with tools no one on the project wrote.

    validate.py FILE...

Each FILE holds one JSON resource, or NDJSON (one resource a line). Every resource is parsed
by the `fhir.resources` models (R4B classes; the resources `dgs` writes are the same in R4
and R4B), which check structure, cardinality, data types and their regular expressions. Then,
since those models leave them out, the codes of required bindings and a few R4 invariants
are checked here. Finally, when the package `fhirpathpy` is installed, each Bundle's
QuestionnaireResponse is checked against its Questionnaire (given among the FILEs): every
linkId is the Questionnaire's, in the same group; every `calculatedExpression`, evaluated by
fhirpathpy, gives the value the response (and its Observation) holds; and every answered
question is enabled by its `enableWhen` or `enableWhenExpression`.

Exits 0 when everything passed, 1 on any problem (each printed), 2 on a usage error.
"""

import json
import sys
from decimal import Decimal

from fhir.resources.R4B import get_fhir_model_class

try:  # The FHIRPath checks need it; .ci/run installs it.
    from fhirpathpy import evaluate
    from fhirpathpy.models import models

    R4 = models["r4"]
except ImportError:  # pragma: no cover
    evaluate = None

# Required bindings (R4) that the fhir.resources models do not check.
REQUIRED = {
    "Questionnaire.status": {"draft", "active", "retired", "unknown"},
    "QuestionnaireResponse.status": {
        "in-progress", "completed", "amended", "entered-in-error", "stopped",
    },
    "Observation.status": {
        "registered", "preliminary", "final", "amended", "corrected", "cancelled",
        "entered-in-error", "unknown",
    },
    "RiskAssessment.status": {
        "registered", "preliminary", "final", "amended", "corrected", "cancelled",
        "entered-in-error", "unknown",
    },
    "Bundle.type": {
        "document", "message", "transaction", "transaction-response", "batch",
        "batch-response", "history", "searchset", "collection",
    },
    "item.type": {
        "group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time",
        "string", "text", "url", "choice", "open-choice", "attachment", "reference",
        "quantity",
    },
    "enableWhen.operator": {"exists", "=", "!=", ">", "<", ">=", "<="},
    "enableBehavior": {"all", "any"},
    "issue.severity": {"fatal", "error", "warning", "information"},
}
ANSWER_TYPE = {
    "boolean": {"valueBoolean"}, "decimal": {"valueDecimal"}, "integer": {"valueInteger"},
    "choice": {"valueCoding"},
}


def walk(items, parent=None):
    for item in items or []:
        yield item, parent
        yield from walk(item.get("item"), item)


class Checker:
    def __init__(self):
        self.problems = []
        self.resources = 0
        self.questionnaires = {}
        self.bundles = []

    def problem(self, where, message):
        self.problems.append(f"{where}: {message}")

    def code(self, where, key, value):
        if value not in REQUIRED[key]:
            self.problem(where, f"`{value}` is not a code of the required binding {key}")

    def resource(self, where, res):
        self.resources += 1
        kind = res.get("resourceType") if isinstance(res, dict) else None
        if not kind:
            self.problem(where, "not a FHIR resource (no resourceType)")
            return
        try:
            get_fhir_model_class(kind).model_validate(res)
        except Exception as error:  # the models' own validation errors
            self.problem(where, f"fhir.resources: {error}")
            return
        getattr(self, "check_" + kind, lambda *_: None)(where, res)

    def check_Questionnaire(self, where, q):
        self.code(where, "Questionnaire.status", q["status"])
        seen = set()
        for item, _ in walk(q.get("item")):
            at = f"{where} item {item['linkId']}"
            if item["linkId"] in seen:
                self.problem(at, "linkId is not unique (que-2)")
            seen.add(item["linkId"])
            self.code(at, "item.type", item["type"])
            if "answerOption" in item and item["type"] not in ("choice", "open-choice"):
                self.problem(at, "answerOption on an item that is not a choice (que-5)")
            if item["type"] == "display" and ("required" in item or "repeats" in item):
                self.problem(at, "a display item is required or repeats (que-6)")
            if item["type"] == "group" and not item.get("item"):
                self.problem(at, "a group without items (que-1)")
            conditions = item.get("enableWhen", [])
            if len(conditions) > 1 and "enableBehavior" not in item:
                self.problem(at, "several enableWhen without enableBehavior (que-12)")
            if "enableBehavior" in item:
                self.code(at, "enableBehavior", item["enableBehavior"])
            for cond in conditions:
                self.code(at, "enableWhen.operator", cond["operator"])
                if cond["operator"] == "exists" and "answerBoolean" not in cond:
                    self.problem(at, "`exists` without answerBoolean (que-7)")
        self.questionnaires[f"{q.get('url')}|{q.get('version')}"] = q

    def check_QuestionnaireResponse(self, where, qr):
        self.code(where, "QuestionnaireResponse.status", qr["status"])

    def check_Observation(self, where, obs):
        self.code(where, "Observation.status", obs["status"])

    def check_RiskAssessment(self, where, ra):
        self.code(where, "RiskAssessment.status", ra["status"])

    def check_OperationOutcome(self, where, oo):
        for issue in oo["issue"]:
            self.code(where, "issue.severity", issue["severity"])

    def check_Bundle(self, where, bundle):
        self.code(where, "Bundle.type", bundle["type"])
        urls = [e.get("fullUrl") for e in bundle.get("entry", [])]
        if len(urls) != len(set(urls)):
            self.problem(where, "fullUrls are not unique (bdl-7)")
        for n, entry in enumerate(bundle.get("entry", [])):
            res = entry["resource"]
            getattr(self, "check_" + res["resourceType"], lambda *_: None)(
                f"{where} entry {n}", res
            )
        self.bundles.append((where, bundle))

    # ---- a response against its questionnaire, with fhirpathpy

    def against_questionnaire(self, where, bundle):
        resources = [e["resource"] for e in bundle.get("entry", [])]
        responses = [r for r in resources if r["resourceType"] == "QuestionnaireResponse"]
        for qr in responses:
            q = self.questionnaires.get(qr["questionnaire"])
            if q is None:
                self.problem(where, f"no Questionnaire {qr['questionnaire']} among the files")
                continue
            q_items = {item["linkId"]: (item, parent) for item, parent in walk(q.get("item"))}
            for item, parent in walk(qr.get("item")):
                at = f"{where} response item {item['linkId']}"
                if item["linkId"] not in q_items:
                    self.problem(at, "not an item of the Questionnaire")
                    continue
                q_item, q_parent = q_items[item["linkId"]]
                if (parent or {}).get("linkId") != (q_parent or {}).get("linkId"):
                    self.problem(at, "not in the same group as in the Questionnaire")
                for answer in item.get("answer", []):
                    kinds = set(answer) - {"item", "extension", "id"}
                    if not kinds <= ANSWER_TYPE.get(q_item["type"], set()):
                        self.problem(at, f"{sorted(kinds)} answers a {q_item['type']} item")
                if item.get("answer"):
                    self.enabled(at, q, qr, q_item)
            self.calculated(where, q, qr, resources)

    def env(self, q, qr, item):
        env = {"resource": qr, "questionnaire": q}
        for ext in item.get("extension", []):
            if ext["url"].endswith("/variable"):
                expr = ext["valueExpression"]
                env[expr["name"]] = evaluate(qr, expr["expression"], env, R4)
        return env

    def enabled(self, at, q, qr, q_item):
        for ext in q_item.get("extension", []):
            if ext["url"].endswith("sdc-questionnaire-enableWhenExpression"):
                expr = ext["valueExpression"]["expression"]
                if evaluate(qr, expr, self.env(q, qr, q_item), R4) != [True]:
                    self.problem(at, f"answered, but its enableWhenExpression is not true: {expr}")
        conditions = q_item.get("enableWhen")
        if not conditions:
            return
        results = [self.enable_when(qr, cond) for cond in conditions]
        behaviour = q_item.get("enableBehavior", "all")
        if not (all(results) if behaviour == "all" else any(results)):
            self.problem(at, f"answered, but its enableWhen ({behaviour}) does not hold")

    @staticmethod
    def enable_when(qr, cond):
        """R4's rules: `exists` by presence; `=` when any answer equals; `!=` when none does;
        an order when any answer passes."""
        answers = [
            a for item, _ in walk(qr.get("item")) if item["linkId"] == cond["question"]
            for a in item.get("answer", [])
        ]
        if cond["operator"] == "exists":
            return bool(answers) == cond["answerBoolean"]
        key = next(k for k in cond if k.startswith("answer"))
        want = cond[key]
        values = [a.get("value" + key[len("answer"):]) for a in answers]
        values = [v for v in values if v is not None]
        if key == "answerCoding":
            same = lambda v: (v.get("system"), v.get("code")) == (want.get("system"), want["code"])
        elif key == "answerBoolean":
            same = lambda v: v is want
        else:
            same = lambda v: Decimal(str(v)) == Decimal(str(want))
        op = cond["operator"]
        if op == "=":
            return any(same(v) for v in values)
        if op == "!=":
            return not any(same(v) for v in values)
        compare = {
            ">": lambda v: v > want, "<": lambda v: v < want,
            ">=": lambda v: v >= want, "<=": lambda v: v <= want,
        }[op]
        return any(compare(v) for v in values)

    def calculated(self, where, q, qr, resources):
        answered = {
            item["linkId"]: item.get("answer", []) for item, _ in walk(qr.get("item"))
        }
        for item, _ in walk(q.get("item")):
            for ext in item.get("extension", []):
                if not ext["url"].endswith("sdc-questionnaire-calculatedExpression"):
                    continue
                expr = ext["valueExpression"]["expression"]
                try:
                    got = evaluate(qr, expr, self.env(q, qr, item), R4)
                except Exception as error:
                    self.problem(where, f"{item['linkId']}: fhirpathpy cannot evaluate: {error}")
                    continue
                held = answered.get(item["linkId"], [])
                if item["type"] == "decimal":
                    want = [Decimal(str(a["valueDecimal"])) for a in held]
                    got = [Decimal(str(v)) for v in got]
                else:
                    want = [a["valueCoding"]["code"] for a in held]
                    got = [v.get("code") for v in got]
                if got != want:
                    self.problem(
                        where,
                        f"{item['linkId']}: the calculatedExpression gives {got}, "
                        f"the response holds {want}",
                    )


def read(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        return [(path, json.loads(text))]
    except json.JSONDecodeError:
        pass
    return [
        (f"{path}:{n}", json.loads(line))
        for n, line in enumerate(text.splitlines(), 1)
        if line.strip()
    ]


def main(paths):
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    checker = Checker()
    try:
        documents = [doc for path in paths for doc in read(path)]
    except (OSError, json.JSONDecodeError) as error:
        print(f"cannot read: {error}")
        return 1
    # Questionnaires first, so responses can be checked against them in any order.
    documents.sort(key=lambda d: d[1].get("resourceType") != "Questionnaire")
    for where, res in documents:
        checker.resource(where, res)
    if evaluate is not None:
        for where, bundle in checker.bundles:
            checker.against_questionnaire(where, bundle)
    else:
        print("fhirpathpy is not installed: FHIRPath checks skipped")
    for problem in checker.problems:
        print(problem)
    print(
        f"validated {checker.resources} resources in {len(paths)} files: "
        f"{len(checker.problems)} problems"
    )
    return 1 if checker.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
