//! Drives the real update and effect runner to quiescence, one command at a time (deterministic).
use kinetic::app::Command;
use kinetic::app::effects::EffectRunner;
use kinetic::app::model::Model;
use kinetic::app::update::update;
use std::collections::VecDeque;

/// Executes `commands` and every command their results lead to; returns all that were executed.
pub async fn settle(
    model: &mut Model,
    runner: &EffectRunner,
    commands: Vec<Command>,
) -> Vec<Command> {
    let mut queue: VecDeque<Command> = commands.into();
    let mut executed = Vec::new();
    while let Some(command) = queue.pop_front() {
        executed.push(command.clone());
        if let Some(msg) = runner.execute(command).await {
            queue.extend(update(model, msg));
        }
    }
    executed
}
