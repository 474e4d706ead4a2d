//! Deadlines in working days on the official calendar.

pub mod calendar;

pub use calendar::WorkingDayCalendar;
