//! The command line's flags and what kinetic's config file adds to them: the settings every start is made from.
use crate::app::model::Context;
use crate::config::Keymap;
use crate::ui::Theme;
use clap::Parser;
use std::path::PathBuf;

#[derive(Debug, Clone, Parser)]
#[command(
    name = "kinetic",
    version,
    about = "A terminal operations console for Kinesis Data Streams and Managed Service for Apache Flink",
    after_help = "Try it without AWS: kinetic --demo"
)]
pub struct Cli {
    /// AWS profile from ~/.aws/config (SSO profiles work after `aws sso login`)
    #[arg(long, env = "AWS_PROFILE")]
    pub profile: Option<String>,
    /// AWS region, e.g. us-east-1 (defaults to the profile's region)
    #[arg(long, env = "AWS_REGION")]
    pub region: Option<String>,
    /// Send every AWS call to this endpoint (LocalStack, moto, a VPC endpoint)
    #[arg(long, env = "AWS_ENDPOINT_URL", value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// A self-managed Flink cluster's REST API, e.g. http://flink-jobmanager:8081 (repeatable; its jobs are listed with the applications as JOB@HOST:PORT)
    #[arg(long = "flink-rest", value_name = "URL", value_parser = parse_cluster)]
    pub flink_rest: Vec<crate::domain::flink_cluster::ClusterEntry>,
    /// Watch another AWS context beside the one in view, e.g. prod@eu-west-1 (repeatable; the config file's [[watch]] entries too)
    #[arg(long = "watch", value_name = "PROFILE[@REGION]", value_parser = parse_watch)]
    pub watch: Vec<crate::domain::watch::WatchedContext>,
    /// Disable every action that changes anything
    #[arg(long)]
    pub read_only: bool,
    /// Colour theme: dark, light, high-contrast, or a path to a theme TOML file [default: dark, or the config file's]
    #[arg(long, value_name = "NAME|PATH")]
    pub theme: Option<String>,
    /// Seconds between refreshes of the screen on show [default: 10, or the config file's]
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub refresh: Option<u64>,
    /// Where executed actions are recorded, one JSON line each [default: <state dir>/kinetic/audit.jsonl]
    #[arg(long, value_name = "PATH")]
    pub audit_log: Option<PathBuf>,
    /// Keymap overrides [default: <config dir>/kinetic/keymap.toml when it exists]
    #[arg(long, value_name = "PATH")]
    pub keymap: Option<PathBuf>,
    /// Diagnostic log file [default: <state dir>/kinetic/kinetic.log]
    #[arg(long, value_name = "PATH")]
    pub log_file: Option<PathBuf>,
    /// Use the built-in simulated account instead of AWS
    #[arg(long)]
    pub demo: bool,
    /// Number of streams in the simulated account
    #[arg(long, default_value_t = 24, value_name = "N", requires = "demo", value_parser = clap::value_parser!(u64).range(1..=5000))]
    pub demo_streams: u64,
    /// Seed of the simulated account (the same seed builds the same account)
    #[arg(long, default_value_t = 7, value_name = "S", requires = "demo")]
    pub demo_seed: u64,
    /// Run the simulated account's clock and lifecycles this many times faster (drills, tests)
    #[arg(long, default_value_t = 1, value_name = "FACTOR", requires = "demo", value_parser = clap::value_parser!(u64).range(1..=100))]
    pub demo_speed: u64,
    /// How long the health gate watches an application after a deploy, scale or start, e.g. 5m [default: 5m, or the config file's]
    #[arg(long, value_name = "DURATION", value_parser = parse_since)]
    pub health_gate: Option<chrono::Duration>,
    /// kinetic's config file: safety per profile, flag defaults [default: <config dir>/kinetic/config.toml when it exists]
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// What the config file says (read by `load_settings`).
    #[arg(skip)]
    pub settings: crate::config::settings::Settings,
    /// Where the settings were read from, for messages.
    #[arg(skip)]
    pub settings_file: Option<PathBuf>,
    /// AWS config and credentials files to read instead of the user's (tests).
    #[arg(skip)]
    pub profile_files: Option<(PathBuf, PathBuf)>,
    /// The simulated region to open (a watched one the console switches to); None: us-east-1.
    #[arg(skip)]
    pub demo_region: Option<String>,
    /// The simulated accounts built so far, one per region, shared by every context.
    #[arg(skip)]
    pub demo_accounts: crate::sim::regions::DemoAccounts,
    /// Price of one KPU-hour in US dollars, for the scale dialog's cost (default: us-east-1)
    #[arg(long, default_value_t = crate::ops::app_checks::DEFAULT_KPU_PRICE, value_name = "USD", value_parser = parse_price)]
    pub kpu_price: f64,
    /// KPUs one application may use (AWS's default quota is 64; raise it in Service Quotas)
    #[arg(long, default_value_t = 64, value_name = "KPUS", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub kpu_limit: u32,
    /// Snapshots an application may have before manual snapshots fail (check your quota)
    #[arg(long, default_value_t = 1000, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub snapshot_quota: u32,
    /// Print the streams table as text once it is complete, then exit (no terminal UI)
    #[arg(long)]
    pub print: bool,
    /// How the log view reads: live (StartLiveTail), poll (FilterLogEvents), or auto
    #[arg(long, default_value = "auto", value_parser = ["auto", "live", "poll"])]
    pub logs_mode: String,
    /// How far back the log view starts, e.g. 15m, 2h, 1d
    #[arg(long, default_value = "15m", value_name = "DURATION", value_parser = parse_since)]
    pub since: chrono::Duration,
    /// Spare capacity, in percent, the reshard recommendation keeps above the last day's peak
    #[arg(long, default_value_t = 25, value_name = "PERCENT", value_parser = clap::value_parser!(u64).range(0..=400))]
    pub reshard_headroom: u64,
    /// Lines the log view keeps before dropping the oldest
    #[arg(long, default_value_t = 10_000, value_name = "LINES", value_parser = clap::value_parser!(u64).range(100..=1_000_000))]
    pub log_buffer: u64,
}

/// Parses "15m", "2h", "1d", "90s".
pub fn parse_since(raw: &str) -> Result<chrono::Duration, String> {
    crate::domain::time::parse_duration(raw)
}

/// Parses `PROFILE[@REGION]`.
pub fn parse_watch(raw: &str) -> Result<crate::domain::watch::WatchedContext, String> {
    crate::domain::watch::WatchedContext::parse(raw)
}

/// Parses a Flink REST URL.
pub fn parse_cluster(raw: &str) -> Result<crate::domain::flink_cluster::ClusterEntry, String> {
    crate::domain::flink_cluster::ClusterEntry::from_url(raw)
}

/// Parses a price such as 0.11.
pub fn parse_price(raw: &str) -> Result<f64, String> {
    match raw.trim().parse::<f64>() {
        Ok(price) if (0.0..100.0).contains(&price) => Ok(price),
        _ => Err(format!("{raw:?} is not a price per KPU-hour like 0.11")),
    }
}

/// A startup problem, already phrased for the operator.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StartupError(pub String);

fn state_dir() -> PathBuf {
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .unwrap_or_else(std::env::temp_dir)
        .join("kinetic")
}

impl Cli {
    pub fn audit_log_path(&self) -> PathBuf {
        self.audit_log
            .clone()
            .unwrap_or_else(|| state_dir().join("audit.jsonl"))
    }

    pub fn log_file_path(&self) -> PathBuf {
        self.log_file
            .clone()
            .unwrap_or_else(|| state_dir().join("kinetic.log"))
    }

    pub fn load_theme(&self) -> Result<Theme, StartupError> {
        Theme::load(self.theme_name()).map_err(|e| StartupError(e.to_string()))
    }

    /// Reads `--config`, or the user's config.toml when it exists; a bad file stops the start
    /// with the file, section and key named.
    pub fn load_settings(&mut self) -> Result<(), StartupError> {
        let path = self.config.clone().or_else(|| {
            dirs::config_dir()
                .map(|d| d.join("kinetic").join("config.toml"))
                .filter(|p| p.exists())
        });
        let Some(path) = path else {
            return Ok(());
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|e| StartupError(format!("cannot read {}: {e}", path.display())))?;
        self.settings =
            crate::config::settings::Settings::parse(&path.display().to_string(), &text)
                .map_err(|e| StartupError(e.to_string()))?;
        self.settings_file = Some(path);
        Ok(())
    }

    pub fn theme_name(&self) -> &str {
        self.theme
            .as_deref()
            .or(self.settings.theme.as_deref())
            .unwrap_or("dark")
    }

    pub fn refresh_secs(&self) -> u64 {
        self.refresh.or(self.settings.refresh).unwrap_or(10)
    }

    pub fn health_gate_duration(&self) -> chrono::Duration {
        self.health_gate
            .or(self.settings.health_gate)
            .unwrap_or(chrono::Duration::seconds(
                crate::ops::gate::DEFAULT_DURATION_SECS,
            ))
    }

    /// The header's context for `profile`, with its safety from the config file.
    pub fn context(
        &self,
        profile: Option<String>,
        region: String,
        endpoint: Option<String>,
        demo: bool,
    ) -> Context {
        // The simulated account answers to [profiles.demo], so the safety can be tried out.
        let key = if demo {
            Some("demo")
        } else {
            profile.as_deref()
        };
        let safety = self.settings.safety(key);
        let file = self
            .settings_file
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let name = key.unwrap_or("default").to_string();
        Context {
            profile,
            region,
            endpoint,
            read_only: self.read_only || safety.read_only,
            demo,
            production: safety.production,
            read_only_reason: (!self.read_only && safety.read_only)
                .then(|| format!("profile {name} is read-only in {file}")),
        }
    }

    /// The default keymap, with `--keymap` or the user's keymap.toml laid over it.
    pub fn load_keymap(&self) -> Result<Keymap, StartupError> {
        let path = self.keymap.clone().or_else(|| {
            dirs::config_dir()
                .map(|d| d.join("kinetic").join("keymap.toml"))
                .filter(|p| p.exists())
        });
        let result = match path {
            None => Keymap::default_keymap(),
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    StartupError(format!("cannot read keymap {}: {e}", path.display()))
                })?;
                Keymap::with_overrides(&path.display().to_string(), &text)
            }
        };
        result.map_err(|e| StartupError(e.to_string()))
    }
}

impl Cli {
    /// The self-managed Flink clusters: the config file's `[[flink]]` entries, then each
    /// `--flink-rest` not already among them.
    pub fn flink_clusters(&self) -> Vec<crate::domain::flink_cluster::ClusterEntry> {
        let mut clusters = self.settings.flink.clone();
        for entry in &self.flink_rest {
            if !clusters.iter().any(|c| c.url == entry.url) {
                clusters.push(entry.clone());
            }
        }
        clusters
    }
}

impl Cli {
    /// The watched AWS contexts: the config file's `[[watch]]` entries, then each `--watch`
    /// whose label is not among them.
    pub fn watched(&self) -> Vec<crate::domain::watch::WatchedContext> {
        if self.demo {
            // The simulated account's three regions, whatever the config file watches, and a
            // quiet simulated account for each other region a --watch names.
            let mut regions: Vec<crate::domain::watch::WatchedContext> =
                crate::sim::regions::DEMO_REGIONS
                    .iter()
                    .map(|region| crate::domain::watch::WatchedContext {
                        label: (*region).to_string(),
                        profile: None,
                        region: Some((*region).to_string()),
                        endpoint: None,
                    })
                    .collect();
            for entry in &self.watch {
                if let Some(region) = &entry.region
                    && !regions.iter().any(|r| r.region.as_ref() == Some(region))
                {
                    regions.push(crate::domain::watch::WatchedContext {
                        label: region.clone(),
                        profile: None,
                        region: Some(region.clone()),
                        endpoint: None,
                    });
                }
            }
            return regions;
        }
        let mut watched = self.settings.watch.clone();
        for entry in &self.watch {
            if !watched.iter().any(|w| w.label == entry.label) {
                watched.push(entry.clone());
            }
        }
        watched
    }
}
