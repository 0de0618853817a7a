//! The simulator's notion of now: the wall clock for the demo, a hand-moved clock for tests.
use crate::domain::Timestamp;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
pub enum SimClock {
    Wall,
    Manual(Arc<Mutex<Timestamp>>),
}

impl SimClock {
    pub fn manual(start: Timestamp) -> Self {
        Self::Manual(Arc::new(Mutex::new(start)))
    }

    pub fn now(&self) -> Timestamp {
        match self {
            Self::Wall => chrono::Utc::now(),
            Self::Manual(t) => *t.lock().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Moves a manual clock forward; the wall clock ignores this.
    pub fn advance(&self, by: chrono::Duration) {
        if let Self::Manual(t) = self {
            let mut now = t.lock().unwrap_or_else(|p| p.into_inner());
            *now += by;
        }
    }
}
