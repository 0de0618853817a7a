//! Key bindings per screen: the embedded default, merged with an optional user file.
use super::action::Action;
use super::key::KeySpec;
use std::collections::BTreeMap;

pub const DEFAULT_KEYMAP: &str = include_str!("default_keymap.toml");

/// Where a binding applies. Screens fall back to [table] (list screens) and then [global].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    Global,
    Table,
    Streams,
    StreamDetail,
    Apps,
    AppDetail,
    Logs,
    Rollback,
    Alarms,
    Contexts,
    Records,
    Keys,
    Help,
}

impl Section {
    pub const ALL: [Section; 13] = [
        Self::Logs,
        Self::Records,
        Self::Keys,
        Self::Rollback,
        Self::Alarms,
        Self::Contexts,
        Self::Streams,
        Self::StreamDetail,
        Self::Apps,
        Self::AppDetail,
        Self::Table,
        Self::Help,
        Self::Global,
    ];

    pub fn name(&self) -> &'static str {
        match self {
            Self::Global => "global",
            Self::Table => "table",
            Self::Streams => "streams",
            Self::StreamDetail => "stream_detail",
            Self::Apps => "apps",
            Self::AppDetail => "app_detail",
            Self::Logs => "logs",
            Self::Rollback => "rollback",
            Self::Alarms => "alarms",
            Self::Contexts => "contexts",
            Self::Records => "records",
            Self::Keys => "keys",
            Self::Help => "help",
        }
    }

    fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// Why a keymap file was refused; names the file, section and key.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum KeymapError {
    #[error("{source_name}: not valid TOML: {detail}")]
    Syntax { source_name: String, detail: String },
    #[error(
        "{source_name}: unknown section [{section}]; sections are global, table, streams, stream_detail, apps, app_detail, logs, records, keys, rollback, alarms, contexts, help"
    )]
    UnknownSection {
        source_name: String,
        section: String,
    },
    #[error("{source_name}: [{section}] {detail}")]
    UnknownKey {
        source_name: String,
        section: String,
        detail: String,
    },
    #[error("{source_name}: [{section}] \"{key}\": {detail}")]
    UnknownAction {
        source_name: String,
        section: String,
        key: String,
        detail: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    bindings: BTreeMap<Section, BTreeMap<KeySpec, Action>>,
}

impl Keymap {
    /// The embedded default; it is tested, so failure here is a build defect.
    pub fn default_keymap() -> Result<Self, KeymapError> {
        let mut keymap = Self {
            bindings: BTreeMap::new(),
        };
        keymap.merge("built-in keymap", DEFAULT_KEYMAP)?;
        Ok(keymap)
    }

    /// The default with a user file's bindings laid over it.
    pub fn with_overrides(source_name: &str, text: &str) -> Result<Self, KeymapError> {
        let mut keymap = Self::default_keymap()?;
        keymap.merge(source_name, text)?;
        Ok(keymap)
    }

    fn merge(&mut self, source_name: &str, text: &str) -> Result<(), KeymapError> {
        let table: BTreeMap<String, BTreeMap<String, String>> =
            toml::from_str(text).map_err(|e| KeymapError::Syntax {
                source_name: source_name.to_string(),
                detail: e.to_string().trim().to_string(),
            })?;
        for (section_name, entries) in table {
            let section =
                Section::parse(&section_name).ok_or_else(|| KeymapError::UnknownSection {
                    source_name: source_name.to_string(),
                    section: section_name.clone(),
                })?;
            let bindings = self.bindings.entry(section).or_default();
            for (key_text, action_text) in entries {
                let key = KeySpec::parse(&key_text).map_err(|detail| KeymapError::UnknownKey {
                    source_name: source_name.to_string(),
                    section: section_name.clone(),
                    detail,
                })?;
                let action =
                    Action::parse(&action_text).map_err(|detail| KeymapError::UnknownAction {
                        source_name: source_name.to_string(),
                        section: section_name.clone(),
                        key: key_text.clone(),
                        detail,
                    })?;
                if action == Action::None {
                    bindings.remove(&key);
                } else {
                    bindings.insert(key, action);
                }
            }
        }
        Ok(())
    }

    /// The action for a key on a screen, trying its sections in order.
    pub fn action_for(&self, sections: &[Section], key: &KeySpec) -> Option<Action> {
        sections
            .iter()
            .find_map(|section| self.bindings.get(section)?.get(key).copied())
    }

    /// Every binding of a section, for the help screen.
    pub fn bindings(&self, section: Section) -> impl Iterator<Item = (&KeySpec, &Action)> {
        self.bindings.get(&section).into_iter().flatten()
    }

    /// The keys bound to an action in the given sections, for hints ("? help").
    pub fn keys_for(&self, sections: &[Section], action: Action) -> Vec<KeySpec> {
        sections
            .iter()
            .flat_map(|s| self.bindings(*s))
            .filter(|(_, a)| **a == action)
            .map(|(k, _)| *k)
            .collect()
    }
}
