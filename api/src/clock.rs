//! The time source. Production reads the system clock; tests move a manual
//! clock instead of sleeping; a demo server runs a clock that its platform
//! admin may move forward, so that replayed cases live through their
//! deadlines in minutes.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;

    /// Sets the clock to `to`. Only the demo and test clocks move (the
    /// caller keeps time from running backwards over recorded events); the
    /// system clock refuses.
    fn move_to(&self, to: DateTime<Utc>) -> Result<(), FixedClock> {
        let _ = to;
        Err(FixedClock)
    }
}

/// This clock follows the system time and cannot be moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedClock;

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until moved.
#[derive(Clone)]
pub struct ManualClock(Arc<Mutex<DateTime<Utc>>>);

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        Self(Arc::new(Mutex::new(start)))
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn move_to(&self, to: DateTime<Utc>) -> Result<(), FixedClock> {
        *self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = to;
        Ok(())
    }
}

/// The system time shifted by an offset: the clock of a demo server. It
/// keeps running between moves, like a real one.
#[derive(Clone, Default)]
pub struct DemoClock(Arc<Mutex<Duration>>);

impl Clock for DemoClock {
    fn now(&self) -> DateTime<Utc> {
        let offset = *self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Utc::now() + offset
    }

    fn move_to(&self, to: DateTime<Utc>) -> Result<(), FixedClock> {
        *self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = to - Utc::now();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_clock_moves_and_keeps_running() {
        let clock = DemoClock::default();
        let target = Utc::now() - Duration::days(3000);

        clock.move_to(target).unwrap();

        let now = clock.now();
        assert!(now >= target && now - target < Duration::seconds(5));
    }

    #[test]
    fn the_system_clock_does_not_move() {
        assert_eq!(
            SystemClock.move_to(Utc::now() + Duration::days(1)),
            Err(FixedClock)
        );
    }
}
