//! Themes and keymaps: built-ins are complete, bad files are refused with the bad key named.
use kinetic::config::{KeySpec, Keymap, KeymapError, Section};
use kinetic::ui::theme::{BUILT_IN, SLOT_NAMES, Theme, ThemeError};

#[test]
fn every_built_in_theme_defines_every_slot() {
    assert!(BUILT_IN.len() >= 3);
    for (name, text) in BUILT_IN {
        let table: toml::Table = toml::from_str(text).unwrap();
        let slots = table["slots"].as_table().unwrap();
        for slot in SLOT_NAMES {
            assert!(slots.contains_key(*slot), "theme {name} lacks slot {slot}");
        }
        assert_eq!(
            slots.len(),
            SLOT_NAMES.len(),
            "theme {name} has unknown slots"
        );
        let theme = Theme::parse(name, text).unwrap();
        assert_eq!(theme.name, name);
    }
    for name in ["dark", "light", "high-contrast"] {
        assert!(Theme::load(name).is_ok(), "{name}");
    }
}

fn dark_with(replace: &str, with: &str) -> String {
    let (_, dark) = BUILT_IN[0];
    assert!(dark.contains(replace));
    dark.replace(replace, with)
}

#[test]
fn a_theme_with_a_misspelt_slot_names_it() {
    let text = dark_with("warn = ", "wran = ");
    let error = Theme::parse("mine.toml", &text).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("wran"), "{message}");
    assert!(message.contains("mine.toml"), "{message}");
}

#[test]
fn a_theme_missing_a_slot_names_it() {
    let (_, dark) = BUILT_IN[0];
    let text: String = dark
        .lines()
        .filter(|l| !l.starts_with("hot ="))
        .collect::<Vec<_>>()
        .join("\n");
    let message = Theme::parse("mine.toml", &text).unwrap_err().to_string();
    assert!(message.contains("hot"), "{message}");
}

#[test]
fn a_theme_with_a_bad_colour_names_the_slot_and_value() {
    let text = dark_with("danger = \"#f7768e\"", "danger = \"#f7768\"");
    assert_eq!(
        Theme::parse("mine.toml", &text).unwrap_err(),
        ThemeError::BadColour {
            source_name: "mine.toml".into(),
            slot: "danger".into(),
            value: "#f7768".into()
        }
    );
    let text = dark_with("danger = \"#f7768e\"", "danger = \"blurple\"");
    assert!(
        Theme::parse("mine.toml", &text)
            .unwrap_err()
            .to_string()
            .contains("blurple")
    );
}

#[test]
fn a_theme_file_path_loads_and_an_unknown_name_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("custom.toml");
    std::fs::write(&path, dark_with("name = \"dark\"", "name = \"custom\"")).unwrap();
    assert_eq!(Theme::load(path.to_str().unwrap()).unwrap().name, "custom");
    let message = Theme::load("solarized").unwrap_err().to_string();
    assert!(message.contains("dark, light, high-contrast"), "{message}");
}

#[test]
fn the_default_keymap_binds_the_essentials() {
    let keymap = Keymap::default_keymap().unwrap();
    let on_streams = [Section::Streams, Section::Table, Section::Global];
    let action = |k: &str| keymap.action_for(&on_streams, &KeySpec::parse(k).unwrap());
    use kinetic::app::Action;
    assert_eq!(action("enter"), Some(Action::Open));
    assert_eq!(action("j"), Some(Action::Down));
    assert_eq!(action("G"), Some(Action::Bottom));
    assert_eq!(action("/"), Some(Action::FilterMode));
    assert_eq!(action(":"), Some(Action::CommandMode));
    assert_eq!(action("?"), Some(Action::Help));
    assert_eq!(action("q"), Some(Action::Quit));
    assert_eq!(action("x"), None);
}

#[test]
fn user_overrides_replace_and_unbind_keys() {
    let keymap = Keymap::with_overrides(
        "keymap.toml",
        "[table]\n\"n\" = \"down\"\n\"j\" = \"none\"\n",
    )
    .unwrap();
    let sections = [Section::Streams, Section::Table, Section::Global];
    use kinetic::app::Action;
    assert_eq!(
        keymap.action_for(&sections, &KeySpec::parse("n").unwrap()),
        Some(Action::Down)
    );
    assert_eq!(
        keymap.action_for(&sections, &KeySpec::parse("j").unwrap()),
        None
    );
    assert_eq!(
        keymap.action_for(&sections, &KeySpec::parse("k").unwrap()),
        Some(Action::Up)
    );
}

#[test]
fn unknown_actions_keys_and_sections_are_refused_clearly() {
    let error = Keymap::with_overrides("keymap.toml", "[table]\n\"j\" = \"fly\"\n").unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, KeymapError::UnknownAction { .. }));
    assert!(
        message.contains("keymap.toml") && message.contains("\"j\"") && message.contains("fly"),
        "{message}"
    );
    assert!(
        message.contains("move_down") || message.contains("down"),
        "lists valid actions: {message}"
    );

    let error =
        Keymap::with_overrides("keymap.toml", "[table]\n\"hyper-j\" = \"down\"\n").unwrap_err();
    assert!(error.to_string().contains("hyper-j"), "{error}");

    let error = Keymap::with_overrides("keymap.toml", "[tables]\n\"j\" = \"down\"\n").unwrap_err();
    assert!(error.to_string().contains("[tables]"), "{error}");

    let error = Keymap::with_overrides("keymap.toml", "this is not toml").unwrap_err();
    assert!(matches!(error, KeymapError::Syntax { .. }));
}
