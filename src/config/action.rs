//! What a key can trigger. Named in snake_case so the keymap file can name them.
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    CommandMode,
    FilterMode,
    Back,
    Refresh,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Open,
    SortNext,
    SortPrev,
    SortReverse,
    NextTab,
    PrevTab,
    Tab1,
    Tab2,
    Tab3,
    Tab4,
    Tab5,
    Tab6,
    Mark,
    Pulse,
    Logs,
    TogglePause,
    Older,
    LogPattern,
    NextMatch,
    PrevMatch,
    WriteLogs,
    Reshard,
    Split,
    Merge,
    CapacityMode,
    Retention,
    /// Warm throughput for an on-demand stream.
    Warm,
    /// AUTO record distribution for an on-demand stream (a dominant key spread evenly).
    Spread,
    Snapshot,
    DeleteSnapshot,
    Start,
    Stop,
    Deploy,
    Scale,
    Rollback,
    OtherPath,
    ChooseSnapshot,
    Plan,
    /// The record viewer on the selected shard.
    ReadShard,
    /// The partition-key view of the records read.
    Keys,
    /// The watched contexts screen.
    Contexts,
    /// Unbinds a key in a user keymap.
    None,
}

impl Action {
    /// One line for the help screen.
    pub fn description(&self) -> &'static str {
        match self {
            Self::Quit => "quit (from the top screen; goes back elsewhere)",
            Self::Help => "show this help",
            Self::CommandMode => {
                "command line (:streams, :apps, :logs GROUP, :snapshot, :deploy, :q)"
            }
            Self::FilterMode => {
                "filter rows (text, status:NAME, mode:NAME); search in logs and records"
            }
            Self::Back => "go back / close / clear the filter",
            Self::Refresh => "refresh now",
            Self::Up => "move up",
            Self::Down => "move down",
            Self::Top => "go to the first row",
            Self::Bottom => "go to the last row",
            Self::PageUp => "page up",
            Self::PageDown => "page down",
            Self::Open => "open the selected row",
            Self::SortNext => "sort by the next column",
            Self::SortPrev => "sort by the previous column",
            Self::SortReverse => "reverse the sort order",
            Self::NextTab => "next tab / switch panel",
            Self::PrevTab => "previous tab",
            Self::Tab1 => "Overview tab",
            Self::Tab2 => "Versions tab",
            Self::Tab3 => "Snapshots tab",
            Self::Tab4 => "Checkpoints tab",
            Self::Tab5 => "Operations tab",
            Self::Tab6 => "Job tab (Flink's own view)",
            Self::Mark => "mark a version to compare (mark two to see the diff)",
            Self::Pulse => "jump to the worst stream or application",
            Self::Logs => "open the application's logs",
            Self::TogglePause => "pause / resume following",
            Self::Older => "load older events",
            Self::LogPattern => "filter: a CloudWatch pattern (logs), text to keep (records)",
            Self::NextMatch => "next search match",
            Self::PrevMatch => "previous search match",
            Self::WriteLogs => "write the buffer to a file (records as JSON lines)",
            Self::Reshard => "reshard: plan a new shard count (UpdateShardCount)",
            Self::Split => "split the selected shard (midpoint, a percent or a hash key)",
            Self::Merge => "merge the selected shard with its adjacent neighbour",
            Self::CapacityMode => "switch capacity mode (on-demand ↔ provisioned)",
            Self::Retention => "change the retention period (a decrease deletes older data)",
            Self::Warm => "warm an on-demand stream to its recommended MiB/s (Advantage; :warm N)",
            Self::Spread => {
                "spread records evenly (AUTO distribution, on-demand): per-key order is lost"
            }
            Self::Snapshot => "take a snapshot of the application (CreateApplicationSnapshot)",
            Self::DeleteSnapshot => "delete the selected snapshot (Snapshots tab)",
            Self::Start => "start the application, restoring a snapshot or not",
            Self::Stop => "stop the application (graceful, or forced)",
            Self::Deploy => "deploy another version of the code from S3 (UpdateApplication)",
            Self::Scale => "scale: parallelism, per KPU, autoscaling (UpdateApplication)",
            Self::Rollback => "open the rollback guide: what is wrong, what changed, the way back",
            Self::OtherPath => "the other way back the guide offers",
            Self::ChooseSnapshot => {
                "restore the snapshot under the cursor instead (again: the rules' choice)"
            }
            Self::Plan => "plan the way back shown, then confirm it by typing the name",
            Self::ReadShard => {
                "read the selected shard's records from now on (:records reads every shard)"
            }
            Self::Keys => "partition keys of the records read; s there splits the hottest shard",
            Self::Contexts => "the watched contexts: their counts and alarms; enter switches",
            Self::None => "unbound",
        }
    }

    pub fn parse(name: &str) -> Result<Self, String> {
        use serde::de::IntoDeserializer;
        let deserializer: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
            name.into_deserializer();
        Self::deserialize(deserializer).map_err(|e| e.to_string())
    }
}
