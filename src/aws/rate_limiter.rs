//! A token-bucket limiter that paces one API's calls under its budget.
use super::quotas::ApiBudget;
use std::sync::{Arc, Mutex, OnceLock};
use tokio::time::{Duration, Instant};

/// Shared by every task calling one API; `acquire` waits for a token.
#[derive(Debug)]
pub struct RateLimiter {
    budget: ApiBudget,
    state: Mutex<Bucket>,
    /// Another context's limiter of the same account and region, whose budget this one
    /// spends from once set (`shared_budget`).
    follows: OnceLock<Arc<RateLimiter>>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl RateLimiter {
    pub fn new(budget: ApiBudget) -> Self {
        Self {
            budget,
            state: Mutex::new(Bucket {
                tokens: f64::from(budget.burst),
                updated: Instant::now(),
            }),
            follows: OnceLock::new(),
        }
    }

    /// From now on, calls spend `leader`'s budget (the same API, another context of the same
    /// account and region). False when it already follows one, or `leader` leads back here.
    pub fn follow(&self, leader: Arc<RateLimiter>) -> bool {
        if leader.budget.api != self.budget.api || std::ptr::eq(leader.leader(), self) {
            return false;
        }
        self.follows.set(leader).is_ok()
    }

    /// The limiter whose budget this one spends: itself, or the end of what it follows.
    fn leader(&self) -> &RateLimiter {
        let mut limiter = self;
        while let Some(next) = limiter.follows.get() {
            limiter = next;
        }
        limiter
    }

    pub fn budget(&self) -> ApiBudget {
        self.budget
    }

    /// Waits until a call may be sent. Reserving before sleeping keeps waiters in order.
    pub async fn acquire(&self) {
        let wait = self.leader().reserve(Instant::now());
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// Takes a token (possibly going into debt) and returns how long to wait for it.
    fn reserve(&self, now: Instant) -> Duration {
        let mut bucket = match self.state.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens =
            (bucket.tokens + elapsed * self.budget.rate_per_sec).min(f64::from(self.budget.burst));
        bucket.updated = now;
        bucket.tokens -= 1.0;
        if bucket.tokens >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-bucket.tokens / self.budget.rate_per_sec)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUDGET: ApiBudget = ApiBudget {
        api: "Test",
        quota_tps: 20.0,
        rate_per_sec: 10.0,
        burst: 2,
    };

    #[test]
    fn a_follower_spends_its_leader_s_budget() {
        let leader = Arc::new(RateLimiter::new(BUDGET));
        let follower = Arc::new(RateLimiter::new(BUDGET));
        assert!(follower.follow(Arc::clone(&leader)));
        assert!(!leader.follow(Arc::clone(&follower)), "no circle");
        let now = Instant::now();
        assert_eq!(follower.leader().reserve(now), Duration::ZERO);
        assert_eq!(leader.reserve(now), Duration::ZERO);
        assert!(
            follower.leader().reserve(now) > Duration::ZERO,
            "the burst of two is spent between them"
        );
    }

    #[test]
    fn burst_is_free_then_calls_are_spaced_at_the_rate() {
        let limiter = RateLimiter::new(BUDGET);
        let now = Instant::now();
        assert_eq!(limiter.reserve(now), Duration::ZERO);
        assert_eq!(limiter.reserve(now), Duration::ZERO);
        let third = limiter.reserve(now);
        let fourth = limiter.reserve(now);
        assert!((third.as_secs_f64() - 0.1).abs() < 1e-6, "{third:?}");
        assert!((fourth.as_secs_f64() - 0.2).abs() < 1e-6, "{fourth:?}");
    }

    #[test]
    fn idle_time_refills_up_to_the_burst_only() {
        let limiter = RateLimiter::new(BUDGET);
        let now = Instant::now();
        limiter.reserve(now);
        limiter.reserve(now);
        let later = now + Duration::from_secs(60);
        assert_eq!(limiter.reserve(later), Duration::ZERO);
        assert_eq!(limiter.reserve(later), Duration::ZERO);
        assert!(limiter.reserve(later) > Duration::ZERO);
    }
}
