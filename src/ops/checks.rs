//! Pre-flight checks shown in the confirm modal: each passes, warns or fails (a failure blocks).
use std::fmt;

/// The name of the check that flags a change that loses data or state.
pub const DESTRUCTIVE: &str = "DESTRUCTIVE";

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

    pub fn pass(name: &str, detail: impl Into<String>) -> Self {
        Self::new(name, CheckOutcome::Pass, detail)
    }

    pub fn warn(name: &str, detail: impl Into<String>) -> Self {
        Self::new(name, CheckOutcome::Warn, detail)
    }

    pub fn fail(name: &str, detail: impl Into<String>) -> Self {
        Self::new(name, CheckOutcome::Fail, detail)
    }

    /// Passes when `ok`, else fails; each with its own sentence.
    pub fn either(name: &str, ok: bool, pass: impl Into<String>, fail: impl Into<String>) -> Self {
        if ok {
            Self::pass(name, pass)
        } else {
            Self::fail(name, fail)
        }
    }
}

/// True when no check fails.
pub fn all_clear(checks: &[Check]) -> bool {
    checks.iter().all(|c| c.outcome != CheckOutcome::Fail)
}
