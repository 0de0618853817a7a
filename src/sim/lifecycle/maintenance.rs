//! Simulated UpdateApplicationMaintenanceConfiguration: READY or RUNNING only, a start time AWS's pattern accepts, an 8-hour window from it.
use super::{SimApp, in_use};
use crate::domain::flink::MaintenanceWindow;
use crate::domain::{AppStatus, PortError};

impl SimApp {
    pub fn update_maintenance(&mut self, start: &str) -> Result<MaintenanceWindow, PortError> {
        let app = self.name();
        let status = self.status();
        if status != AppStatus::Ready && status != AppStatus::Running {
            return Err(in_use(
                &app,
                format!(
                    "the application is {status}; UpdateApplicationMaintenanceConfiguration needs READY or RUNNING"
                ),
            ));
        }
        // AWS's own pattern for the start: ([01][0-9]|2[0-3]):[0-5][0-9].
        let valid = start.len() == 5
            && start.as_bytes()[2] == b':'
            && start[..2].parse::<u32>().is_ok_and(|h| h < 24)
            && start[3..].parse::<u32>().is_ok_and(|m| m < 60)
            && start.bytes().filter(u8::is_ascii_digit).count() == 4;
        if !valid {
            return Err(PortError::InvalidArgument {
                detail: format!(
                    "1 validation error detected: Value '{start}' at 'applicationMaintenanceConfigurationUpdate.applicationMaintenanceWindowStartTimeUpdate' failed to satisfy constraint"
                ),
            });
        }
        let hour: u32 = start[..2].parse().unwrap_or_default();
        let window = MaintenanceWindow {
            start: start.to_string(),
            end: format!("{:02}{}", (hour + 8) % 24, &start[2..]),
        };
        if let Some(current) = self.versions.last_mut() {
            current.maintenance = Some(window.clone());
        }
        Ok(window)
    }
}
