//! Data that is loaded over the network: remembers when it was loaded and keeps the last good value on failure.
use super::{PortError, Timestamp};

/// The state of one panel's data.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Loadable<T> {
    #[default]
    NotAsked,
    /// First load in flight; nothing to show yet.
    Loading,
    Loaded {
        value: T,
        at: Timestamp,
    },
    /// The latest load failed; the last good value (if any) stays on screen, marked stale.
    Failed {
        error: PortError,
        at: Timestamp,
        last_good: Option<(T, Timestamp)>,
    },
}

impl<T> Loadable<T> {
    /// The value to show: fresh or stale.
    pub fn value(&self) -> Option<&T> {
        match self {
            Self::Loaded { value, .. } => Some(value),
            Self::Failed {
                last_good: Some((value, _)),
                ..
            } => Some(value),
            _ => None,
        }
    }

    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            Self::Loaded { value, .. } => Some(value),
            Self::Failed {
                last_good: Some((value, _)),
                ..
            } => Some(value),
            _ => None,
        }
    }

    /// When the value on screen was loaded.
    pub fn as_of(&self) -> Option<Timestamp> {
        match self {
            Self::Loaded { at, .. } => Some(*at),
            Self::Failed {
                last_good: Some((_, at)),
                ..
            } => Some(*at),
            _ => None,
        }
    }

    /// The error of the latest attempt, if it failed.
    pub fn error(&self) -> Option<&PortError> {
        match self {
            Self::Failed { error, .. } => Some(error),
            _ => None,
        }
    }

    /// True when a value is shown but the latest refresh of it failed.
    pub fn is_stale(&self) -> bool {
        matches!(
            self,
            Self::Failed {
                last_good: Some(_),
                ..
            }
        )
    }

    pub fn is_loading(&self) -> bool {
        matches!(self, Self::Loading)
    }

    /// Marks a first load as started; a refresh of loaded data keeps showing the data.
    pub fn start(&mut self) {
        if matches!(self, Self::NotAsked) {
            *self = Self::Loading;
        }
    }

    /// Applies a load result; a failure keeps the last good value.
    pub fn finish(&mut self, result: Result<T, PortError>, at: Timestamp) {
        let previous = std::mem::take(self);
        *self = match result {
            Ok(value) => Self::Loaded { value, at },
            Err(error) => {
                let last_good = match previous {
                    Self::Loaded { value, at } => Some((value, at)),
                    Self::Failed { last_good, .. } => last_good,
                    Self::NotAsked | Self::Loading => None,
                };
                Self::Failed {
                    error,
                    at,
                    last_good,
                }
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::from_epoch_secs;

    #[test]
    fn failure_keeps_the_last_good_value_and_its_time() {
        let mut list: Loadable<Vec<u8>> = Loadable::NotAsked;
        list.start();
        assert!(list.is_loading());
        list.finish(Ok(vec![1, 2]), from_epoch_secs(10));
        list.finish(
            Err(PortError::Throttled {
                api: "ListStreams".into(),
            }),
            from_epoch_secs(20),
        );
        assert!(list.is_stale());
        assert_eq!(list.value(), Some(&vec![1, 2]));
        assert_eq!(list.as_of(), Some(from_epoch_secs(10)));
        list.finish(
            Err(PortError::Throttled {
                api: "ListStreams".into(),
            }),
            from_epoch_secs(30),
        );
        assert_eq!(list.as_of(), Some(from_epoch_secs(10)));
        list.finish(Ok(vec![3]), from_epoch_secs(40));
        assert!(!list.is_stale());
        assert_eq!(list.value(), Some(&vec![3]));
    }

    #[test]
    fn first_failure_has_nothing_to_show() {
        let mut list: Loadable<u8> = Loadable::Loading;
        list.finish(
            Err(PortError::NotFound {
                resource: "stream x".into(),
            }),
            from_epoch_secs(1),
        );
        assert!(list.value().is_none());
        assert!(!list.is_stale());
        assert!(list.error().is_some());
    }
}
