//! Safety per profile from kinetic's config file: a read-only profile sends nothing, a production
//! profile looks different everywhere and needs the name typed for every change.
use crate::support::console::Console;
use clap::Parser;
use crossterm::event::KeyCode;
use kinetic::cli::Cli;
use kinetic::config::settings::Settings;

const CONFIG: &str = "[profiles.demo]\nproduction = true\n\n[profiles.prod-ops]\nread_only = true\nproduction = true\n";

fn cli_with(config: &str, args: &[&str]) -> Cli {
    let mut cli = Cli::parse_from(std::iter::once("kinetic").chain(args.iter().copied()));
    cli.settings = Settings::parse("config.toml", config).unwrap();
    cli.settings_file = Some("config.toml".into());
    cli
}

#[tokio::test]
async fn a_read_only_profile_refuses_every_change_and_says_where_that_is_set() {
    let cli = cli_with(CONFIG, &[]);
    let context = cli.context(Some("prod-ops".into()), "eu-west-1".into(), None, false);
    assert!(context.read_only && context.production);
    let mut c = Console::start(false).await;
    c.model.context = context;
    let mut sent = c.press(KeyCode::Char('R')).await;
    assert_eq!(
        c.status(),
        "read-only mode: profile prod-ops is read-only in config.toml, so nothing can be changed"
    );
    c.select_app("orders-enricher").await;
    for key in ["S", "D", "s", "X", "U", "B"] {
        sent.extend(c.text(key).await);
        sent.extend(c.enter().await);
        sent.extend(c.text("orders-enricher").await);
        sent.extend(c.enter().await);
        c.esc().await;
        c.esc().await;
    }
    assert!(Console::changes(&sent).is_empty(), "{sent:?}");
    // The flag says it in its own words; another profile is not touched.
    let flag = cli_with(CONFIG, &["--read-only"]).context(
        Some("staging".into()),
        "eu-west-1".into(),
        None,
        false,
    );
    assert!(flag.read_only && flag.read_only_reason.is_none() && !flag.production);
    let staging = cli.context(Some("staging".into()), "eu-west-1".into(), None, false);
    assert!(!staging.read_only && !staging.production);
}

#[tokio::test]
async fn production_draws_in_the_danger_colour_and_every_change_needs_the_name_typed() {
    let cli = cli_with(CONFIG, &["--demo"]);
    let mut c = Console::start(false).await;
    c.model.context = cli.context(None, "us-east-1".into(), None, true);
    assert!(c.model.context.production && !c.model.context.read_only);
    c.select_app("orders-enricher").await;
    c.text("S").await;
    c.enter().await;
    // A snapshot confirms with Enter elsewhere; here Enter alone sends nothing.
    assert!(c.confirm().plan.needs_name());
    let sent = c.enter().await;
    assert!(Console::changes(&sent).is_empty());
    let screen = c.draw();
    insta::assert_snapshot!(screen);
    let theme = kinetic::ui::Theme::default_theme();
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(150, 45)).unwrap();
    terminal
        .draw(|frame| kinetic::ui::view(&c.model, &theme, frame))
        .unwrap();
    let buffer = terminal.backend().buffer();
    assert_eq!(buffer[(0, 2)].symbol(), "┌");
    assert_eq!(buffer[(0, 2)].fg, theme.slots.danger, "the frame");
    assert_eq!(buffer[(0, 0)].bg, theme.slots.danger, "the header");
    c.text("orders-enricher").await;
    let sent = c.enter().await;
    assert_eq!(
        Console::changes(&sent).len(),
        1,
        "with the name typed it goes"
    );
}

#[tokio::test]
async fn switching_context_waits_for_a_followed_change_and_the_demo_has_none() {
    let mut c = Console::start(false).await;
    let sent = c.command("ctx prod-ops").await;
    assert!(sent.is_empty());
    assert!(
        c.status().contains("simulated account has no profiles"),
        "{}",
        c.status()
    );
    c.select_app("orders-enricher").await;
    c.text("S").await;
    c.enter().await;
    c.enter().await;
    assert_eq!(c.model.operations.len(), 1);
    c.model.context.demo = false;
    let sent = c.command("ctx prod-ops").await;
    assert!(
        !sent
            .iter()
            .any(|s| matches!(s, kinetic::app::Command::SwitchContext { .. })),
        "{sent:?}"
    );
    assert!(
        c.status()
            .starts_with("kinetic is following CreateApplicationSnapshot on orders-enricher"),
        "{}",
        c.status()
    );
    let sent = c.command("region mars-north-1").await;
    assert!(sent.is_empty());
    assert!(c.status().contains("not an AWS region"), "{}", c.status());
    c.text(":region eu-we").await;
    c.press(KeyCode::Tab).await;
    assert_eq!(
        c.model.input,
        kinetic::app::model::Input::Command("region eu-west-1".into()),
        "tab completes the region"
    );
}
