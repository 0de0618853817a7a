//! A small read client for one Flink cluster's REST API: GET with a timeout, JSON answers read into the wire types, error bodies and unreachable clusters as sentences.
use super::wire::{
    AggregatedMetric, CheckpointConfig, CheckpointDetail, CheckpointSubtasks, Checkpoints,
    ClusterOverview, ConfigEntry, ErrorBody, Exceptions, Jars, JobDetail, JobsOverview,
    MetricValue, SavepointAnswer, Started, TaskManagers, Triggered, Uploaded, VERTEX_METRICS,
    VertexMetrics, WATERMARK_METRIC,
};
use crate::aws::quotas::ApiBudget;
use crate::aws::rate_limiter::RateLimiter;
use crate::domain::PortError;
use crate::domain::job_graph::{JobGraph, bottleneck};
use crate::domain::job_view::SavepointStatus;
use crate::domain::job_view::{
    CheckpointRun, CheckpointSettings, JobException, JobSource, JobView, SlowestPart, TaskManager,
};
use crate::domain::time::from_epoch_millis;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// A request that has not answered by then is given up (a cluster under load answers in ms).
const TIMEOUT: Duration = Duration::from_secs(10);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// A jar upload or a job submission moves megabytes or compiles a plan: they get longer.
const SUBMIT_TIMEOUT: Duration = Duration::from_mins(2);

/// What a request carries.
enum Body {
    Empty,
    Json(serde_json::Value),
    /// A `multipart/form-data` body and its boundary.
    Multipart {
        boundary: String,
        bytes: Bytes,
    },
}
/// What kinetic sends one cluster at most: its REST endpoint serves the web UI too, which
/// polls every few seconds; a job view of 50 operators takes about 60 calls.
const BUDGET: ApiBudget = ApiBudget {
    api: "Flink REST",
    quota_tps: 100.0,
    rate_per_sec: 40.0,
    burst: 80,
};

/// The client of the cluster named `name`, or why there is none.
pub fn find_cluster<'a>(
    clusters: &'a [Arc<FlinkRest>],
    name: &str,
) -> Result<&'a FlinkRest, PortError> {
    clusters
        .iter()
        .find(|c| c.name() == name)
        .map(AsRef::as_ref)
        .ok_or_else(|| PortError::NotFound {
            resource: format!("Flink cluster {name} (not given with --flink-rest or [[flink]])"),
        })
}

/// The job manager's configuration as kinetic's changes read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterSettings {
    /// `state.savepoints.dir`, when set.
    pub savepoint_dir: Option<String>,
    /// `jobmanager.scheduler: adaptive`: a job is rescaled in place when its resource
    /// requirements change.
    pub adaptive: bool,
}

/// What `/jars/:id/run` is asked to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JarRun {
    pub entry_class: Option<String>,
    pub args: Vec<String>,
    pub parallelism: u32,
    pub savepoint: Option<String>,
    pub allow_non_restored_state: bool,
}

pub struct FlinkRest {
    /// The cluster's name in kinetic (its `[[flink]]` entry, or the URL's host and port).
    name: String,
    /// `http://host:port`, without a trailing slash.
    base: String,
    /// Headers sent with every request (a proxy's token).
    headers: Vec<(String, String)>,
    client: Client<HttpConnector, Full<Bytes>>,
    limiter: Arc<RateLimiter>,
    calls: AtomicU32,
}

impl FlinkRest {
    pub fn new(base: &str) -> Self {
        let base = base.trim_end_matches('/').to_string();
        let name = base
            .split("://")
            .nth(1)
            .unwrap_or(&base)
            .trim_end_matches('/')
            .to_string();
        Self::named(&name, &base, Vec::new())
    }

    pub fn named(name: &str, base: &str, headers: Vec<(String, String)>) -> Self {
        Self {
            name: name.to_string(),
            base: base.trim_end_matches('/').to_string(),
            headers,
            client: Client::builder(TokioExecutor::new()).build(connector()),
            limiter: Arc::new(RateLimiter::new(BUDGET)),
            calls: AtomicU32::new(0),
        }
    }

    pub fn url(&self) -> &str {
        &self.base
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Requests sent so far.
    pub fn calls(&self) -> u32 {
        self.calls.load(Ordering::Relaxed)
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, PortError> {
        self.call(hyper::Method::GET, path, Body::Empty).await
    }

    /// POST (a JSON body) or PATCH: the changes of a self-managed job.
    async fn send<T: DeserializeOwned>(
        &self,
        method: hyper::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<T, PortError> {
        self.call(method, path, body.map_or(Body::Empty, Body::Json))
            .await
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: hyper::Method,
        path: &str,
        body: Body,
    ) -> Result<T, PortError> {
        let api = format!("{method} {path}");
        let bytes = self.call_bytes(method, path, body).await?;
        // PATCH answers 202 with an empty body.
        let bytes = if bytes.is_empty() {
            &b"null"[..]
        } else {
            &bytes[..]
        };
        serde_json::from_slice(bytes).map_err(|e| PortError::NotUnderstood {
            api,
            detail: format!("not Flink's answer: {e}"),
        })
    }

    /// `GET /jobmanager/log` (`stream` "jobmanager") or a task manager's `/taskmanagers/:id/log`:
    /// the whole file, as text.
    pub async fn log(&self, stream: &str) -> Result<String, PortError> {
        let path = if stream == "jobmanager" {
            "/jobmanager/log".to_string()
        } else {
            format!("/taskmanagers/{stream}/log")
        };
        let bytes = self
            .call_bytes(hyper::Method::GET, &path, Body::Empty)
            .await?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// The task managers' ids (`GET /taskmanagers`).
    pub async fn task_manager_ids(&self) -> Result<Vec<String>, PortError> {
        let list: TaskManagers = self.get("/taskmanagers").await?;
        Ok(list.taskmanagers.into_iter().map(|t| t.id).collect())
    }

    async fn call_bytes(
        &self,
        method: hyper::Method,
        path: &str,
        body: Body,
    ) -> Result<Bytes, PortError> {
        self.limiter.acquire().await;
        self.calls.fetch_add(1, Ordering::Relaxed);
        let unreachable = |reason: String| PortError::ClusterUnreachable {
            cluster: self.name.clone(),
            url: self.base.clone(),
            reason,
        };
        let uri: hyper::Uri =
            format!("{}{path}", self.base)
                .parse()
                .map_err(
                    |e: hyper::http::uri::InvalidUri| PortError::InvalidArgument {
                        detail: format!("{} is not a Flink REST URL: {e}", self.base),
                    },
                )?;
        let api = format!("{method} {path}");
        let mut request = hyper::Request::builder().method(method).uri(uri);
        for (name, value) in &self.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let timeout = match &body {
            Body::Empty | Body::Json(_) => TIMEOUT,
            Body::Multipart { .. } => SUBMIT_TIMEOUT,
        };
        let timeout = if path.ends_with("/run") {
            SUBMIT_TIMEOUT
        } else {
            timeout
        };
        let bytes = match body {
            Body::Json(json) => {
                request = request.header("Content-Type", "application/json");
                Bytes::from(json.to_string())
            }
            Body::Multipart { boundary, bytes } => {
                request = request.header(
                    "Content-Type",
                    format!("multipart/form-data; boundary={boundary}"),
                );
                bytes
            }
            Body::Empty => Bytes::new(),
        };
        let request = request
            .body(Full::new(bytes))
            .map_err(|e| PortError::InvalidArgument {
                detail: format!("a header for {} is not valid: {e}", self.name),
            })?;
        let answer = tokio::time::timeout(timeout, self.client.request(request))
            .await
            .map_err(|_| unreachable(format!("no answer within {} s", timeout.as_secs())))?
            .map_err(|e| unreachable(connect_reason(&e)))?;
        let status = answer.status();
        let body = tokio::time::timeout(TIMEOUT, answer.into_body().collect())
            .await
            .map_err(|_| unreachable("the answer stopped half way".to_string()))?
            .map_err(|e| unreachable(e.to_string()))?
            .to_bytes();
        if !status.is_success() {
            let detail = serde_json::from_slice::<ErrorBody>(&body)
                .map_or_else(|_| format!("HTTP {status}"), |e| e.sentence());
            return Err(if status == hyper::StatusCode::NOT_FOUND {
                PortError::NotFound {
                    resource: format!("{path} on {}: {detail}", self.base),
                }
            } else {
                PortError::Service { api, detail }
            });
        }
        Ok(body)
    }

    /// `GET /jobs/overview`.
    pub async fn jobs(&self) -> Result<JobsOverview, PortError> {
        self.get("/jobs/overview").await
    }

    /// `GET /jobs/:id`.
    pub async fn job(&self, job: &str) -> Result<JobDetail, PortError> {
        self.get(&format!("/jobs/{job}")).await
    }

    /// `GET /jobs/:id/exceptions`.
    pub async fn exceptions(&self, job: &str) -> Result<Exceptions, PortError> {
        self.get(&format!("/jobs/{job}/exceptions")).await
    }

    /// `GET /jobs/:id/checkpoints`.
    pub async fn checkpoints(&self, job: &str) -> Result<Checkpoints, PortError> {
        self.get(&format!("/jobs/{job}/checkpoints")).await
    }

    /// `GET /jobs/:id/checkpoints/config`.
    pub async fn checkpoint_config(&self, job: &str) -> Result<CheckpointConfig, PortError> {
        self.get(&format!("/jobs/{job}/checkpoints/config")).await
    }

    /// `GET /overview`: the cluster's version and slots.
    pub async fn overview(&self) -> Result<ClusterOverview, PortError> {
        self.get("/overview").await
    }

    /// The job's operators with their metrics over the subtasks: one call for the job and one
    /// a vertex.
    pub async fn job_graph(&self, job: &str) -> Result<JobGraph, PortError> {
        let detail = self.job(job).await?;
        self.graph_of(&detail).await
    }

    async fn graph_of(&self, detail: &JobDetail) -> Result<JobGraph, PortError> {
        let job = &detail.jid;
        let sources: Vec<&str> = detail
            .plan
            .nodes
            .iter()
            .filter(|n| n.inputs.is_empty())
            .map(|n| n.id.as_str())
            .collect();
        let mut metrics = HashMap::new();
        for vertex in &detail.vertices {
            let asked = if sources.contains(&vertex.id.as_str()) {
                VERTEX_METRICS.to_string()
            } else {
                format!("{VERTEX_METRICS},{WATERMARK_METRIC}")
            };
            let path = format!(
                "/jobs/{job}/vertices/{}/subtasks/metrics?get={asked}&agg=max,min,sum",
                vertex.id
            );
            let answer: Vec<AggregatedMetric> = self.get(&path).await?;
            metrics.insert(vertex.id.clone(), VertexMetrics::read(&answer));
        }
        let mut graph = detail.graph(&metrics);
        // The bottleneck's busiest subtask: one more call, for that operator only.
        if let Some(found) = bottleneck(&graph)
            && let Some(operator) = graph.operators.get_mut(found.operator)
            && operator.parallelism > 1
        {
            let asked: Vec<String> = (0..operator.parallelism)
                .map(|i| format!("{i}.busyTimeMsPerSecond"))
                .collect();
            let path = format!(
                "/jobs/{job}/vertices/{}/metrics?get={}",
                operator.id,
                asked.join(",")
            );
            let values: Vec<MetricValue> = self.get(&path).await?;
            operator.worst_subtask = values
                .iter()
                .filter_map(|v| {
                    let subtask = v.id.split('.').next()?.parse::<u32>().ok()?;
                    Some((subtask, v.value.parse::<f64>().ok()?))
                })
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(subtask, _)| subtask);
        }
        Ok(graph)
    }

    /// Everything the Job tab shows: the job and its operators, checkpoints (history,
    /// configuration, the slowest part of the latest), exceptions and task managers.
    pub async fn job_view(&self, job: &str) -> Result<JobView, PortError> {
        let before = self.calls();
        let detail = self.job(job).await?;
        let graph = self.graph_of(&detail).await?;
        let checkpoints = self.checkpoints(job).await?;
        let settings = self.checkpoint_config(job).await.ok();
        let slowest = self.slowest_part(&detail, &checkpoints).await;
        let exceptions = self.exceptions(job).await?;
        let task_managers = self.task_managers().await?;
        let restored = checkpoints
            .latest
            .as_ref()
            .and_then(|l| l.restored.as_ref())
            .map(|r| r.id);
        Ok(JobView {
            source: JobSource::Rest {
                cluster: self.name.clone(),
                url: self.base.clone(),
            },
            job_id: detail.jid.clone(),
            name: detail.name.clone(),
            state: detail.state.clone(),
            all_running: detail.all_tasks_running(),
            graph,
            checkpoints: checkpoints
                .history
                .iter()
                .map(|c| CheckpointRun {
                    id: c.id,
                    status: c.status.clone(),
                    savepoint: c.is_savepoint,
                    triggered: from_epoch_millis(c.trigger_timestamp),
                    duration_ms: c.end_to_end_duration,
                    size_bytes: c.checkpointed_size,
                    restored: restored == Some(c.id),
                })
                .collect(),
            checkpoint_settings: settings.map(|c| CheckpointSettings {
                interval_ms: c.interval,
                timeout_ms: c.timeout,
                unaligned: c.unaligned_checkpoints,
                tolerable_failures: c.tolerable_failed_checkpoints,
                mode: c.mode,
            }),
            slowest,
            exceptions: exceptions
                .history
                .entries
                .iter()
                .map(|e| JobException {
                    at: from_epoch_millis(e.timestamp),
                    root_cause: e.root_cause(),
                    name: e.name.clone(),
                    task: e.task.clone(),
                    host: e.endpoint.clone(),
                    stack: e.stacktrace.clone(),
                })
                .collect(),
            task_managers,
            calls: self.calls() - before,
        })
    }

    /// The operator, and its subtask, that took longest in the newest completed checkpoint.
    async fn slowest_part(
        &self,
        job: &JobDetail,
        checkpoints: &Checkpoints,
    ) -> Option<SlowestPart> {
        let newest = checkpoints
            .history
            .iter()
            .find(|c| c.status == "COMPLETED")?;
        self.slowest_of(job, newest.id).await.ok()
    }

    /// The operator, and its subtask, that took longest in checkpoint `checkpoint` (two calls).
    pub async fn slowest_of(
        &self,
        job: &JobDetail,
        checkpoint: u64,
    ) -> Result<SlowestPart, PortError> {
        let jid = &job.jid;
        let detail: CheckpointDetail = self
            .get(&format!("/jobs/{jid}/checkpoints/details/{checkpoint}"))
            .await?;
        let (vertex, task) = detail
            .tasks
            .iter()
            .max_by_key(|(_, t)| t.end_to_end_duration)
            .ok_or_else(|| PortError::NotFound {
                resource: format!("the operators of checkpoint {checkpoint} of job {jid}"),
            })?;
        let operator = job
            .vertices
            .iter()
            .find(|v| &v.id == vertex)
            .map_or_else(|| vertex.clone(), |v| v.name.clone());
        let subtasks: Option<CheckpointSubtasks> = self
            .get(&format!(
                "/jobs/{jid}/checkpoints/details/{}/subtasks/{vertex}",
                detail.id
            ))
            .await
            .ok();
        let subtask = subtasks.and_then(|s| {
            s.subtasks
                .iter()
                .filter_map(|t| Some((t.index, t.end_to_end_duration?)))
                .max_by_key(|(_, ms)| *ms)
        });
        Ok(SlowestPart {
            checkpoint: detail.id,
            operator,
            duration_ms: task.end_to_end_duration,
            subtask,
        })
    }

    /// What kinetic's changes need of the job manager's configuration, in one request.
    pub async fn settings(&self) -> Result<ClusterSettings, PortError> {
        let config: Vec<ConfigEntry> = self.get("/jobmanager/config").await?;
        let value = |key: &str| {
            config
                .iter()
                .find(|e| e.key == key)
                .map(|e| e.value.clone())
        };
        Ok(ClusterSettings {
            savepoint_dir: value("state.savepoints.dir"),
            adaptive: value("jobmanager.scheduler")
                .is_some_and(|s| s.eq_ignore_ascii_case("adaptive")),
        })
    }

    /// The cluster's savepoint directory (`state.savepoints.dir`), when it has one.
    pub async fn savepoint_dir(&self) -> Result<Option<String>, PortError> {
        Ok(self.settings().await?.savepoint_dir)
    }

    /// `PUT /jobs/:id/resource-requirements` with every operator's upper bound at
    /// `parallelism` (its lower bound 1), from the requirements read just before.
    pub async fn set_parallelism(&self, job: &str, parallelism: u32) -> Result<(), PortError> {
        let path = format!("/jobs/{job}/resource-requirements");
        let current: serde_json::Map<String, serde_json::Value> = self.get(&path).await?;
        let wanted: serde_json::Map<String, serde_json::Value> = current
            .keys()
            .map(|vertex| {
                (
                    vertex.clone(),
                    serde_json::json!({
                        "parallelism": { "lowerBound": 1, "upperBound": parallelism }
                    }),
                )
            })
            .collect();
        let _: serde_json::Value = self
            .send(
                hyper::Method::PUT,
                &path,
                Some(serde_json::Value::Object(wanted)),
            )
            .await?;
        Ok(())
    }

    /// `POST /jobs/:id/savepoints` into `directory`: the trigger id to follow.
    pub async fn trigger_savepoint(&self, job: &str, directory: &str) -> Result<String, PortError> {
        let body = serde_json::json!({ "target-directory": directory, "cancel-job": false });
        let answer: Triggered = self
            .send(
                hyper::Method::POST,
                &format!("/jobs/{job}/savepoints"),
                Some(body),
            )
            .await?;
        Ok(answer.request_id)
    }

    /// `POST /jobs/:id/stop`: a savepoint into `directory`, then the job FINISHED (`drain`
    /// first flushes event time to the end, firing every timer and window).
    pub async fn stop_with_savepoint(
        &self,
        job: &str,
        directory: &str,
        drain: bool,
    ) -> Result<String, PortError> {
        let body = serde_json::json!({ "targetDirectory": directory, "drain": drain });
        let answer: Triggered = self
            .send(
                hyper::Method::POST,
                &format!("/jobs/{job}/stop"),
                Some(body),
            )
            .await?;
        Ok(answer.request_id)
    }

    /// `PATCH /jobs/:id?mode=cancel`.
    pub async fn cancel(&self, job: &str) -> Result<(), PortError> {
        let _: serde_json::Value = self
            .send(
                hyper::Method::PATCH,
                &format!("/jobs/{job}?mode=cancel"),
                None,
            )
            .await?;
        Ok(())
    }

    /// `GET /jobs/:id/savepoints/:trigger`: in progress, or its location, or why it failed.
    pub async fn savepoint_status(
        &self,
        job: &str,
        trigger: &str,
    ) -> Result<SavepointStatus, PortError> {
        let answer: SavepointAnswer = self
            .get(&format!("/jobs/{job}/savepoints/{trigger}"))
            .await?;
        Ok(answer.status())
    }

    /// `GET /jars`: the jars uploaded to the cluster, newest first.
    pub async fn jars(&self) -> Result<Jars, PortError> {
        let mut jars: Jars = self.get("/jars").await?;
        jars.files.sort_by_key(|j| std::cmp::Reverse(j.uploaded));
        Ok(jars)
    }

    /// `POST /jars/upload` of a jar's bytes under `file_name`: the jar's id on the cluster.
    pub async fn upload_jar(&self, file_name: &str, jar: Vec<u8>) -> Result<String, PortError> {
        let boundary = format!("kinetic-{:016x}", jar.len() as u64 ^ 0x6b69_6e65_7469_63ff);
        let mut bytes = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"{file_name}\"\r\nContent-Type: application/x-java-archive\r\n\r\n"
        )
        .into_bytes();
        bytes.extend_from_slice(&jar);
        bytes.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let answer: Uploaded = self
            .call(
                hyper::Method::POST,
                "/jars/upload",
                Body::Multipart {
                    boundary,
                    bytes: Bytes::from(bytes),
                },
            )
            .await?;
        Ok(answer
            .filename
            .rsplit('/')
            .next()
            .unwrap_or(&answer.filename)
            .to_string())
    }

    /// `POST /jars/:id/run`: the new job's id.
    pub async fn run_jar(&self, jar_id: &str, run: &JarRun) -> Result<String, PortError> {
        let mut body = serde_json::json!({
            "programArgsList": run.args,
            "parallelism": run.parallelism,
            "allowNonRestoredState": run.allow_non_restored_state,
        });
        if let Some(class) = &run.entry_class {
            body["entryClass"] = serde_json::json!(class);
        }
        if let Some(savepoint) = &run.savepoint {
            body["savepointPath"] = serde_json::json!(savepoint);
        }
        let answer: Started = self
            .send(
                hyper::Method::POST,
                &format!("/jars/{jar_id}/run"),
                Some(body),
            )
            .await?;
        Ok(answer.jobid)
    }

    /// `GET /taskmanagers`, and each one's heap.
    pub async fn task_managers(&self) -> Result<Vec<TaskManager>, PortError> {
        let list: TaskManagers = self.get("/taskmanagers").await?;
        let mut found = Vec::new();
        for tm in list.taskmanagers {
            let heap: Vec<MetricValue> = self
                .get(&format!(
                    "/taskmanagers/{}/metrics?get=Status.JVM.Memory.Heap.Used,Status.JVM.Memory.Heap.Max",
                    tm.id
                ))
                .await
                .unwrap_or_default();
            let value = |id: &str| {
                heap.iter()
                    .find(|m| m.id == id)
                    .and_then(|m| m.value.parse::<u64>().ok())
            };
            found.push(TaskManager {
                slots_total: tm.slots,
                slots_free: tm.free_slots,
                heap_used: value("Status.JVM.Memory.Heap.Used"),
                heap_max: value("Status.JVM.Memory.Heap.Max"),
                id: tm.id,
            });
        }
        Ok(found)
    }
}

/// A cluster that does not take the connection within 3 s is not there: the listing of the
/// applications beside it must not wait on it for longer.
fn connector() -> HttpConnector {
    let mut connector = HttpConnector::new();
    connector.set_connect_timeout(Some(CONNECT_TIMEOUT));
    connector
}

/// Why a connection failed, in words: the error's chain without its `Debug` form.
fn connect_reason(error: &hyper_util::client::legacy::Error) -> String {
    let mut reason = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        reason = cause.to_string();
        source = cause.source();
    }
    if reason.contains("Connection refused") {
        "connection refused".to_string()
    } else {
        reason
    }
}
