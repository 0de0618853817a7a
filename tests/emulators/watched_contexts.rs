//! Watched contexts over HTTP: two moto servers (us-east-1, eu-west-1), one kinesis-mock (ap-southeast-2), a profile whose credentials have expired and one whose endpoint goes away, each a profile in a temporary AWS config file with its own endpoint_url. The contexts screen lists them with their counts; an application failing in eu-west-1 shows in us-east-1's header; an alarm made to fire there is said once; the expired profile says so in its row while the others carry on; the endpoint that went away is STALE with one sentence and comes back by itself; Enter switches.
use crate::support::drive::{console_of, screen, settle_switching};
use crate::support::forwarder::Forwarder;
use crate::support::moto::{kinesis_client, unique};
use clap::Parser;
use kinetic::app::effects::EffectRunner;
use kinetic::app::{Model, Msg};

async fn create_stream(client: &aws_sdk_kinesis::Client, name: &str) {
    client
        .create_stream()
        .stream_name(name)
        .shard_count(1)
        .send()
        .await
        .expect("create_stream");
}

fn kinesis_at(endpoint: &str, region: &'static str) -> aws_sdk_kinesis::Client {
    aws_sdk_kinesis::Client::from_conf(
        aws_sdk_kinesis::Config::builder()
            .behavior_version(aws_sdk_kinesis::config::BehaviorVersion::latest())
            .region(aws_sdk_kinesis::config::Region::new(region))
            .endpoint_url(endpoint)
            .credentials_provider(aws_credential_types::Credentials::new(
                "test", "test", None, None, "moto",
            ))
            .build(),
    )
}

/// boto3 against the moto at `endpoint`, in eu-west-1.
fn boto3_eu(endpoint: &str, script: &str) {
    crate::support::moto::boto3(&format!(
        "import datetime\nEU = dict(endpoint_url={endpoint:?}, region_name=\"eu-west-1\")\n{script}"
    ));
}

/// A tick `seconds` after the last, and the reads it makes.
async fn tick(model: &mut Model, runner: &mut EffectRunner, seconds: i64, said: &mut Vec<String>) {
    let at = model.now + chrono::Duration::seconds(seconds);
    let commands = kinetic::app::update::update(model, Msg::Tick(at));
    settle_switching(model, runner, commands, said).await;
}

fn row<'a>(model: &'a Model, label: &str) -> &'a kinetic::app::contexts_page::Watched {
    model
        .contexts
        .watched
        .iter()
        .find(|w| w.label() == label)
        .unwrap_or_else(|| panic!("no row {label}"))
}

fn key(code: crossterm::event::KeyCode) -> Msg {
    Msg::Key(crossterm::event::KeyEvent::new(
        code,
        crossterm::event::KeyModifiers::NONE,
    ))
}

#[tokio::test(flavor = "multi_thread")]
async fn contexts_on_two_motos_and_kinesis_mock_are_watched_together() {
    let alpha = crate::support::moto::moto();
    let beta = crate::support::moto::another_moto();
    let gamma = crate::support::kinesis_mock::kinesis_mock();
    let (alpha_stream, beta_stream, gamma_stream) =
        (unique("alpha"), unique("beta"), unique("gamma"));
    create_stream(&kinesis_client(), &alpha_stream).await;
    create_stream(&kinesis_at(&beta.endpoint, "eu-west-1"), &beta_stream).await;
    create_stream(
        &kinesis_at(&gamma.endpoint, "ap-southeast-2"),
        &gamma_stream,
    )
    .await;
    // In eu-west-1: an application that restarted in the last minutes, and an alarm on it
    // that is not firing yet.
    let app = unique("orders-enricher");
    let alarm = unique("enricher-downtime");
    boto3_eu(
        &beta.endpoint,
        &format!(
            r#"
f = boto3.client("kinesisanalyticsv2", **EU)
f.create_application(ApplicationName="{app}", RuntimeEnvironment="FLINK-1_20",
    ServiceExecutionRole="arn:aws:iam::123456789012:role/flink")
cw = boto3.client("cloudwatch", **EU)
now = datetime.datetime.now(datetime.timezone.utc)
for minutes, restarts in [(9, 0), (6, 1), (3, 4)]:
    cw.put_metric_data(Namespace="AWS/KinesisAnalytics", MetricData=[dict(
        MetricName="fullRestarts", Dimensions=[dict(Name="Application", Value="{app}")],
        Timestamp=now - datetime.timedelta(minutes=minutes), Value=restarts)])
cw.put_metric_alarm(AlarmName="{alarm}", Namespace="AWS/KinesisAnalytics", MetricName="downtime",
    Dimensions=[dict(Name="Application", Value="{app}")], Statistic="Maximum", Period=60,
    EvaluationPeriods=1, Threshold=0, ComparisonOperator="GreaterThanThreshold")
"#
        ),
    );
    create_stream(
        &kinesis_at(&alpha.endpoint, "us-west-2"),
        &unique("epsilon"),
    )
    .await;
    let mut epsilon = Forwarder::start(alpha.endpoint.trim_start_matches("http://")).await;

    let files = crate::support::profiles::ProfileFiles::new(
        &[
            ("alpha", "us-east-1", &alpha.endpoint),
            ("beta", "eu-west-1", &beta.endpoint),
            ("gamma", "ap-southeast-2", &gamma.endpoint),
            ("epsilon", "us-west-2", &epsilon.url()),
        ],
        "[profile delta]\nregion = us-east-1\ncredential_process = sh -c 'echo Token has expired >&2; exit 1'\n",
    );
    let mut cli = kinetic::cli::Cli::parse_from([
        "kinetic",
        "--profile",
        "alpha",
        "--read-only",
        "--watch",
        "beta@eu-west-1",
        "--watch",
        "gamma@ap-southeast-2",
        "--watch",
        "delta",
        "--watch",
        "epsilon",
    ]);
    cli.profile_files = Some(files.paths());
    let mut said = Vec::new();
    let (mut model, mut runner, _) = console_of(&cli, (180, 40), &mut said).await;
    tick(&mut model, &mut runner, 1, &mut said).await;

    // The contexts screen: every context with its counts.
    let commands =
        kinetic::app::update::update(&mut model, key(crossterm::event::KeyCode::Char('C')));
    settle_switching(&mut model, &mut runner, commands, &mut said).await;
    let drawn = screen(&model);
    assert!(drawn.contains("Contexts [5 watched"), "{drawn}");
    let counts =
        |label: &str| {
            row(&model, label).pulse.counts.clone().unwrap_or_else(|| {
                panic!("{label} not read: {:?}", row(&model, label).pulse.failure)
            })
        };
    let eu = counts("beta@eu-west-1");
    assert_eq!((eu.streams_ok, eu.apps_failing), (1, 1), "{eu:?}");
    assert!(eu.alarms.is_empty());
    let ap = counts("gamma@ap-southeast-2");
    assert!(ap.streams_ok >= 1, "{ap:?}");
    assert!(
        ap.trouble
            .as_deref()
            .is_some_and(|t| t.contains("applications not read")),
        "kinesis-mock serves no Managed Flink: {ap:?}"
    );
    assert!(counts("epsilon").streams_ok >= 1);
    // Expired credentials: said in the row, once, naming the profile; the others carry on.
    let expired = row(&model, "delta")
        .pulse
        .failure
        .clone()
        .unwrap_or_default();
    assert!(
        expired.contains("run `aws sso login --profile delta`"),
        "{expired}"
    );
    assert_eq!(
        said.iter()
            .filter(|s| s.contains("--profile delta"))
            .count(),
        1,
        "{said:?}"
    );
    // us-east-1's header says eu-west-1's failure.
    assert!(drawn.contains("beta@eu-west-1: 1 failing"), "{drawn}");
    assert!(drawn.contains("in view"), "{drawn}");

    // The alarm starts firing: said once, over the reads that follow.
    boto3_eu(
        &beta.endpoint,
        &format!(
            r#"boto3.client("cloudwatch", **EU).set_alarm_state(AlarmName="{alarm}", StateValue="ALARM", StateReason="downtime above 0")"#
        ),
    );
    for _ in 0..3 {
        tick(&mut model, &mut runner, 61, &mut said).await;
    }
    let firing = format!("beta@eu-west-1: alarm {alarm} is firing (downtime on application {app})");
    assert_eq!(
        said.iter().filter(|s| s.starts_with(&firing)).count(),
        1,
        "{said:?}"
    );
    assert!(screen(&model).contains("beta@eu-west-1: 1 failing · 1 alarm"));
    assert_eq!(
        said.iter()
            .filter(|s| s.contains("--profile delta"))
            .count(),
        1,
        "a failure that stands is not said again: {said:?}"
    );

    // epsilon's endpoint goes away: STALE with one sentence, its last counts kept.
    epsilon.down().await;
    tick(&mut model, &mut runner, 61, &mut said).await;
    let gone = row(&model, "epsilon");
    let failure = gone.pulse.failure.clone().unwrap_or_default();
    assert!(failure.starts_with("epsilon: cannot reach"), "{failure}");
    assert!(gone.pulse.counts.is_some(), "the last counts stay");
    assert!(
        screen(&model).contains("STALE · cannot reach"),
        "{}",
        screen(&model)
    );
    // And comes back by itself, at its next read (backed off to two minutes).
    epsilon.up().await;
    tick(&mut model, &mut runner, 121, &mut said).await;
    assert_eq!(row(&model, "epsilon").pulse.failure, None);
    assert!(
        said.iter().any(|s| s == "epsilon answers again"),
        "{said:?}"
    );

    // Enter on eu-west-1's row: the live switch; us-east-1 is watched from now on.
    let index = model
        .contexts
        .watched
        .iter()
        .position(|w| w.label() == "beta@eu-west-1")
        .unwrap();
    for _ in 0..index {
        kinetic::app::update::update(&mut model, key(crossterm::event::KeyCode::Char('j')));
    }
    let commands = kinetic::app::update::update(&mut model, key(crossterm::event::KeyCode::Enter));
    settle_switching(&mut model, &mut runner, commands, &mut said).await;
    assert_eq!(model.context.profile.as_deref(), Some("beta"), "{said:?}");
    assert_eq!(model.context.region, "eu-west-1");
    let names: Vec<String> = model
        .streams
        .listings()
        .iter()
        .map(|l| l.name.clone())
        .collect();
    assert!(names.contains(&beta_stream), "{names:?}");
    tick(&mut model, &mut runner, 1, &mut said).await;
    // alpha was not named with --watch: the context in view is always one of them.
    assert!(row(&model, "alpha@us-east-1").pulse.counts.is_some());
    assert!(model.context.read_only, "--read-only still holds");
}
