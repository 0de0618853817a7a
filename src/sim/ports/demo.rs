//! DemoPort over the simulated account: its own clock, drills and throttling.
use super::super::SimAccount;
use crate::domain::drill::Drill;

impl crate::ports::DemoPort for SimAccount {
    fn now(&self) -> crate::domain::Timestamp {
        self.clock().now()
    }

    fn drill(&self, drill: &Drill) {
        SimAccount::drill(self, drill);
    }

    fn set_throttling(&self, on: bool) {
        SimAccount::set_throttling(self, on);
    }
}
