//! The simulator's notion of now: the wall clock for the demo (optionally sped up), a
//! hand-moved clock for tests.
use crate::domain::Timestamp;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
pub enum SimClock {
    Wall,
    /// The wall clock running `factor` times faster from `origin` (`--demo-speed`).
    Fast {
        origin: Timestamp,
        factor: f64,
    },
    Manual(Arc<Mutex<Timestamp>>),
}

impl SimClock {
    pub fn manual(start: Timestamp) -> Self {
        Self::Manual(Arc::new(Mutex::new(start)))
    }

    /// The wall clock, `factor` times faster from now on (1 is the wall clock itself).
    pub fn fast(factor: f64) -> Self {
        if factor <= 1.0 {
            return Self::Wall;
        }
        Self::Fast {
            origin: chrono::Utc::now(),
            factor,
        }
    }

    pub fn now(&self) -> Timestamp {
        match self {
            Self::Wall => chrono::Utc::now(),
            Self::Fast { origin, factor } => {
                let real = (chrono::Utc::now() - *origin).num_milliseconds() as f64;
                *origin + chrono::Duration::milliseconds((real * factor) as i64)
            }
            Self::Manual(t) => *t.lock().unwrap_or_else(std::sync::PoisonError::into_inner),
        }
    }

    /// Moves a manual clock forward; the wall clock ignores this.
    pub fn advance(&self, by: chrono::Duration) {
        if let Self::Manual(t) = self {
            let mut now = t.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            *now += by;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fast_clock_runs_ahead_of_the_wall_and_speed_one_is_the_wall() {
        assert!(matches!(SimClock::fast(1.0), SimClock::Wall));
        let fast = SimClock::Fast {
            origin: chrono::Utc::now() - chrono::Duration::seconds(10),
            factor: 50.0,
        };
        let ahead = fast.now() - chrono::Utc::now();
        assert!(ahead >= chrono::Duration::seconds(480), "{ahead}");
    }
}
