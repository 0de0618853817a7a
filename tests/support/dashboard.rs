//! A local stand-in for a Managed Flink application's dashboard in front of a real Flink: it
//! serves the shape of CreateApplicationPresignedUrl's URL (`/flinkdashboard/...?authToken=…`),
//! checks the token on every request, answers an expired or unknown one with 403 and every
//! method but GET with 405, and forwards the rest to a real Flink session cluster, where its
//! application's one job is the only one listed (as on Managed Flink). It records what it saw.
//! Beside it, the presigned URL itself from aws-smithy-mocks, through the real AWS adapter.
use aws_sdk_kinesisanalyticsv2::operation::create_application_presigned_url::CreateApplicationPresignedUrlOutput;
use aws_smithy_mocks::{Rule, RuleMode, mock, mock_client};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

/// What the stand-in saw.
#[derive(Default)]
pub struct Seen {
    /// Tokens issued, valid or not: none may appear on screen or in a log.
    pub issued: Vec<String>,
    valid: HashSet<String>,
    /// Every request as `METHOD path` without its token, with the status answered.
    pub requests: Vec<(String, u16)>,
}

#[derive(Clone)]
pub struct DashboardStandIn {
    pub port: u16,
    pub seen: Arc<Mutex<Seen>>,
}

impl DashboardStandIn {
    /// In front of the cluster at `flink` (`http://127.0.0.1:PORT`), for the application whose
    /// job is `job`.
    pub async fn start(flink: &str, job: &str) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Seen::default()));
        let stand_in = Self {
            port,
            seen: seen.clone(),
        };
        let (flink, job) = (flink.to_string(), job.to_string());
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (seen, flink, job) = (seen.clone(), flink.clone(), job.clone());
                tokio::spawn(async move {
                    let service = service_fn(move |request| {
                        let (seen, flink, job) = (seen.clone(), flink.clone(), job.clone());
                        async move { Ok::<_, hyper::Error>(answer(&seen, &flink, &job, request).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        stand_in
    }

    /// A new session's token, as AWS hands one out with a presigned URL.
    pub fn issue(&self) -> String {
        let mut seen = self.seen.lock().unwrap();
        let token = format!("tok-{}-{:08x}", seen.issued.len() + 1, rand_suffix());
        seen.issued.push(token.clone());
        seen.valid.insert(token.clone());
        token
    }

    /// Every session ends: their next request is answered 403.
    pub fn expire_all(&self) {
        self.seen.lock().unwrap().valid.clear();
    }

    /// The presigned URL the stand-in serves for `token`.
    pub fn url(&self, token: &str) -> String {
        format!(
            "http://127.0.0.1:{}/flinkdashboard/#/overview?authToken={token}",
            self.port
        )
    }

    pub fn tokens(&self) -> Vec<String> {
        self.seen.lock().unwrap().issued.clone()
    }

    pub fn requests(&self) -> Vec<(String, u16)> {
        self.seen.lock().unwrap().requests.clone()
    }

    /// Requests with a method other than GET that reached the stand-in.
    pub fn not_get(&self) -> usize {
        self.requests()
            .iter()
            .filter(|(r, _)| !r.starts_with("GET "))
            .count()
    }

    /// `text` holds none of the tokens this stand-in issued.
    pub fn assert_no_token_in(&self, what: &str, text: &str) {
        for token in self.tokens() {
            assert!(
                !text.contains(&token),
                "the token {token} appears in {what}:\n{text}"
            );
        }
    }
}

fn rand_suffix() -> u32 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos()
}

async fn answer(
    seen: &Mutex<Seen>,
    flink: &str,
    job: &str,
    request: hyper::Request<hyper::body::Incoming>,
) -> hyper::Response<Full<Bytes>> {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let query = request.uri().query().unwrap_or_default().to_string();
    let token = query
        .split('&')
        .find_map(|p| p.strip_prefix("authToken="))
        .unwrap_or_default()
        .to_string();
    let rest_query: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("authToken="))
        .collect();
    let shown = format!("{method} {path}");
    let respond = |status: u16, body: Bytes| {
        seen.lock().unwrap().requests.push((shown.clone(), status));
        hyper::Response::builder()
            .status(status)
            .header("Content-Type", "application/json")
            .body(Full::new(body))
            .unwrap()
    };
    if !seen.lock().unwrap().valid.contains(&token) {
        return respond(403, Bytes::from_static(b"{\"message\":\"Forbidden\"}"));
    }
    if method != hyper::Method::GET {
        return respond(
            405,
            Bytes::from_static(b"{\"message\":\"Method Not Allowed\"}"),
        );
    }
    let Some(rest_path) = path.strip_prefix("/flinkdashboard") else {
        return respond(404, Bytes::from_static(b"{\"message\":\"Not Found\"}"));
    };
    let mut target = format!("{flink}{rest_path}");
    if !rest_query.is_empty() {
        target = format!("{target}?{}", rest_query.join("&"));
    }
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<Full<Bytes>>();
    let forwarded = hyper::Request::get(target.as_str())
        .body(Full::new(Bytes::new()))
        .unwrap();
    let Ok(reply) = client.request(forwarded).await else {
        return respond(502, Bytes::from_static(b"{\"errors\":[\"no Flink\"]}"));
    };
    let status = reply.status().as_u16();
    let mut body = reply.into_body().collect().await.unwrap().to_bytes();
    if rest_path == "/jobs" && status == 200 {
        // The application's cluster runs its one job.
        let mut jobs: serde_json::Value = serde_json::from_slice(&body).unwrap();
        if let Some(list) = jobs["jobs"].as_array_mut() {
            list.retain(|j| j["id"] == job);
        }
        body = Bytes::from(jobs.to_string());
    }
    respond(status, body)
}

/// A kinesisanalyticsv2 client whose CreateApplicationPresignedUrl answers for `app` with a
/// new session of `stand_in`; the rule counts the URLs asked. Other calls are not served.
pub fn presigning_client(
    apps: &[(&str, &DashboardStandIn)],
) -> (aws_sdk_kinesisanalyticsv2::Client, Vec<Rule>) {
    let rules: Vec<Rule> = apps
        .iter()
        .map(|(app, stand_in)| {
            let (app, stand_in) = (app.to_string(), (*stand_in).clone());
            mock!(aws_sdk_kinesisanalyticsv2::Client::create_application_presigned_url)
                .match_requests(move |r| r.application_name() == Some(app.as_str()))
                .then_output(move || {
                    let token = stand_in.issue();
                    CreateApplicationPresignedUrlOutput::builder()
                        .authorized_url(stand_in.url(&token))
                        .build()
                })
        })
        .collect();
    let refs: Vec<&Rule> = rules.iter().collect();
    let client = mock_client!(aws_sdk_kinesisanalyticsv2, RuleMode::MatchAny, &refs);
    (client, rules)
}

/// The simulated account's applications, their Flink dashboards' URLs asked of AWS's adapter
/// (over `presigned`, aws-smithy-mocks): the console's Job tab of a Managed Flink application
/// then reads a real Flink through a stand-in.
pub struct SimWithDashboards {
    pub sim: kinetic::sim::SimAccount,
    pub presigned: kinetic::aws::AwsFlink,
}

#[async_trait::async_trait]
impl kinetic::ports::FlinkPort for SimWithDashboards {
    async fn list_applications(
        &self,
    ) -> Result<Vec<kinetic::domain::AppSummary>, kinetic::domain::PortError> {
        self.sim.list_applications().await
    }
    async fn describe_application(
        &self,
        app: &str,
    ) -> Result<kinetic::domain::AppDetail, kinetic::domain::PortError> {
        self.sim.describe_application(app).await
    }
    async fn list_versions(
        &self,
        app: &str,
    ) -> Result<Vec<kinetic::domain::VersionSummary>, kinetic::domain::PortError> {
        self.sim.list_versions(app).await
    }
    async fn describe_version(
        &self,
        app: &str,
        version: i64,
    ) -> Result<kinetic::domain::AppDetail, kinetic::domain::PortError> {
        self.sim.describe_version(app, version).await
    }
    async fn list_snapshots(
        &self,
        app: &str,
    ) -> Result<Vec<kinetic::domain::Snapshot>, kinetic::domain::PortError> {
        self.sim.list_snapshots(app).await
    }
    async fn list_operations(
        &self,
        app: &str,
    ) -> Result<Vec<kinetic::domain::OperationSummary>, kinetic::domain::PortError> {
        self.sim.list_operations(app).await
    }
    async fn describe_operation(
        &self,
        app: &str,
        id: &str,
    ) -> Result<kinetic::domain::OperationDetail, kinetic::domain::PortError> {
        self.sim.describe_operation(app, id).await
    }
    async fn describe_snapshot(
        &self,
        app: &str,
        name: &str,
    ) -> Result<kinetic::domain::Snapshot, kinetic::domain::PortError> {
        self.sim.describe_snapshot(app, name).await
    }
    async fn dashboard_url(
        &self,
        app: &str,
    ) -> Result<kinetic::domain::secret::PresignedUrl, kinetic::domain::PortError> {
        self.presigned.dashboard_url(app).await
    }
}
