//! The pain-diary form: what `dgs log` asks when flags leave something out.

use dialoguer::{Input, MultiSelect, Select};

use super::{TerminalPrompter, dialoguer_error};
use crate::diary::entries::{ACTIVITIES, Draft, MINUTES, PAIN, POSTURES, SELF_CARE};
use crate::error::Error;

impl TerminalPrompter {
    /// Asks for what a diary entry still lacks: pain and activity, then the optional parts.
    pub fn diary_entry(&self, draft: &mut Draft) -> Result<(), Error> {
        self.say(&self.style.heading("Pain diary"))?;
        self.para("A quick entry: how it feels now and what you were doing. Esc skips an optional question.", true)?;
        if draft.pain.is_none() {
            let (low, high) = (*PAIN.start(), *PAIN.end());
            let pain = Input::<i64>::with_theme(self.theme.as_ref())
                .with_prompt(format!(
                    "Pain now, {low} (none) to {high} (worst imaginable)"
                ))
                .validate_with(|n: &i64| {
                    if PAIN.contains(n) {
                        Ok(())
                    } else {
                        Err(format!("please enter a whole number from {low} to {high}"))
                    }
                })
                .interact_text_on(&self.term)
                .map_err(dialoguer_error)?;
            draft.pain = Some(pain);
        }
        if draft.activity.is_none() {
            let labels: Vec<&str> = ACTIVITIES.iter().map(|(_, label)| *label).collect();
            let picked = Select::with_theme(self.theme.as_ref())
                .with_prompt("What were you doing?")
                .items(&labels)
                .default(0)
                .interact_on(&self.term)
                .map_err(dialoguer_error)?;
            draft.activity = Some(ACTIVITIES[picked].0.to_string());
            if ACTIVITIES[picked].0 == "other" && draft.detail.is_none() {
                draft.detail = Some(self.text("What was it?")?);
            }
        }
        if draft.minutes.is_none() {
            let (low, high) = (*MINUTES.start(), *MINUTES.end());
            // Asked again until it can be used: a value that cannot be stored must not be
            // shown as taken and then dropped.
            let minutes = Input::<String>::with_theme(self.theme.as_ref())
                .with_prompt("For how long, in minutes? (Enter skips)")
                .allow_empty(true)
                .validate_with(|text: &String| {
                    let t = text.trim();
                    if t.is_empty() || t.parse::<i64>().is_ok_and(|m| MINUTES.contains(&m)) {
                        Ok(())
                    } else {
                        Err(format!(
                            "please enter a whole number of minutes from {low} to {high}, or nothing"
                        ))
                    }
                })
                .interact_text_on(&self.term)
                .map_err(dialoguer_error)?;
            draft.minutes = minutes.trim().parse::<i64>().ok();
        }
        if draft.postures.is_empty() {
            draft.postures = self.pick_many("Any of these at the time?", &POSTURES)?;
        }
        if draft.self_care.is_empty() {
            draft.self_care = self.pick_many("Any self-care today?", &SELF_CARE)?;
        }
        if draft.note.is_none() {
            draft.note = Some(self.text("A note? (Enter skips)")?);
        }
        Ok(())
    }

    /// `dgs forget` on a terminal: nothing is deleted unless the person says yes.
    pub fn confirm_forget(&self, what: &str) -> Result<bool, Error> {
        let confirmed = dialoguer::Confirm::with_theme(self.theme.as_ref())
            .with_prompt(format!("Delete {what}? This cannot be undone"))
            .default(false)
            .interact_on_opt(&self.term)
            .map_err(dialoguer_error)?;
        Ok(confirmed == Some(true))
    }

    fn text(&self, prompt: &str) -> Result<String, Error> {
        Input::<String>::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .allow_empty(true)
            .interact_text_on(&self.term)
            .map_err(dialoguer_error)
    }

    fn pick_many(&self, prompt: &str, list: &[(&str, &str)]) -> Result<Vec<String>, Error> {
        let labels: Vec<&str> = list.iter().map(|(_, label)| *label).collect();
        let picked = MultiSelect::with_theme(self.theme.as_ref())
            .with_prompt(format!("{prompt} (Space ticks, Enter confirms)"))
            .items(&labels)
            .interact_on_opt(&self.term)
            .map_err(dialoguer_error)?;
        Ok(picked
            .unwrap_or_default()
            .into_iter()
            .map(|i| list[i].0.to_string())
            .collect())
    }
}
