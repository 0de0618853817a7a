//! The test process's diagnostic log: tracing at every level, as the console writes its log file, installed once per test binary so every test that must keep a secret out of it can read it.
use std::sync::{Arc, Mutex, OnceLock};

/// Everything traced in this process so far.
#[derive(Clone, Default)]
pub struct Log(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Log {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Log {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// The process's log, its subscriber installed on first use: global, because a subscriber
/// for one thread misses what tracing decided on the runtime's other threads.
pub fn diagnostic_log() -> Log {
    static LOG: OnceLock<Log> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Log::default();
        let writer = log.clone();
        tracing::subscriber::set_global_default(
            tracing_subscriber::fmt()
                .with_writer(move || writer.clone())
                .with_ansi(false)
                .with_max_level(tracing::Level::TRACE)
                .finish(),
        )
        .expect("only diagnostic_log sets the global subscriber");
        log
    })
    .clone()
}
