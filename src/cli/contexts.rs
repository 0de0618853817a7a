//! The other contexts the command line's settings reach: another profile or region for `:ctx` and `:region`, the watched contexts and the demo's simulated regions, and the one in view among the watched.
use super::args::Cli;
use super::connect::connect;
use crate::app::model::Context;
use std::sync::Arc;

/// The watched contexts with the one in view among them: first, when no entry names it.
pub fn with_the_one_in_view(
    mut watched: Vec<crate::domain::watch::WatchedContext>,
    context: &Context,
) -> Vec<crate::domain::watch::WatchedContext> {
    let named = watched
        .iter()
        .any(|w| w.is(context.profile.as_deref(), &context.region));
    if !watched.is_empty() && !named {
        let profile = context.profile.as_deref().unwrap_or("default");
        watched.insert(
            0,
            crate::domain::watch::WatchedContext {
                label: format!("{profile}@{}", context.region),
                profile: context.profile.clone(),
                region: Some(context.region.clone()),
                endpoint: context.endpoint.clone(),
            },
        );
    }
    watched
}

/// `:ctx` and `:region` over the command line's settings: the same flags, another profile or
/// region, the SDK's own profile handling (SSO, credential_process, a profile's endpoint_url).
pub struct CliContexts {
    pub cli: Cli,
    pub tx: tokio::sync::mpsc::UnboundedSender<crate::app::Msg>,
}

impl crate::app::effects::Contexts for CliContexts {
    fn profiles(&self) -> Result<Vec<String>, String> {
        let (config, credentials) = self
            .cli
            .profile_files
            .clone()
            .unwrap_or_else(crate::aws::profiles::default_files);
        crate::aws::profiles::names(&config, &credentials)
    }

    fn connect(
        &self,
        profile: Option<String>,
        region: Option<String>,
        fallback_region: String,
    ) -> crate::app::effects::Connecting {
        let mut cli = self.cli.clone();
        let tx = self.tx.clone();
        Box::pin(async move {
            if profile.is_some() {
                cli.profile = profile;
            }
            cli.region = region.clone();
            let account = match connect(&cli, tx.clone()).await {
                // The profile names no region: stay in the one on show.
                Err(e)
                    if region.is_none()
                        && e.0 == crate::aws::config::SessionError::NoRegion.to_string() =>
                {
                    cli.region = Some(fallback_region);
                    connect(&cli, tx.clone()).await
                }
                other => other,
            }
            .map_err(|e| e.0)?;
            let contexts = Arc::new(CliContexts { cli, tx });
            Ok((account.runner.with_contexts(contexts), account.context))
        })
    }

    fn connect_watched(
        &self,
        context: &crate::domain::watch::WatchedContext,
    ) -> crate::app::effects::Connecting {
        let cli = self.watched_cli(context);
        let tx = self.tx.clone();
        Box::pin(async move {
            let account = connect(&cli, tx.clone()).await.map_err(|e| e.0)?;
            let contexts = Arc::new(CliContexts { cli, tx });
            Ok((account.runner.with_contexts(contexts), account.context))
        })
    }
}

impl CliContexts {
    /// The command line's settings for a watched context: its profile, region and endpoint
    /// (None: the profile's own endpoint_url, not the one in view's).
    fn watched_cli(&self, context: &crate::domain::watch::WatchedContext) -> Cli {
        let mut cli = self.cli.clone();
        if cli.demo {
            cli.demo_region.clone_from(&context.region);
            return cli;
        }
        cli.profile.clone_from(&context.profile);
        cli.region.clone_from(&context.region);
        cli.endpoint_url.clone_from(&context.endpoint);
        cli
    }
}
