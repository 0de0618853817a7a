//! The `:` commands the console knows and what each does: the command line completes them and
//! the help screen lists them.

/// Commands the line knows, for completion and the help screen.
pub const COMMANDS: [(&str, &str); 31] = [
    ("streams", "Kinesis data streams (home)"),
    (
        "apps",
        "Managed Flink applications, and the jobs of self-managed clusters",
    ),
    (
        "job",
        "Flink's own view of the selected or open application's job: operators, bottleneck, checkpoints, exceptions: :job [APP]",
    ),
    ("pulse", "jump to the worst stream or application"),
    ("logs", "CloudWatch logs: :logs GROUP [STREAM-PREFIX]"),
    (
        "records",
        "records of the stream in view: :records [trim-horizon|latest|15m|10:30] [SHARD]",
    ),
    (
        "keys",
        "partition keys of the records read, and where to split the hottest shard",
    ),
    (
        "snapshot",
        "take a snapshot of the selected or open application: :snapshot [NAME]",
    ),
    (
        "deploy",
        "deploy another code version to the selected or open application",
    ),
    ("scale", "scale the selected or open application"),
    ("start", "start the selected or open application"),
    (
        "stop",
        "stop the selected or open application (a self-managed job: :stop [drain|force])",
    ),
    (
        "metrics-level",
        "what the selected or open Managed Flink application reports to CloudWatch: :metrics-level task|operator|parallelism|application",
    ),
    (
        "maintenance",
        "move the daily maintenance window of the selected or open Managed Flink application: :maintenance HH:MM (UTC)",
    ),
    (
        "rollback",
        "the rollback guide of the selected or open application: :rollback [APP] [--jar JAR] (the jar a self-managed job's version 0 ran)",
    ),
    (
        "timeline",
        "write the incident timeline (Markdown) of an application: :timeline [APP]",
    ),
    (
        "alarms",
        "alarms in ALARM or INSUFFICIENT_DATA on the streams and applications, newest first",
    ),
    (
        "contexts",
        "the watched contexts ([[watch]], --watch): counts, alarms, staleness; enter switches",
    ),
    (
        "ctx",
        "AWS profiles; :ctx NAME switches to one (the screens start over)",
    ),
    (
        "region",
        "the region; :region NAME switches (tab completes)",
    ),
    (
        "console",
        "the AWS console link of the stream or application in view (copied with OSC 52)",
    ),
    (
        "dashboard",
        "a Flink dashboard link for a running application (open it within 3 minutes): :dashboard [APP]",
    ),
    (
        "warm",
        "warm throughput of the on-demand stream in view (Advantage): :warm [MIBPS]",
    ),
    (
        "advantage",
        "the account's On-demand Advantage mode in this region: :advantage on|off",
    ),
    (
        "distribution",
        "how the stream in view places records: :distribution auto|partition-key",
    ),
    (
        "max-record-size",
        "the largest record the stream in view takes: :max-record-size KIB (1024–10240)",
    ),
    (
        "channel",
        "a delivery channel's data freshness: :channel NAME freshness SECONDS (300–900)",
    ),
    ("help", "key bindings"),
    ("throttle", "simulated account only: throttle on|off"),
    (
        "drill",
        "simulated account only: drill conflict|snapshots-full APP, drill burst|hot-key STREAM, or drill faults PERCENT|off",
    ),
    ("quit", "leave kinetic"),
];
