//! The console's contexts (expiring credentials, profiles and regions switched live) and the deploy
//! picker's S3 calls end to end over HTTP against a local moto server. The Kinesis adapter itself
//! is tested on moto and kinesis-mock in tests/kinesis.

#[path = "moto/code.rs"]
mod code;

use crate::support::drive::{console_of, screen, settle_switching};
use crate::support::moto::{kinesis_client, unique};
use kinetic::aws::AwsStreams;
use kinetic::domain::PortError;
use kinetic::ports::StreamsPort;

async fn create_stream(client: &aws_sdk_kinesis::Client, name: &str, shards: i32) {
    client
        .create_stream()
        .stream_name(name)
        .shard_count(shards)
        .send()
        .await
        .expect("create_stream");
}

/// SSO-style credentials that expire mid-session: the call fails with one sentence naming
/// `aws sso login --profile NAME`, and once the login is done the next call works with the same
/// clients: the SDK's credentials cache asks the profile again rather than keeping the failure.
#[tokio::test]
async fn expired_credentials_are_said_and_picked_up_again_after_a_login_without_a_restart() {
    assert!(
        std::env::var_os("AWS_ACCESS_KEY_ID").is_none(),
        "unset AWS_ACCESS_KEY_ID for this test: the environment's keys come before the profile under test"
    );
    let dir = tempfile::tempdir().unwrap();
    let logged_out = dir.path().join("logged-out");
    // What `aws configure export-credentials` would print after a login: keys for 20 seconds.
    let script = dir.path().join("credentials.sh");
    std::fs::write(
        &script,
        format!(
            "if [ -e {} ]; then echo 'Error loading SSO Token: Token for oncall does not exist or has expired' >&2; exit 1; fi\n\
             printf '{{\"Version\":1,\"AccessKeyId\":\"AKIATEST\",\"SecretAccessKey\":\"s\",\"SessionToken\":\"t\",\"Expiration\":\"%s\"}}' \"$(date -u -d '+20 seconds' +%Y-%m-%dT%H:%M:%SZ)\"\n",
            logged_out.display()
        ),
    )
    .unwrap();
    let config = dir.path().join("config");
    std::fs::write(
        &config,
        format!(
            "[profile oncall]\ncredential_process = sh {}\nregion = us-east-1\n",
            script.display()
        ),
    )
    .unwrap();
    let credentials = dir.path().join("credentials");
    std::fs::write(&credentials, "").unwrap();
    let session = kinetic::aws::load_session(&kinetic::aws::config::SessionOptions {
        profile: Some("oncall".into()),
        region: None,
        endpoint_url: Some(crate::support::moto::moto().endpoint.clone()),
        max_attempts: 1,
        attempt_timeout: std::time::Duration::ZERO,
        profile_files: Some((config, credentials)),
    })
    .await
    .unwrap();
    let streams = AwsStreams::new(aws_sdk_kinesis::Client::new(&session.sdk));
    streams.list_streams().await.expect("logged in");

    // The session ends, and the cached keys run out: the SDK asks the profile again some
    // seconds before they expire. Waited for as it happens (a busy machine is slower), not
    // raced against a clock.
    std::fs::write(&logged_out, "").unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    let error = loop {
        match streams.list_streams().await {
            Err(error) => break error,
            Ok(_) => {
                assert!(
                    std::time::Instant::now() < deadline,
                    "the keys never ran out"
                );
                tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            }
        }
    };
    assert!(matches!(error, PortError::Credentials { .. }), "{error:?}");
    let model = kinetic::app::Model::new(
        kinetic::app::Context {
            profile: session.profile.clone(),
            region: session.region.clone(),
            endpoint: session.endpoint.clone(),
            read_only: false,
            demo: false,
            production: false,
            read_only_reason: None,
        },
        kinetic::config::Keymap::default_keymap().unwrap(),
        chrono::Utc::now(),
        (120, 40),
    );
    let sentence = model.sentence(&error);
    assert!(
        sentence.contains("run `aws sso login --profile oncall`"),
        "{sentence}"
    );
    assert!(
        !sentence.contains('\n') && !sentence.contains("Error {"),
        "{sentence}"
    );

    // `aws sso login --profile oncall`: the same client answers on its next call.
    std::fs::remove_file(&logged_out).unwrap();
    streams
        .list_streams()
        .await
        .expect("picked up the new credentials");
}

async fn type_line(
    model: &mut kinetic::app::Model,
    runner: &mut kinetic::app::effects::EffectRunner,
    line: &str,
) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for code in std::iter::once(KeyCode::Char(':'))
        .chain(line.chars().map(KeyCode::Char))
        .chain(std::iter::once(KeyCode::Enter))
    {
        let commands = kinetic::app::update::update(
            model,
            kinetic::app::Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        );
        settle_switching(model, runner, commands, &mut Vec::new()).await;
    }
}

/// Two profiles in a temporary AWS config file, each with its own `endpoint_url` (two moto
/// servers, two regions): `:ctx` lists them, `:ctx beta` shows only beta's streams and the
/// header names it; nothing of alpha's answers survives the switch.
#[tokio::test]
async fn ctx_switches_profile_and_region_live_through_the_sdks_own_profiles() {
    let alpha = crate::support::moto::moto();
    let beta = crate::support::moto::another_moto();
    let alpha_stream = unique("alpha-only");
    let beta_stream = unique("beta-only");
    create_stream(&kinesis_client(), &alpha_stream, 1).await;
    let beta_client = aws_sdk_kinesis::Client::from_conf(
        aws_sdk_kinesis::Config::builder()
            .behavior_version(aws_sdk_kinesis::config::BehaviorVersion::latest())
            .region(aws_sdk_kinesis::config::Region::new("eu-west-1"))
            .endpoint_url(&beta.endpoint)
            .credentials_provider(aws_credential_types::Credentials::new(
                "test", "test", None, None, "moto",
            ))
            .build(),
    );
    create_stream(&beta_client, &beta_stream, 1).await;

    let files = crate::support::profiles::ProfileFiles::new(
        &[
            ("alpha", "us-east-1", &alpha.endpoint),
            ("beta", "eu-west-1", &beta.endpoint),
        ],
        "[profile gamma]\nregion = us-east-1\ncredential_process = sh -c 'echo Token has expired >&2; exit 1'\n",
    );
    use clap::Parser;
    let mut cli = kinetic::cli::Cli::parse_from(["kinetic", "--profile", "alpha", "--read-only"]);
    cli.profile_files = Some(files.paths());
    let (mut model, mut runner, _) = console_of(&cli, (160, 40), &mut Vec::new()).await;
    let names = |model: &kinetic::app::Model| -> Vec<String> {
        model
            .streams
            .listings()
            .iter()
            .map(|l| l.name.clone())
            .collect()
    };
    assert!(names(&model).contains(&alpha_stream), "{:?}", names(&model));
    assert!(!names(&model).contains(&beta_stream));
    assert_eq!(
        model.context.endpoint.as_deref(),
        Some(alpha.endpoint.as_str()),
        "the profile's endpoint_url"
    );

    type_line(&mut model, &mut runner, "ctx").await;
    let status = model
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(
        status.contains("profiles: alpha, beta, gamma (now alpha)"),
        "{status}"
    );

    type_line(&mut model, &mut runner, "ctx beta").await;
    assert_eq!(model.context.profile.as_deref(), Some("beta"));
    assert_eq!(model.context.region, "eu-west-1");
    assert!(
        model.context.read_only,
        "the command line's --read-only still holds"
    );
    assert!(names(&model).contains(&beta_stream), "{:?}", names(&model));
    assert!(
        !names(&model).contains(&alpha_stream),
        "{:?}",
        names(&model)
    );
    let drawn = screen(&model);
    assert!(
        drawn.contains("profile beta") && drawn.contains("region eu-west-1"),
        "{drawn}"
    );

    // A profile whose SSO session expired: one sentence, and the console stays where it was.
    type_line(&mut model, &mut runner, "ctx gamma").await;
    let status = model
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(
        status.starts_with(
            "still on profile beta in eu-west-1: kinetic found no usable AWS credentials"
        ) && status.contains("run `aws sso login --profile gamma`"),
        "{status}"
    );
    assert!(names(&model).contains(&beta_stream));

    // And back by region alone: the same profile, another region (none of beta's streams there).
    type_line(&mut model, &mut runner, "region us-east-1").await;
    assert_eq!(model.context.profile.as_deref(), Some("beta"));
    assert_eq!(model.context.region, "us-east-1");
    assert!(!names(&model).contains(&beta_stream));
}
