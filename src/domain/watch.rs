//! The AWS contexts an on-call engineer watches together (profile, region, endpoint, a short label) and what a cheap read of one says: its counts, alarms firing, when it was read.
use super::Timestamp;
use super::alarm::Alarm;

/// One watched context: `[[watch]]` in kinetic's config file, or `--watch PROFILE[@REGION]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchedContext {
    /// Short, unique: what the contexts screen and the header call it.
    pub label: String,
    /// None: the default credential chain.
    pub profile: Option<String>,
    /// None: the profile's own region.
    pub region: Option<String>,
    pub endpoint: Option<String>,
}

impl WatchedContext {
    /// `PROFILE[@REGION]`, as `--watch` takes it; its label is the text given.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let (profile, region) = match raw.split_once('@') {
            Some((profile, region)) => (profile, Some(region)),
            None => (raw, None),
        };
        if profile.is_empty() || profile.contains(char::is_whitespace) {
            return Err(format!(
                "'{raw}' is not PROFILE[@REGION], such as prod@eu-west-1"
            ));
        }
        if let Some(region) = region
            && !is_region(region)
        {
            return Err(format!(
                "'{region}' in '{raw}' is not a region such as eu-west-1"
            ));
        }
        Ok(Self {
            label: raw.to_string(),
            profile: Some(profile.to_string()),
            region: region.map(str::to_string),
            endpoint: None,
        })
    }

    /// Whether the context in view (`profile` in `region`) is this one.
    pub fn is(&self, profile: Option<&str>, region: &str) -> bool {
        self.profile.as_deref().unwrap_or("default") == profile.unwrap_or("default")
            && self.region.as_deref().is_none_or(|r| r == region)
    }
}

/// A region's shape: letters, digits and dashes, with at least one dash (us-east-1).
pub fn is_region(text: &str) -> bool {
    !text.is_empty()
        && text.contains('-')
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// What one cheap read of a context found: ListStreams' statuses, ListApplications' statuses
/// with one GetMetricData of their health numbers, and the alarms in ALARM.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContextCounts {
    pub streams_ok: usize,
    pub streams_degraded: usize,
    pub apps_ok: usize,
    pub apps_degraded: usize,
    pub apps_failing: usize,
    /// The failing applications' names, for the header.
    pub failing: Vec<String>,
    pub alarms: Vec<Alarm>,
    /// Calls that were throttled or failed during the read, as a sentence.
    pub trouble: Option<String>,
}

impl ContextCounts {
    /// The worst of the context in a few words, or None when all is well:
    /// "1 failing · 2 alarms".
    pub fn worst(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.apps_failing > 0 {
            parts.push(format!("{} failing", self.apps_failing));
        }
        if !self.alarms.is_empty() {
            let n = self.alarms.len();
            parts.push(format!("{n} alarm{}", if n == 1 { "" } else { "s" }));
        }
        let degraded = self.apps_degraded + self.streams_degraded;
        if degraded > 0 {
            parts.push(format!("{degraded} degraded"));
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    /// How bad it is, for ordering: failing, then alarms, then degraded.
    pub fn severity(&self) -> (usize, usize, usize) {
        (
            self.apps_failing,
            self.alarms.len(),
            self.apps_degraded + self.streams_degraded,
        )
    }
}

/// A watched context as last read: the counts of its last good read, when that was, and why
/// the newest read failed (the counts stay, marked stale).
#[derive(Debug, Clone, PartialEq)]
pub struct ContextPulse {
    pub context: WatchedContext,
    pub counts: Option<ContextCounts>,
    pub read_at: Option<Timestamp>,
    /// The newest read's failure, as a sentence: the row is STALE while it stands.
    pub failure: Option<String>,
}

impl ContextPulse {
    pub fn new(context: WatchedContext) -> Self {
        Self {
            context,
            counts: None,
            read_at: None,
            failure: None,
        }
    }

    pub fn stale(&self) -> bool {
        self.failure.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watch_reads_profile_and_region() {
        let ctx = WatchedContext::parse("prod@eu-west-1").unwrap();
        assert_eq!(ctx.profile.as_deref(), Some("prod"));
        assert_eq!(ctx.region.as_deref(), Some("eu-west-1"));
        assert_eq!(ctx.label, "prod@eu-west-1");
        assert!(ctx.is(Some("prod"), "eu-west-1"));
        assert!(!ctx.is(Some("prod"), "us-east-1"));
        let own = WatchedContext::parse("staging").unwrap();
        assert_eq!(own.region, None);
        assert!(own.is(Some("staging"), "ap-southeast-2"));
        assert!(WatchedContext::parse("").is_err());
        assert!(WatchedContext::parse("prod@").is_err());
        assert!(WatchedContext::parse("prod@EU WEST").is_err());
    }

    #[test]
    fn the_worst_puts_failing_first() {
        let mut counts = ContextCounts::default();
        assert_eq!(counts.worst(), None);
        counts.apps_failing = 1;
        counts.streams_degraded = 2;
        assert_eq!(counts.worst().as_deref(), Some("1 failing · 2 degraded"));
    }
}
