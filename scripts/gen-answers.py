#!/usr/bin/env python3
"""Writes N random answer sets for the default questionnaire as JSON Lines (or CSV), for
benchmarks. Deterministic: the same N and seed give the same file.

The light sets (the default) answer about 25 questions. --heavy answers every question that
`dgs questions --format json` lists (saved in FILE), as a person who answers everything
would: every section enabled, many rules firing; red flags stay mostly "no", as in real use.

usage: gen-answers.py N [--csv] [--seed S] [--heavy FILE] > answers.jsonl
"""
import csv
import json
import random
import sys

YES_NO = [
    "sciatica_both_legs", "saddle_numbness", "bladder_bowel_change", "sexual_function_change",
    "leg_weakness_progressive", "fever_or_unwell", "cancer_history", "unexplained_weight_loss",
    "recent_trauma", "night_pain_unrelenting", "buttock_pain", "sitting_worsens",
    "crossing_leg_worsens", "back_pain_dominant", "cough_sneeze_worsens", "numbness_tingling",
    "groin_pain", "lateral_hip_pain", "sit_bone_pain", "calf_pain_walking", "wallet_back_pocket",
    "sits_feet_tucked", "sits_legs_crossed", "long_car_trips", "tenses_muscles",
    "previous_injury", "scoliosis", "leg_length_difference",
]
RED_FLAGS = set(YES_NO[:10])
CHOICES = {
    "pain_radiates": ["none", "thigh", "below_knee", "foot"],
    "workspace_setup": ["good", "fair", "poor"],
    "activity_level": ["sedentary", "somewhat_active", "active"],
    "vigorous_exercise": ["none", "moderate", "heavy"],
}


def answer_set(rng, n):
    record = {"respondent": f"r{n}"}
    # About 25 answers: every red flag (mostly "no", as in real use), then a random subset.
    for item in YES_NO:
        if item in RED_FLAGS:
            record[item] = "yes" if rng.random() < 0.02 else "no"
        elif rng.random() < 0.45:
            record[item] = rng.choice(["yes", "no"])
    record["age"] = rng.randint(16, 90)
    record["pain_intensity"] = rng.randint(0, 10)
    record["sitting_hours_per_day"] = round(rng.uniform(0, 14), 1)
    for item, values in CHOICES.items():
        record[item] = rng.choice(values)
    return record


def heavy_set(rng, n, items):
    record = {"respondent": f"r{n}"}
    for item in items:
        kind, values = item["type"], item.get("values") or []
        if kind == "yes_no":
            chance = 0.02 if item.get("red_flag") else 0.5
            record[item["id"]] = "yes" if rng.random() < chance else "no"
        elif kind == "single_choice":
            record[item["id"]] = rng.choice(values)
        elif kind == "multiple_choice":
            some = [v for v in values if v != "none"]
            picked = [v for v in some if rng.random() < 0.4]
            # "none" only where the item offers it; else one real choice.
            record[item["id"]] = picked or (["none"] if "none" in values else [rng.choice(some)])
        elif kind == "integer":
            record[item["id"]] = rng.randint(item["min"], item["max"])
        elif kind == "number":
            record[item["id"]] = round(rng.uniform(item["min"], item["max"]), 1)
    # Half the people are 50 or over, so the questions asked from 50 on are asked too.
    if "age" in record and rng.random() < 0.5:
        record["age"] = rng.randint(50, 90)
    return record


def main():
    args = sys.argv[1:]
    if not args or not args[0].isdigit():
        sys.exit(__doc__)
    count = int(args[0])
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 1
    rng = random.Random(seed)
    out = sys.stdout
    if "--heavy" in args:
        with open(args[args.index("--heavy") + 1]) as f:
            items = json.load(f)["items"]
        sets = (heavy_set(rng, n, items) for n in range(count))
        if "--csv" in args:
            columns = ["respondent", *(i["id"] for i in items)]
            writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            for record in sets:
                writer.writerow({k: ",".join(v) if isinstance(v, list) else v for k, v in record.items()})
        else:
            for record in sets:
                out.write(json.dumps(record, separators=(",", ":")))
                out.write("\n")
        return
    if "--csv" in args:
        columns = ["respondent", *YES_NO, "age", "pain_intensity", "sitting_hours_per_day", *CHOICES]
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for n in range(count):
            writer.writerow(answer_set(rng, n))
    else:
        for n in range(count):
            out.write(json.dumps(answer_set(rng, n), separators=(",", ":")))
            out.write("\n")


if __name__ == "__main__":
    main()
