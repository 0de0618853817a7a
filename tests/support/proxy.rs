//! A reverse proxy in front of a real Flink, as production clusters are reached: basic auth
//! (a login page without credentials, 401 with wrong ones), a path prefix (`/flink/prod/`; any
//! other path is the proxy's own HTML 404), and a second prefix (`/flink/readonly/`) that lets
//! GET through and answers every other method 405, as YARN's web proxy does. It counts what it
//! saw.
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::sync::{Arc, Mutex};

pub const USER: &str = "ops";
pub const PASSWORD: &str = "correct-horse";
pub const PREFIX: &str = "/flink/prod";
pub const READ_ONLY_PREFIX: &str = "/flink/readonly";

#[derive(Clone)]
pub struct Proxy {
    pub port: u16,
    /// Every request as `METHOD path`, with the status answered.
    pub seen: Arc<Mutex<Vec<(String, u16)>>>,
}

impl Proxy {
    pub async fn start(flink: &str) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let proxy = Self {
            port,
            seen: seen.clone(),
        };
        let flink = flink.to_string();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (seen, flink) = (seen.clone(), flink.clone());
                tokio::spawn(async move {
                    let service = service_fn(move |request| {
                        let (seen, flink) = (seen.clone(), flink.clone());
                        async move { Ok::<_, hyper::Error>(answer(&seen, &flink, request).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        proxy
    }

    /// The base URL under `prefix`.
    pub fn url(&self, prefix: &str) -> String {
        format!("http://127.0.0.1:{}{prefix}", self.port)
    }

    /// Requests with a method other than GET that reached the proxy.
    pub fn changes_seen(&self) -> usize {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|(r, _)| !r.starts_with("GET "))
            .count()
    }
}

fn page(status: u16, html: &'static str) -> hyper::Response<Full<Bytes>> {
    hyper::Response::builder()
        .status(status)
        .header("Content-Type", "text/html")
        .body(Full::new(Bytes::from_static(html.as_bytes())))
        .unwrap()
}

const LOGIN: &str = "<!DOCTYPE html><html><head><title>Sign in</title></head><body><form method=\"post\"><input name=\"user\"><input type=\"password\" name=\"password\"></form></body></html>";
const NOT_HERE: &str = "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>";

/// `Basic base64(ops:correct-horse)`.
fn expected_authorization() -> String {
    let output = std::process::Command::new("python3")
        .arg("-c")
        .arg(format!(
            "import base64; print('Basic ' + base64.b64encode(b'{USER}:{PASSWORD}').decode())"
        ))
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

async fn answer(
    seen: &Mutex<Vec<(String, u16)>>,
    flink: &str,
    request: hyper::Request<hyper::body::Incoming>,
) -> hyper::Response<Full<Bytes>> {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let query = request.uri().query().map(str::to_string);
    let shown = format!("{method} {path}");
    let authorization = request
        .headers()
        .get(hyper::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let content_type = request.headers().get(hyper::header::CONTENT_TYPE).cloned();
    let body = request.into_body().collect().await.unwrap().to_bytes();
    let reply = |status: u16, response: hyper::Response<Full<Bytes>>| {
        seen.lock().unwrap().push((shown.clone(), status));
        response
    };
    let (rest, read_only) = if let Some(rest) = path.strip_prefix(PREFIX) {
        (rest, false)
    } else if let Some(rest) = path.strip_prefix(READ_ONLY_PREFIX) {
        (rest, true)
    } else {
        return reply(404, page(404, NOT_HERE));
    };
    match authorization {
        None => return reply(200, page(200, LOGIN)),
        Some(given) if given != expected_authorization() => {
            return reply(
                401,
                page(401, "<html><body>401 Authorization Required</body></html>"),
            );
        }
        Some(_) => {}
    }
    if read_only && method != hyper::Method::GET {
        return reply(
            405,
            page(405, "<html><body>405 Method Not Allowed</body></html>"),
        );
    }
    let mut target = format!("{flink}{rest}");
    if let Some(query) = query {
        target = format!("{target}?{query}");
    }
    let mut forwarded = hyper::Request::builder()
        .method(method)
        .uri(target.as_str());
    if let Some(content_type) = content_type {
        forwarded = forwarded.header(hyper::header::CONTENT_TYPE, content_type);
    }
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<Full<Bytes>>();
    let Ok(response) = client
        .request(forwarded.body(Full::new(body)).unwrap())
        .await
    else {
        return reply(502, page(502, "<html><body>502 Bad Gateway</body></html>"));
    };
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    reply(
        status,
        hyper::Response::builder()
            .status(status)
            .header("Content-Type", "application/json")
            .body(Full::new(bytes))
            .unwrap(),
    )
}
