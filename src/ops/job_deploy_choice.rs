//! What the operator types after `:deploy` for a self-managed job: the jar, its options and arguments, the state to start from, or a new job on a cluster.

/// What the operator typed after `:deploy`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeployChoice {
    /// A local path, or the name or id of a jar uploaded to the cluster.
    pub jar: String,
    pub entry_class: Option<String>,
    pub parallelism: Option<u32>,
    /// None: the running version's arguments.
    pub args: Option<Vec<String>>,
    pub allow_non_restored_state: bool,
    /// `--from-savepoint`: start from this state, cancelling the running job (for every case
    /// the guided way back does not cover).
    pub from: Option<FromState>,
    /// `--was JAR|unknown`: the jar the running job runs, when kinetic did not deploy it.
    pub was: Option<String>,
    /// `--cluster NAME`: a new job on that cluster, not a deploy over the selected job.
    pub cluster: Option<String>,
    /// `--name JOB`: the new job's name as its program gives it, needed for a local jar
    /// (a jar on the cluster tells it).
    pub name: Option<String>,
}

/// The state `--from-savepoint` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FromState {
    /// A savepoint's (or a retained checkpoint's) path.
    Path(String),
    /// The newest retained checkpoint of the job's run.
    LatestCheckpoint,
}

/// The `:deploy` syntax, for messages.
pub const USAGE: &str = ":deploy JAR [-p PARALLELISM] [-c ENTRY_CLASS] [--allow-non-restored-state] [--from-savepoint PATH|latest-checkpoint] [--was JAR|unknown] [--cluster NAME [--name JOB]] [-- ARGS...]";

/// Reads `JAR [-p N] [-c CLASS] [--allow-non-restored-state] [-- ARGS...]`.
pub fn parse(line: &str) -> Result<DeployChoice, String> {
    let (options, args) = match line.split_once(" -- ") {
        Some((options, args)) => (options, Some(args)),
        None => match line.strip_suffix(" --") {
            Some(options) => (options, Some("")),
            None => (line, None),
        },
    };
    let mut words = options.split_whitespace();
    let mut choice = DeployChoice {
        args: args.map(|a| a.split_whitespace().map(str::to_string).collect()),
        ..DeployChoice::default()
    };
    while let Some(word) = words.next() {
        match word {
            "-p" | "--parallelism" => {
                let value = words.next().ok_or("-p needs a parallelism")?;
                let parallelism = value
                    .parse::<u32>()
                    .ok()
                    .filter(|p| *p > 0)
                    .ok_or_else(|| format!("parallelism {value} is not a whole number above 0"))?;
                choice.parallelism = Some(parallelism);
            }
            "-c" | "--class" => {
                let value = words.next().ok_or("-c needs an entry class")?;
                choice.entry_class = Some(value.to_string());
            }
            "--allow-non-restored-state" => choice.allow_non_restored_state = true,
            "--was" => {
                let value = words
                    .next()
                    .ok_or("--was needs the jar the running job runs, or unknown")?;
                choice.was = Some(value.to_string());
            }
            "--cluster" => {
                let value = words
                    .next()
                    .ok_or("--cluster needs the name of the Flink cluster to start the job on")?;
                choice.cluster = Some(value.to_string());
            }
            "--name" => {
                let value = words
                    .next()
                    .ok_or("--name needs the new job's name, as its program gives it")?;
                choice.name = Some(value.to_string());
            }
            "--from-savepoint" => {
                let value = words
                    .next()
                    .ok_or("--from-savepoint needs a savepoint's path, or latest-checkpoint")?;
                choice.from = Some(if value == "latest-checkpoint" {
                    FromState::LatestCheckpoint
                } else {
                    FromState::Path(value.to_string())
                });
            }
            other if other.starts_with('-') => {
                return Err(format!("{other} is not an option of {USAGE}"));
            }
            jar if choice.jar.is_empty() => choice.jar = jar.to_string(),
            extra => {
                return Err(format!(
                    "{extra}: one jar only; program arguments go after -- ({USAGE})"
                ));
            }
        }
    }
    if choice.jar.is_empty() {
        return Err(format!("which jar? {USAGE}"));
    }
    if choice.cluster.is_none() && choice.name.is_some() {
        return Err("--name names a new job: give its cluster with --cluster NAME".to_string());
    }
    if choice.cluster.is_some() && choice.was.is_some() {
        return Err(
            "a new job (--cluster) replaces no run: --was names the jar of a job deployed over"
                .to_string(),
        );
    }
    Ok(choice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_reads_jar_options_and_arguments() {
        let choice =
            parse("./job.jar -p 2 -c com.Main --allow-non-restored-state -- 200 16 0").unwrap();
        assert_eq!(choice.jar, "./job.jar");
        assert_eq!(choice.parallelism, Some(2));
        assert_eq!(choice.entry_class.as_deref(), Some("com.Main"));
        assert!(choice.allow_non_restored_state);
        assert_eq!(
            choice.args,
            Some(vec!["200".into(), "16".into(), "0".into()])
        );
        assert_eq!(parse("job.jar").unwrap().args, None);
        assert_eq!(parse("job.jar --").unwrap().args, Some(Vec::new()));
        assert!(parse("").is_err());
        assert!(parse("job.jar -p 0").is_err());
        assert!(parse("job.jar -x").is_err());
        assert!(parse("a.jar b.jar").is_err());
    }

    #[test]
    fn a_new_job_names_its_cluster_and_perhaps_its_name() {
        let choice = parse("./job.jar --cluster prod --name counter -p 2 -- 1").unwrap();
        assert_eq!(choice.cluster.as_deref(), Some("prod"));
        assert_eq!(choice.name.as_deref(), Some("counter"));
        assert_eq!(choice.parallelism, Some(2));
        assert!(parse("job.jar --cluster").is_err());
        let orphan = parse("job.jar --name counter").unwrap_err();
        assert!(orphan.contains("--cluster"), "{orphan}");
        assert!(parse("job.jar --cluster prod --was old.jar").is_err());
        assert!(parse("job.jar --cluster prod --from-savepoint file:/sp/1").is_ok());
    }
}
