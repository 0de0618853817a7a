//! The two Kinesis emulators behind one face, so a test runs against both: moto and kinesis-mock.
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emulator {
    Moto,
    KinesisMock,
}

/// Runs `async fn NAME(emulator: Emulator)` as two tests, one per emulator.
#[macro_export]
macro_rules! on_both {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn moto() {
                    super::$name($crate::support::emulator::Emulator::Moto).await
                }
                #[tokio::test]
                async fn kinesis_mock() {
                    super::$name($crate::support::emulator::Emulator::KinesisMock).await
                }
            }
        )+
    };
}

impl Emulator {
    pub fn endpoint(&self) -> String {
        match self {
            Self::Moto => super::moto::moto().endpoint.clone(),
            Self::KinesisMock => super::kinesis_mock::kinesis_mock().endpoint.clone(),
        }
    }

    /// A Kinesis client for the emulator: static test credentials, no retries.
    pub fn client(&self) -> aws_sdk_kinesis::Client {
        match self {
            Self::Moto => super::moto::kinesis_client(),
            Self::KinesisMock => super::kinesis_mock::kinesis_mock().client(),
        }
    }

    /// Creates a provisioned stream and waits until it is ACTIVE.
    pub async fn create_stream(&self, client: &aws_sdk_kinesis::Client, name: &str, shards: i32) {
        create(client, name, Some(shards)).await;
        wait_active(client, name).await;
    }

    /// Creates an on-demand stream and waits until it is ACTIVE.
    pub async fn create_on_demand(&self, client: &aws_sdk_kinesis::Client, name: &str) {
        create(client, name, None).await;
        wait_active(client, name).await;
    }
}

/// CreateStream, asked again while the emulator's CREATING limit (5 at once) is reached.
pub async fn create(client: &aws_sdk_kinesis::Client, name: &str, shards: Option<i32>) {
    use aws_sdk_kinesis::types::{StreamMode, StreamModeDetails};
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let mut request = client.create_stream().stream_name(name);
        request = match shards {
            Some(n) => request.shard_count(n),
            None => request.stream_mode_details(
                StreamModeDetails::builder()
                    .stream_mode(StreamMode::OnDemand)
                    .build()
                    .expect("stream mode"),
            ),
        };
        match request.send().await {
            Ok(_) => return,
            Err(e) if is_limit(&e) && Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!(
                "create_stream {name}: {}",
                aws_smithy_types::error::display::DisplayErrorContext(&e)
            ),
        }
    }
}

fn is_limit<E: aws_smithy_types::error::metadata::ProvideErrorMetadata>(error: &E) -> bool {
    error.code() == Some("LimitExceededException")
}

/// Waits (at most 60 s) until the stream is ACTIVE; moto's streams are at once.
pub async fn wait_active(client: &aws_sdk_kinesis::Client, name: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let status = client
            .describe_stream_summary()
            .stream_name(name)
            .send()
            .await
            .ok()
            .and_then(|o| {
                o.stream_description_summary()
                    .map(|s| s.stream_status().as_str().to_string())
            });
        if status.as_deref() == Some("ACTIVE") {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{name} is not ACTIVE after 60 s ({status:?})"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
