//! A real Apache Flink session cluster for a test: started with `scripts/flink` from the install
//! in the user's cache folder (which `scripts/test` makes), our jobs run on it through its REST
//! API, stopped when dropped.
use std::path::PathBuf;
use std::process::Command;

pub const VERSIONS: [&str; 2] = ["1.20.5", "2.2.1"];

pub struct FlinkCluster {
    pub url: String,
    pub version: &'static str,
    dir: tempfile::TempDir,
    /// curl's options to reach it (its CA, and its client certificate for mutual TLS).
    curl_tls: Vec<String>,
}

/// How the cluster's REST API is reached.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Rest {
    Plain,
    /// HTTPS with a certificate signed by a CA made for the test.
    Tls,
    /// The same, and it wants a client certificate signed by that CA.
    MutualTls,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn how_to_get_it(version: &str) -> String {
    format!(
        "Apache Flink {version} is not installed: run `scripts/flink install {version}` and `scripts/flink jobs {version}` (./scripts/test does both)"
    )
}

impl FlinkCluster {
    /// A session cluster of `version` on 127.0.0.1, up with one task manager.
    pub fn start(version: &'static str) -> Self {
        Self::start_with(version, "default", Rest::Plain)
    }

    /// The same with the adaptive scheduler, which rescales jobs in place.
    pub fn start_adaptive(version: &'static str) -> Self {
        Self::start_with(version, "adaptive", Rest::Plain)
    }

    /// The same with its REST API over TLS (or mutual TLS).
    pub fn start_tls(version: &'static str, rest: Rest) -> Self {
        Self::start_with(version, "default", rest)
    }

    /// The CA that signs its REST certificate, and the client certificate and key it accepts.
    pub fn tls_file(&self, name: &str) -> PathBuf {
        self.dir.path().join("tls").join(name)
    }

    fn start_with(version: &'static str, scheduler: &str, rest: Rest) -> Self {
        let jar = repo().join(format!(".flink-jobs/{version}/keyed-counter.jar"));
        assert!(jar.exists(), "{}", how_to_get_it(version));
        let dir = tempfile::tempdir().unwrap();
        let output = Command::new(repo().join("scripts/flink"))
            .args(["start", version])
            .arg(dir.path())
            .arg(scheduler)
            .arg(match rest {
                Rest::Plain => "plain",
                Rest::Tls => "tls",
                Rest::MutualTls => "mtls",
            })
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}\n{}",
            how_to_get_it(version),
            String::from_utf8_lossy(&output.stderr)
        );
        let url = String::from_utf8_lossy(&output.stdout).trim().to_string();
        let tls = |name: &str| dir.path().join("tls").join(name).display().to_string();
        let curl_tls = match rest {
            Rest::Plain => Vec::new(),
            Rest::Tls => vec!["--cacert".to_string(), tls("ca.pem")],
            Rest::MutualTls => vec![
                "--cacert".to_string(),
                tls("ca.pem"),
                "--cert".to_string(),
                tls("client.pem"),
                "--key".to_string(),
                tls("client.key"),
            ],
        };
        Self {
            url,
            version,
            dir,
            curl_tls,
        }
    }

    /// Uploads one of flink-jobs/' jars and runs it; the job id.
    pub fn run(&self, jar: &str, args: &[&str], parallelism: u32) -> String {
        let path = repo().join(format!(".flink-jobs/{}/{jar}", self.version));
        let upload = self.curl(&[
            "-X",
            "POST",
            "-F",
            &format!("jarfile=@{}", path.display()),
            &format!("{}/jars/upload", self.url),
        ]);
        let file = upload["filename"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_string();
        let body = serde_json::json!({ "programArgsList": args, "parallelism": parallelism });
        let run = self.curl(&[
            "-X",
            "POST",
            "-H",
            "Content-Type: application/json",
            "-d",
            &body.to_string(),
            &format!("{}/jars/{file}/run", self.url),
        ]);
        run["jobid"]
            .as_str()
            .unwrap_or_else(|| panic!("{run}"))
            .to_string()
    }

    /// The path of one of flink-jobs/' jars for this version.
    pub fn jar(&self, jar: &str) -> PathBuf {
        repo().join(format!(".flink-jobs/{}/{jar}", self.version))
    }

    /// A job's state as Flink says it.
    pub fn job_state(&self, job: &str) -> String {
        self.curl(&[&format!("{}/jobs/{job}", self.url)])["state"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Whether the job and all its tasks run (a savepoint can be taken).
    pub fn all_running(&self, job: &str) -> bool {
        let detail = self.curl(&[&format!("{}/jobs/{job}", self.url)]);
        detail["state"] == "RUNNING"
            && detail["vertices"]
                .as_array()
                .is_some_and(|v| v.iter().all(|v| v["status"] == "RUNNING"))
    }

    /// The job's widest operator's parallelism.
    pub fn parallelism(&self, job: &str) -> u64 {
        let detail = self.curl(&[&format!("{}/jobs/{job}", self.url)]);
        detail["vertices"].as_array().map_or(0, |v| {
            v.iter()
                .filter_map(|v| v["parallelism"].as_u64())
                .max()
                .unwrap_or(0)
        })
    }

    /// Entries in the job's exception history.
    pub fn failures(&self, job: &str) -> usize {
        let answer = self.curl(&[&format!("{}/jobs/{job}/exceptions", self.url)]);
        answer["exceptionHistory"]["entries"]
            .as_array()
            .map_or(0, Vec::len)
    }

    /// Waits until the job and all its tasks run.
    pub fn wait_running(&self, job: &str) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !self.all_running(job) {
            assert!(
                std::time::Instant::now() < deadline,
                "job {job} never ran with all its tasks"
            );
            std::thread::sleep(std::time::Duration::from_millis(300));
        }
    }

    /// The keyed counter's highest count per key (its count-per-key gauge), when reported.
    pub fn highest_count(&self, job: &str) -> Option<f64> {
        let detail = self.curl(&[&format!("{}/jobs/{job}", self.url)]);
        let vertex = detail["vertices"]
            .as_array()?
            .iter()
            .find(|v| v["name"] == "count-per-key")?["id"]
            .as_str()?
            .to_string();
        let metric = self.curl(&[&format!(
            "{}/jobs/{job}/vertices/{vertex}/subtasks/metrics?get=count-per-key.highestCount&agg=max",
            self.url
        )]);
        metric[0]["max"].as_f64()
    }

    /// The keyed counter's highest count once the gauge reports one above zero.
    pub fn counted(&self, job: &str) -> f64 {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            if let Some(count) = self.highest_count(job).filter(|c| *c > 0.0) {
                return count;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "job {job} reported no count within 30 s"
            );
            std::thread::sleep(std::time::Duration::from_millis(500));
        }
    }

    /// The newest run of a job name.
    pub fn newest_run(&self, name: &str) -> Option<String> {
        let jobs = self.curl(&[&format!("{}/jobs/overview", self.url)]);
        jobs["jobs"]
            .as_array()?
            .iter()
            .filter(|j| j["name"] == name)
            .max_by_key(|j| j["start-time"].as_i64().unwrap_or_default())
            .and_then(|j| j["jid"].as_str().map(str::to_string))
    }

    /// Stops the cluster now (dropping it does the same).
    pub fn stop(&self) {
        let _ = Command::new(repo().join("scripts/flink"))
            .arg("stop")
            .arg(self.dir.path())
            .status();
    }
}

impl FlinkCluster {
    /// curl at the cluster, with its TLS options.
    fn curl(&self, args: &[&str]) -> serde_json::Value {
        let mut all: Vec<&str> = self.curl_tls.iter().map(String::as_str).collect();
        all.extend_from_slice(args);
        curl(&all)
    }
}

impl Drop for FlinkCluster {
    fn drop(&mut self) {
        self.stop();
    }
}

fn curl(args: &[&str]) -> serde_json::Value {
    let output = Command::new("curl").arg("-sS").args(args).output().unwrap();
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)))
}
