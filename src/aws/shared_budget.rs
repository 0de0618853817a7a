//! One budget per account and region: contexts that reach the same account in the same region (two profiles, a watched one and the one in view) pace their calls together under half of each quota, as AWS counts them together.
use super::rate_limiter::RateLimiter;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Where calls are counted together: the endpoint (AWS's own, or a custom one), the account
/// and the region.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BudgetKey {
    pub endpoint: Option<String>,
    pub account: String,
    pub region: String,
}

/// The limiters that lead each key, by API, and how many connections joined it.
#[derive(Default)]
pub struct SharedBudgets(Mutex<HashMap<BudgetKey, Budget>>);

#[derive(Default)]
struct Budget {
    leaders: HashMap<&'static str, Arc<RateLimiter>>,
    joined: usize,
}

impl SharedBudgets {
    /// The process's one registry.
    pub fn global() -> &'static SharedBudgets {
        static GLOBAL: std::sync::OnceLock<SharedBudgets> = std::sync::OnceLock::new();
        GLOBAL.get_or_init(SharedBudgets::default)
    }

    /// A connection to `key` with `limiters`: each follows the limiter already leading its
    /// API there, or leads it. Returns how many now follow another context's.
    pub fn join(&self, key: BudgetKey, limiters: &[Arc<RateLimiter>]) -> usize {
        let mut all = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let budget = all.entry(key).or_default();
        budget.joined += 1;
        let leaders = &mut budget.leaders;
        let mut following = 0;
        for limiter in limiters {
            let api = limiter.budget().api;
            match leaders.get(api) {
                Some(leader) if Arc::ptr_eq(leader, limiter) => {}
                Some(leader) => {
                    if limiter.follow(Arc::clone(leader)) {
                        following += 1;
                    }
                }
                None => {
                    leaders.insert(api, Arc::clone(limiter));
                }
            }
        }
        following
    }

    /// How many connections have joined `key`'s budget.
    pub fn joined(&self, key: &BudgetKey) -> usize {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(key)
            .map_or(0, |budget| budget.joined)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::quotas;

    fn key(account: &str, region: &str) -> BudgetKey {
        BudgetKey {
            endpoint: None,
            account: account.into(),
            region: region.into(),
        }
    }

    fn limiters() -> Vec<Arc<RateLimiter>> {
        vec![
            Arc::new(RateLimiter::new(quotas::LIST_STREAMS)),
            Arc::new(RateLimiter::new(quotas::DESCRIBE_ALARMS)),
        ]
    }

    #[test]
    fn the_same_account_and_region_share_one_budget() {
        let budgets = SharedBudgets::default();
        let (first, second) = (limiters(), limiters());
        assert_eq!(budgets.join(key("111111111111", "us-east-1"), &first), 0);
        assert_eq!(budgets.join(key("111111111111", "us-east-1"), &second), 2);
        assert_eq!(budgets.joined(&key("111111111111", "us-east-1")), 2);
    }

    #[test]
    fn another_region_account_or_endpoint_has_its_own() {
        let budgets = SharedBudgets::default();
        budgets.join(key("111111111111", "us-east-1"), &limiters());
        assert_eq!(
            budgets.join(key("111111111111", "eu-west-1"), &limiters()),
            0
        );
        assert_eq!(
            budgets.join(key("222222222222", "us-east-1"), &limiters()),
            0
        );
        let local = BudgetKey {
            endpoint: Some("http://localhost:5000".into()),
            ..key("111111111111", "us-east-1")
        };
        assert_eq!(budgets.join(local, &limiters()), 0);
    }
}
