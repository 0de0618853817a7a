//! The `/` filter language: plain substrings plus `status:` and `mode:` terms, all of which must match.

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    pub text: Vec<String>,
    pub status: Vec<String>,
    pub mode: Vec<String>,
}

impl Filter {
    /// Parses what the operator typed; terms are case-insensitive and separated by spaces.
    pub fn parse(input: &str) -> Self {
        let mut filter = Self::default();
        for term in input.split_whitespace() {
            let lower = term.to_lowercase();
            if let Some(value) = lower
                .strip_prefix("status:")
                .or(lower.strip_prefix("state:"))
            {
                filter.status.push(normalise(value));
            } else if let Some(value) = lower.strip_prefix("mode:") {
                filter.mode.push(normalise(value));
            } else {
                filter.text.push(lower);
            }
        }
        filter
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty() && self.status.is_empty() && self.mode.is_empty()
    }

    /// True when `name` contains every text term, `status` starts with every status term
    /// and `mode` with every mode term.
    pub fn matches(&self, name: &str, status: &str, mode: &str) -> bool {
        let name = name.to_lowercase();
        let status = normalise(status);
        let mode = normalise(mode);
        self.text.iter().all(|t| name.contains(t.as_str()))
            && self.status.iter().all(|s| status.starts_with(s.as_str()))
            && self.mode.iter().all(|m| mode.starts_with(m.as_str()))
    }
}

/// "On-Demand", "on_demand" and "ondemand" all compare equal.
fn normalise(value: &str) -> String {
    value
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combines_text_status_and_mode_terms() {
        let filter = Filter::parse("ORD status:act mode:on-demand");
        assert!(filter.matches("orders-ingest", "ACTIVE", "ON_DEMAND"));
        assert!(!filter.matches("orders-ingest", "UPDATING", "ON_DEMAND"));
        assert!(!filter.matches("orders-ingest", "ACTIVE", "PROVISIONED"));
        assert!(!filter.matches("payments", "ACTIVE", "ON_DEMAND"));
    }

    #[test]
    fn empty_filter_matches_everything() {
        let filter = Filter::parse("   ");
        assert!(filter.is_empty());
        assert!(filter.matches("x", "", ""));
    }
}
