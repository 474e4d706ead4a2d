//! Deadlines in working days on the official calendar.

pub mod calendar;
pub mod deadline;

pub use calendar::WorkingDayCalendar;
pub use deadline::{Deadline, DeadlinePolicy};
