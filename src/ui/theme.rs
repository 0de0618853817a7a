//! Colour themes: semantic slots read from TOML; the built-in themes are embedded in the binary.
use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::str::FromStr;

/// The built-in themes, by name.
pub const BUILT_IN: [(&str, &str); 3] = [
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
];

/// Why a theme could not be loaded; names the theme and the offending key.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ThemeError {
    #[error("theme {source_name}: {detail}")]
    Invalid { source_name: String, detail: String },
    #[error(
        "theme {source_name}: slot {slot:?} has colour {value:?}, which is not #rrggbb, an ANSI colour name or \"reset\""
    )]
    BadColour {
        source_name: String,
        slot: String,
        value: String,
    },
    #[error(
        "no built-in theme named {0:?} and no such file; built-in themes are dark, light, high-contrast"
    )]
    NotFound(String),
    #[error("cannot read theme file {path}: {detail}")]
    Unreadable { path: String, detail: String },
}

macro_rules! slots {
    ($($slot:ident: $doc:literal),* $(,)?) => {
        /// Every colour the views may use, by meaning rather than hue.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Slots {
            $(#[doc = $doc] pub $slot: Color,)*
        }

        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct RawSlots {
            $($slot: String,)*
        }

        impl RawSlots {
            fn resolve(self, source_name: &str) -> Result<Slots, ThemeError> {
                Ok(Slots {
                    $($slot: parse_colour(source_name, stringify!($slot), &self.$slot)?,)*
                })
            }
        }

        /// Every slot name, for documentation and tests.
        pub const SLOT_NAMES: &[&str] = &[$(stringify!($slot)),*];
    };
}

slots! {
    fg: "ordinary text",
    bg: "the background",
    muted: "secondary text: units, hints, closed shards",
    border: "panel borders",
    border_focus: "the border of the focused panel",
    title: "panel titles",
    header_fg: "the top header's text",
    header_bg: "the top header's background",
    accent: "keys in hints, the command line prompt",
    selection_fg: "the selected row's text",
    selection_bg: "the selected row's background",
    ok: "healthy",
    warn: "needs attention",
    danger: "failing, throttled, errors",
    info: "neutral information",
    stale: "data that failed to refresh",
    read_only_fg: "the READ-ONLY badge text",
    read_only_bg: "the READ-ONLY badge background",
    status_active: "ACTIVE",
    status_updating: "UPDATING",
    status_creating: "CREATING",
    status_deleting: "DELETING",
    hot: "shards over their write capacity",
    sparkline: "traffic sparklines",
    bar_fill: "the filled part of hash-range bars",
    bar_empty: "the empty part of hash-range bars",
    input: "text typed in the command line or filter",
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    name: String,
    slots: RawSlots,
}

/// A loaded theme.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub slots: Slots,
}

fn parse_colour(source_name: &str, slot: &str, value: &str) -> Result<Color, ThemeError> {
    let bad = || ThemeError::BadColour {
        source_name: source_name.to_string(),
        slot: slot.to_string(),
        value: value.to_string(),
    };
    if value.starts_with('#') {
        if value.len() != 7 {
            return Err(bad());
        }
        return Color::from_str(value).map_err(|_| bad());
    }
    match value.to_ascii_lowercase().as_str() {
        "reset" => Ok(Color::Reset),
        "black" | "red" | "green" | "yellow" | "blue" | "magenta" | "cyan" | "gray"
        | "darkgray" | "lightred" | "lightgreen" | "lightyellow" | "lightblue" | "lightmagenta"
        | "lightcyan" | "white" => Color::from_str(value).map_err(|_| bad()),
        _ => Err(bad()),
    }
}

impl Theme {
    /// The same theme for a production profile: every frame and the header in its danger colour.
    pub fn for_production(&self) -> Self {
        let mut theme = self.clone();
        let danger = theme.slots.danger;
        theme.slots.border = danger;
        theme.slots.border_focus = danger;
        theme.slots.header_bg = danger;
        theme
    }

    pub fn parse(source_name: &str, text: &str) -> Result<Self, ThemeError> {
        let raw: RawTheme = toml::from_str(text).map_err(|e| ThemeError::Invalid {
            source_name: source_name.to_string(),
            detail: e.message().to_string(),
        })?;
        Ok(Self {
            name: raw.name,
            slots: raw.slots.resolve(source_name)?,
        })
    }

    pub fn built_in(name: &str) -> Option<Result<Self, ThemeError>> {
        BUILT_IN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, text)| Self::parse(n, text))
    }

    /// The default dark theme.
    pub fn default_theme() -> Self {
        match Self::built_in("dark") {
            Some(Ok(theme)) => theme,
            // The built-in themes are tested; fall back to the terminal's own colours regardless.
            _ => Self::terminal_colours(),
        }
    }

    /// A theme that uses the terminal's own foreground and background everywhere.
    pub fn terminal_colours() -> Self {
        let c = Color::Reset;
        Self {
            name: "terminal".into(),
            slots: Slots {
                fg: c,
                bg: c,
                muted: c,
                border: c,
                border_focus: c,
                title: c,
                header_fg: c,
                header_bg: c,
                accent: c,
                selection_fg: c,
                selection_bg: c,
                ok: c,
                warn: c,
                danger: c,
                info: c,
                stale: c,
                read_only_fg: c,
                read_only_bg: c,
                status_active: c,
                status_updating: c,
                status_creating: c,
                status_deleting: c,
                hot: c,
                sparkline: c,
                bar_fill: c,
                bar_empty: c,
                input: c,
            },
        }
    }

    /// Loads `--theme NAME|PATH`: a built-in name first, then a file.
    pub fn load(name_or_path: &str) -> Result<Self, ThemeError> {
        if let Some(theme) = Self::built_in(name_or_path) {
            return theme;
        }
        let path = std::path::Path::new(name_or_path);
        if !path.exists() {
            return Err(ThemeError::NotFound(name_or_path.to_string()));
        }
        let text = std::fs::read_to_string(path).map_err(|e| ThemeError::Unreadable {
            path: name_or_path.to_string(),
            detail: e.to_string(),
        })?;
        Self::parse(name_or_path, &text)
    }

    pub fn style(&self, colour: Color) -> Style {
        Style::default().fg(colour)
    }

    pub fn text(&self) -> Style {
        Style::default().fg(self.slots.fg).bg(self.slots.bg)
    }

    pub fn muted(&self) -> Style {
        self.style(self.slots.muted)
    }

    pub fn selected(&self) -> Style {
        Style::default()
            .fg(self.slots.selection_fg)
            .bg(self.slots.selection_bg)
            .add_modifier(Modifier::BOLD)
    }

    pub fn title(&self) -> Style {
        self.style(self.slots.title).add_modifier(Modifier::BOLD)
    }
}
