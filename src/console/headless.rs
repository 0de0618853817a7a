//! `--print`: runs the same update/effect loop without a terminal and prints the complete streams table.
use crate::app::effects::EffectRunner;
use crate::app::model::Model;
use crate::app::msg::Msg;
use crate::app::update::{init, update};
use crate::domain::Loadable;
use crate::ui::{Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;

/// Print width: wide enough for every column.
const WIDTH: u16 = 160;
/// The model's size: tall enough that every stream counts as on screen, so all are filled in.
pub const SIZE: (u16, u16) = (WIDTH, u16::MAX);
/// Give up waiting for details after this long and print what is known.
const PATIENCE: Duration = Duration::from_mins(2);
/// A wait longer than this is explained on stderr, once.
const TELL_AFTER: Duration = Duration::from_secs(1);

/// What the table still waits for, said on stderr when printing takes a while.
fn waiting_for(model: &Model) -> String {
    let page = &model.streams;
    let total = page.listings().len();
    let budget = crate::aws::quotas::DESCRIBE_STREAM_SUMMARY;
    if page.facts.summaries.pending_count() > 0 {
        format!(
            "describing {} of {total} streams (DescribeStreamSummary, {} a second: under half of AWS's {} a second, so the account's other callers keep theirs)…",
            page.facts.summaries.pending_count(),
            budget.rate_per_sec,
            budget.quota_tps
        )
    } else if page.facts.shard_counts.pending_count() > 0 {
        format!(
            "counting the open shards of {} of {total} streams (ListShards)…",
            page.facts.shard_counts.pending_count()
        )
    } else {
        "waiting for the streams' traffic (GetMetricData)…".to_string()
    }
}

/// True once the listing is in and nothing it asked for is still in flight.
/// Failed details (say, CloudWatch unavailable) print as "—" rather than wait forever.
pub fn table_complete(model: &Model) -> bool {
    let page = &model.streams;
    match &page.list {
        Loadable::Loaded { .. } => {
            page.list_request.is_none()
                && page.facts.summaries.pending_count() == 0
                && page.facts.shard_counts.pending_count() == 0
                && page.facts.metrics_request.is_none()
        }
        Loadable::Failed { .. } => true,
        _ => false,
    }
}

/// Runs `model` (built at `SIZE`) until its table is complete, then prints it.
pub async fn print_streams(
    mut model: Model,
    runner: &EffectRunner,
    theme: &Theme,
    mut rx: UnboundedReceiver<Msg>,
) -> Result<(), String> {
    for command in init(&mut model) {
        runner.run(command);
    }
    let deadline = tokio::time::Instant::now() + PATIENCE;
    let mut told = false;
    let tell_at = tokio::time::Instant::now() + TELL_AFTER;
    while !table_complete(&model) {
        let msg = tokio::select! {
            msg = rx.recv() => msg,
            () = tokio::time::sleep_until(deadline) => break,
            () = tokio::time::sleep_until(tell_at), if !told => {
                told = true;
                eprintln!("kinetic: {}", waiting_for(&model));
                continue;
            }
        };
        let Some(msg) = msg else { break };
        for command in update(&mut model, msg) {
            runner.run(command);
        }
    }
    if let Some(error) = model
        .streams
        .list
        .error()
        .filter(|_| model.streams.list.value().is_none())
    {
        return Err(error.to_string());
    }
    let height = (model.streams.rows.len() as u16).saturating_add(6).max(8);
    model.height = height;
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, height)).map_err(|e| e.to_string())?;
    model.streams.table.cursor = usize::MAX;
    terminal
        .draw(|frame| view(&model, &theme.clone(), frame))
        .map_err(|e| e.to_string())?;
    let buffer = terminal.backend().buffer();
    for y in 0..height.saturating_sub(1) {
        let line: String = (0..WIDTH)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect();
        println!("{}", line.trim_end());
    }
    Ok(())
}
