//! Commands about the console itself rather than an account's resources: older log lines, files
//! written, the clipboard and the browser, other profiles and regions, the demo's drills.
use super::super::command::Command;
use super::super::msg::Msg;
use super::EffectRunner;

impl EffectRunner {
    /// The answer to a console command (`None`: nothing to say back); any other command comes
    /// back untouched.
    pub(super) async fn console_command(&self, command: Command) -> Result<Option<Msg>, Command> {
        Ok(Some(match command {
            Command::OlderLogs {
                session,
                query,
                before,
                minutes,
            } => Msg::OlderLogsLoaded {
                session,
                result: super::super::log_tail::older(
                    self.logs.as_ref(),
                    &query,
                    before,
                    minutes,
                    crate::domain::log_buffer::DEFAULT_CAPACITY,
                )
                .await,
            },
            Command::WriteLogs { path, text } => Msg::LogsWritten {
                result: self
                    .local
                    .write_file(&path, &text)
                    .map(|()| text.lines().count()),
                path,
            },
            Command::WriteTimeline { app, path } => Msg::TimelineWritten {
                result: self.write_timeline(&app, &path).await,
                path,
            },
            Command::CopyToClipboard(text) => {
                self.local.copy_to_clipboard(&text);
                return Ok(None);
            }
            Command::OpenUrl(url) => {
                self.local.open_url(url.expose());
                return Ok(None);
            }
            Command::ListProfiles => Msg::ProfilesListed {
                result: match &self.contexts {
                    Some(contexts) => contexts.profiles(),
                    None => Err("this console cannot switch profiles".into()),
                },
            },
            Command::SwitchContext {
                profile,
                region,
                fallback_region,
            } => Msg::ContextSwitched {
                result: self.switch(profile, region, fallback_region).await,
            },
            Command::SwitchToWatched { context } => Msg::ContextSwitched {
                result: self.switch_to_watched(&context).await,
            },
            Command::ReadWatched { context } => Msg::WatchedRead {
                result: self.read_watched(&context).await,
                label: context.label,
                at: (self.clock)(),
            },
            Command::SimDrill(drill) => {
                if let Some(demo) = &self.demo {
                    demo.drill(&drill);
                }
                return Ok(None);
            }
            Command::SimThrottling(on) => {
                if let Some(demo) = &self.demo {
                    demo.set_throttling(on);
                }
                return Ok(None);
            }
            other => return Err(other),
        }))
    }

    /// Gathers, renders and writes the incident timeline of `app`; the number of rows written.
    async fn write_timeline(&self, app: &str, path: &std::path::Path) -> Result<usize, String> {
        let (text, rows) = super::reads::timeline(
            self.flink.as_ref(),
            self.auditor.as_ref().map(|a| &a.log),
            app,
            (self.clock)(),
        )
        .await?;
        self.local.write_file(path, &text)?;
        Ok(rows)
    }

    /// Builds the runner of a watched context; swapped in as `switch`'s is.
    async fn switch_to_watched(
        &self,
        context: &crate::domain::watch::WatchedContext,
    ) -> Result<super::super::context::Context, String> {
        let Some(contexts) = &self.contexts else {
            return Err("this console cannot switch contexts".into());
        };
        let (runner, context) = contexts.connect_watched(context).await?;
        *self
            .switched
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(runner);
        Ok(context)
    }

    /// Builds the runner of another profile or region; it is swapped in once the console has
    /// the answer (`take_switched`).
    async fn switch(
        &self,
        profile: Option<String>,
        region: Option<String>,
        fallback_region: String,
    ) -> Result<super::super::context::Context, String> {
        let Some(contexts) = &self.contexts else {
            return Err("this console cannot switch profiles".into());
        };
        let (runner, context) = contexts.connect(profile, region, fallback_region).await?;
        *self
            .switched
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(runner);
        Ok(context)
    }
}
