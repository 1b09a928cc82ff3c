//! Triage levels, ordered so that the most urgent compares greatest; and likelihood levels,
//! how well answers fit a pattern or cause, ordered the same way.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    SelfCare,
    SeeClinician,
    Urgent,
    Emergency,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Emergency,
        Level::Urgent,
        Level::SeeClinician,
        Level::SelfCare,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Level::SelfCare => "self_care",
            Level::SeeClinician => "see_clinician",
            Level::Urgent => "urgent",
            Level::Emergency => "emergency",
        }
    }

    /// The level's place from the least urgent (0) up: an index for tables kept by level.
    pub fn rank(self) -> usize {
        self as usize
    }

    /// Self-care advice is held back at these levels: a clinician comes first.
    pub fn withholds_self_care(self) -> bool {
        self >= Level::Urgent
    }
}

/// How well answers fit a pattern or cause, from not at all up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Likelihood {
    Unlikely,
    Possible,
    Likely,
}

impl Likelihood {
    pub fn name(self) -> &'static str {
        match self {
            Likelihood::Unlikely => "unlikely",
            Likelihood::Possible => "possible",
            Likelihood::Likely => "likely",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordering_puts_emergency_on_top() {
        assert!(Level::Emergency > Level::Urgent);
        assert!(Level::Urgent > Level::SeeClinician);
        assert!(Level::SeeClinician > Level::SelfCare);
        let mut sorted = Level::ALL;
        sorted.sort();
        assert_eq!(sorted[3], Level::Emergency);
    }

    #[test]
    fn ranks_follow_urgency() {
        for level in Level::ALL {
            let below = Level::ALL.iter().filter(|&&other| other < level).count();
            assert_eq!(level.rank(), below, "{level:?}");
        }
    }

    #[test]
    fn names_match_serde() {
        for level in Level::ALL {
            let json = serde_json::to_string(&level).unwrap();
            assert_eq!(json, format!("\"{}\"", level.name()));
        }
    }
}
