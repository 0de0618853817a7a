//! Pre-flight checks shown in the confirm modal: each passes, warns or fails (a failure blocks).
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckOutcome {
    Pass,
    Warn,
    Fail,
}

impl fmt::Display for CheckOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Pass => "pass",
            Self::Warn => "warn",
            Self::Fail => "FAIL",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: String,
    pub outcome: CheckOutcome,
    pub detail: String,
}

impl Check {
    pub fn new(name: &str, outcome: CheckOutcome, detail: impl Into<String>) -> Self {
        Self {
            name: name.to_string(),
            outcome,
            detail: detail.into(),
        }
    }
}

/// True when no check fails.
pub fn all_clear(checks: &[Check]) -> bool {
    checks.iter().all(|c| c.outcome != CheckOutcome::Fail)
}
