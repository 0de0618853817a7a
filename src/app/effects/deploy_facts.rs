//! What a self-managed job's deployment is planned from: the cluster's facts and the local jar named, and for a new job its name first.
use super::EffectRunner;
use crate::domain::PortError;
use crate::domain::deployment::DeployFacts;
use crate::domain::flink_cluster::SEPARATOR;
use crate::ops::job_deploy_plan::{DeployChoice, JobIntent, LocalJar, is_local};

type Facts = Result<Box<(DeployFacts, Option<LocalJar>)>, PortError>;

impl EffectRunner {
    /// The facts of `app`'s cluster and the local jar `intent` names, if any.
    pub(super) async fn deploy_facts(&self, app: &str, intent: &JobIntent) -> Facts {
        let local = match intent.local_jar() {
            Some(path) => {
                let size = tokio::fs::metadata(&path)
                    .await
                    .map_err(|e| format!("cannot read the jar {}: {e}", path.display()))
                    .and_then(|m| {
                        if m.is_file() {
                            Ok(m.len())
                        } else {
                            Err(format!("{} is not a file", path.display()))
                        }
                    });
                Some(LocalJar { path, size })
            }
            None => None,
        };
        let clusters = self
            .cluster_ops
            .as_deref()
            .ok_or_else(|| PortError::Unavailable {
                what: format!("deploying {app}"),
                why: "no Flink cluster was given".into(),
            })?;
        clusters
            .deploy_facts(app)
            .await
            .map(|facts| Box::new((facts, local)))
    }

    /// A new job on `cluster`: its name, as `--name` gives it or as the program of a jar on
    /// the cluster names it, then the facts as for a job of that name; the app it is planned
    /// for comes back with them.
    pub(super) async fn new_job_facts(
        &self,
        cluster: &str,
        choice: &DeployChoice,
    ) -> (String, Facts) {
        let unnamed = format!("the new job on {cluster}");
        let named = match (&choice.name, self.cluster_ops.as_deref()) {
            (Some(name), _) => Ok(name.clone()),
            (None, _) if is_local(&choice.jar) => Err(PortError::InvalidArgument {
                detail: format!(
                    "the name of the job in {} is known only once the jar is on the cluster: give it with --name JOB, as its program names it (kinetic checks it after the upload, before anything runs)",
                    choice.jar
                ),
            }),
            (None, Some(clusters)) => {
                clusters
                    .job_name_in_jar(
                        cluster,
                        &choice.jar,
                        choice.entry_class.as_deref(),
                        choice.args.as_deref().unwrap_or_default(),
                    )
                    .await
            }
            (None, None) => Err(PortError::Unavailable {
                what: unnamed.clone(),
                why: "no Flink cluster was given".into(),
            }),
        };
        match named {
            Ok(name) => {
                let app = format!("{name}{SEPARATOR}{cluster}");
                let facts = self
                    .deploy_facts(&app, &JobIntent::Deploy(choice.clone()))
                    .await;
                (app, facts)
            }
            Err(error) => (unnamed, Err(error)),
        }
    }
}
