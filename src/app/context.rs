//! Where the console is pointed (profile, region, endpoint) and what it may do there.

/// Where the console is pointed; shown in the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    pub profile: Option<String>,
    pub region: String,
    pub endpoint: Option<String>,
    pub read_only: bool,
    /// The simulated account rather than AWS.
    pub demo: bool,
    /// The profile is marked production in kinetic's config file: the frame and header turn to
    /// the danger colour and every change needs its name typed.
    pub production: bool,
    /// Why the console is read-only when not for `--read-only`: "profile prod-ops is read-only
    /// in ~/.config/kinetic/config.toml".
    pub read_only_reason: Option<String>,
}
