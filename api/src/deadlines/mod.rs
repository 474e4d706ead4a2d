//! Deadlines in working days on the official calendar.

pub mod calendar;
pub mod deadline;
pub mod store;
pub mod sweeper;

pub use calendar::WorkingDayCalendar;
pub use deadline::{Deadline, DeadlinePolicy};
