//! A client of one Flink REST API (a self-managed cluster, or a Managed Flink application's dashboard): requests over HTTP or HTTPS with a timeout and a budget, a dashboard's token on every request and nothing but GET through it, answers read into the wire types, error bodies and unreachable clusters as sentences that never hold the token.
use super::wire::{ClusterOverview, ConfigEntry, JobsOverview, TaskManagers};
use crate::aws::quotas::ApiBudget;
use crate::aws::rate_limiter::RateLimiter;
use crate::domain::PortError;
use crate::domain::flink_cluster::ClusterEntry;
use crate::domain::secret::Secret;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde::de::DeserializeOwned;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// A request that has not answered by then is given up (a cluster under load answers in ms).
pub(super) const TIMEOUT: Duration = Duration::from_secs(10);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// A jar upload or a job submission moves megabytes or compiles a plan: they get longer.
const SUBMIT_TIMEOUT: Duration = Duration::from_mins(2);

/// What a request carries.
pub(super) enum Body {
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
pub const CLUSTER_BUDGET: ApiBudget = ApiBudget {
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

/// The connections and the request budget that several clients may share: a Managed Flink
/// dashboard's sessions come and go, its pool and pace stay.
#[derive(Clone)]
pub struct Transport {
    /// Made on the first request, so that start-up never reads the trust store or the entry's
    /// certificates; an error says why there is none (a CA bundle that cannot be read, a client
    /// key that does not fit its certificate).
    client: Arc<OnceLock<Result<HttpClient, String>>>,
    limiter: Arc<RateLimiter>,
    tls: Arc<super::tls::TlsFiles>,
}

type HttpClient = Client<HttpsConnector<HttpConnector>, Full<Bytes>>;

impl Transport {
    pub fn new(budget: ApiBudget) -> Self {
        Self::with_tls(budget, super::tls::TlsFiles::default())
    }

    /// Over HTTPS with `tls`'s CA bundle and client certificate besides the system's store.
    pub fn with_tls(budget: ApiBudget, tls: super::tls::TlsFiles) -> Self {
        Self {
            client: Arc::new(OnceLock::new()),
            limiter: Arc::new(RateLimiter::new(budget)),
            tls: Arc::new(tls),
        }
    }

    fn client(&self) -> Result<&HttpClient, &String> {
        self.client
            .get_or_init(|| {
                super::tls::connector(CONNECT_TIMEOUT, &self.tls)
                    .map(|connector| Client::builder(TokioExecutor::new()).build(connector))
            })
            .as_ref()
    }
}

pub struct FlinkRest {
    /// The cluster's name in kinetic (its `[[flink]]` entry, or the URL's host and port).
    name: String,
    /// `http://host:port` or `https://host/prefix`, without a trailing slash, never with a
    /// token.
    base: String,
    /// Headers sent with every request (a proxy's token).
    headers: Vec<(String, String)>,
    /// A Managed Flink dashboard session's token, sent as the `authToken` query parameter.
    token: Option<Secret>,
    /// The `Authorization` header's value, read from where the entry says (which is said in
    /// sentences, never the value); or why it could not be read.
    authorization: Option<(Result<Secret, String>, String)>,
    /// Why nothing but GET is sent: a read-only way in (a Managed Flink dashboard, an entry
    /// that says so, or a proxy that refused a change).
    read_only: Mutex<Option<String>>,
    transport: Transport,
    calls: AtomicU32,
}

/// Its name and base URL: never its headers or token.
impl std::fmt::Debug for FlinkRest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FlinkRest({} at {})", self.name, self.base)
    }
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
            token: None,
            authorization: None,
            read_only: Mutex::new(None),
            transport: Transport::new(CLUSTER_BUDGET),
            calls: AtomicU32::new(0),
        }
    }

    /// The client of a cluster as its entry describes it: its certificates, its credentials
    /// (read now from the environment or a file), whether it is read-only.
    pub fn for_cluster(entry: &ClusterEntry) -> Self {
        let access = &entry.access;
        let mut rest = Self::named(&entry.name, &entry.url, entry.headers.clone());
        rest.transport = Transport::with_tls(
            CLUSTER_BUDGET,
            super::tls::TlsFiles {
                ca_file: access.ca_file.clone(),
                client_cert: access.client_cert.clone(),
                client_key: access.client_key.clone(),
            },
        );
        rest.authorization = access.auth.as_ref().map(super::credentials::authorization);
        if access.read_only {
            rest.read_only = Mutex::new(Some(format!(
                "its [[flink]] entry says read_only, so kinetic sends {} nothing but GET",
                rest.name
            )));
        }
        rest
    }

    /// The Flink REST API behind a Managed Flink application's dashboard: `base` up to
    /// `/flinkdashboard`, `token` on every request, GET only, over `transport`.
    pub fn dashboard(name: &str, base: &str, token: Secret, transport: &Transport) -> Self {
        Self {
            name: name.to_string(),
            base: base.trim_end_matches('/').to_string(),
            headers: Vec::new(),
            token: Some(token),
            authorization: None,
            read_only: Mutex::new(Some(format!(
                "{name} ({}) is read-only: kinetic sends it nothing but GET",
                base.trim_end_matches('/')
            ))),
            transport: transport.clone(),
            calls: AtomicU32::new(0),
        }
    }

    /// Why changes are not sent to it, when they are not.
    pub fn read_only(&self) -> Option<String> {
        self.read_only
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Who answers, in a sentence: the cluster and its address, or the dashboard.
    fn who(&self) -> String {
        if self.token.is_some() {
            format!("{} ({})", self.name, self.base)
        } else {
            format!("the Flink cluster {} at {}", self.name, self.base)
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

    pub(super) async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, PortError> {
        self.call(hyper::Method::GET, path, Body::Empty).await
    }

    /// POST (a JSON body), PUT or PATCH: the changes of a self-managed job.
    pub(super) async fn send<T: DeserializeOwned>(
        &self,
        method: hyper::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<T, PortError> {
        self.call(method, path, body.map_or(Body::Empty, Body::Json))
            .await
    }

    pub(super) async fn call<T: DeserializeOwned>(
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

    /// `path` as sent: with the session's token when there is one. Only the request sees it.
    fn target(&self, path: &str) -> String {
        match &self.token {
            Some(token) => {
                let joiner = if path.contains('?') { '&' } else { '?' };
                format!("{}{path}{joiner}authToken={}", self.base, token.expose())
            }
            None => format!("{}{path}", self.base),
        }
    }

    /// Text about a request, as shown or logged: whatever the answer echoed, without the token.
    fn scrub(&self, text: String) -> String {
        match &self.token {
            Some(token) => token.scrub(&text),
            None => text,
        }
    }

    pub(super) async fn call_bytes(
        &self,
        method: hyper::Method,
        path: &str,
        body: Body,
    ) -> Result<Bytes, PortError> {
        let api = format!("{method} {path}");
        let change = method != hyper::Method::GET;
        if change && let Some(why) = self.read_only() {
            // Refused here, before any request.
            return Err(PortError::Unavailable {
                what: format!("{api} to {}", self.name),
                why,
            });
        }
        let authorization = match &self.authorization {
            Some((Ok(secret), _)) => Some(secret),
            Some((Err(why), _)) => {
                return Err(PortError::Unavailable {
                    what: format!("the Flink cluster {}", self.name),
                    why: why.clone(),
                });
            }
            None => None,
        };
        self.transport.limiter.acquire().await;
        self.calls.fetch_add(1, Ordering::Relaxed);
        let unreachable = |reason: String| PortError::ClusterUnreachable {
            cluster: self.name.clone(),
            url: self.base.clone(),
            reason: self.scrub(reason),
        };
        let uri: hyper::Uri =
            self.target(path)
                .parse()
                .map_err(
                    |e: hyper::http::uri::InvalidUri| PortError::InvalidArgument {
                        detail: self.scrub(format!("{} is not a Flink REST URL: {e}", self.base)),
                    },
                )?;
        let mut request = hyper::Request::builder().method(method).uri(uri);
        for (name, value) in &self.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        if let Some(secret) = authorization {
            request = request.header(hyper::header::AUTHORIZATION, secret.expose());
        }
        let timeout = match &body {
            Body::Multipart { .. } => SUBMIT_TIMEOUT,
            _ if path.ends_with("/run") => SUBMIT_TIMEOUT,
            Body::Empty | Body::Json(_) => TIMEOUT,
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
                detail: self.scrub(format!("a header for {} is not valid: {e}", self.name)),
            })?;
        let client = self
            .transport
            .client()
            .map_err(|e| unreachable(e.clone()))?;
        let answer = tokio::time::timeout(timeout, client.request(request))
            .await
            .map_err(|_| unreachable(format!("no answer within {} s", timeout.as_secs())))?
            .map_err(|e| unreachable(super::tls::connect_reason(&e)))?;
        let status = answer.status();
        let body = tokio::time::timeout(TIMEOUT, answer.into_body().collect())
            .await
            .map_err(|_| unreachable("the answer stopped half way".to_string()))?
            .map_err(|e| unreachable(e.to_string()))?
            .to_bytes();
        let who = self.who();
        let asked = super::answers::Asked {
            who: &who,
            api: &api,
            path,
            credentials: self.authorization.as_ref().map(|(_, from)| from.as_str()),
            dashboard: self.token.is_some(),
        };
        if change
            && !status.is_success()
            && let Some(why) = super::answers::read_only_proxy(&asked, status)
        {
            // Every later change is refused before it is sent, with this reason.
            *self
                .read_only
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(why.clone());
            return Err(PortError::Unavailable {
                what: format!("{api} to {}", self.name),
                why,
            });
        }
        match super::answers::refusal(&asked, status, &body) {
            None => Ok(body),
            Some(error) => Err(self.scrub_error(error)),
        }
    }

    /// An error sentence's parts without the session's token (an answer may quote the URL).
    fn scrub_error(&self, error: PortError) -> PortError {
        match error {
            PortError::Service { api, detail } => PortError::Service {
                api,
                detail: self.scrub(detail),
            },
            PortError::NotFound { resource } => PortError::NotFound {
                resource: self.scrub(resource),
            },
            other => other,
        }
    }

    /// `GET /jobs/overview`.
    pub async fn jobs(&self) -> Result<JobsOverview, PortError> {
        self.get("/jobs/overview").await
    }

    /// `GET /overview`: the cluster's version and slots.
    pub async fn overview(&self) -> Result<ClusterOverview, PortError> {
        self.get("/overview").await
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
}
