//! A TCP forwarder in front of a local server that a test can take away and bring back on the same port: an endpoint that goes away and comes back by itself.
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

pub struct Forwarder {
    pub port: u16,
    target: String,
    running: Option<JoinHandle<()>>,
}

impl Forwarder {
    /// Forwards a free local port to `target` (`host:port`).
    pub async fn start(target: &str) -> Self {
        let mut forwarder = Self {
            port: super::moto::free_port(),
            target: target.to_string(),
            running: None,
        };
        forwarder.up().await;
        forwarder
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Listening and forwarding again, on the same port.
    pub async fn up(&mut self) {
        let listener = TcpListener::bind(("127.0.0.1", self.port))
            .await
            .expect("the forwarder's port is free again");
        let target = self.target.clone();
        self.running = Some(tokio::spawn(async move {
            let mut connections = tokio::task::JoinSet::new();
            while let Ok((mut inbound, _)) = listener.accept().await {
                let target = target.clone();
                connections.spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        }));
    }

    /// Gone: the port refuses connections, and those open are closed.
    pub async fn down(&mut self) {
        if let Some(running) = self.running.take() {
            running.abort();
            let _ = running.await;
        }
    }
}
