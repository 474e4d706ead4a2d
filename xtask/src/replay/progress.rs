//! A one-line progress bar on standard error; where standard error is not a
//! terminal (CI logs), a plain line at every tenth instead.

use std::cell::Cell;
use std::io::{IsTerminal, Write};
use std::time::Instant;

pub struct Progress {
    total: usize,
    started: Instant,
    shown: bool,
    terminal: bool,
    /// The last tenth written as a plain line.
    tenth: Cell<usize>,
}

impl Progress {
    pub fn new(total: usize, shown: bool) -> Self {
        Self {
            total,
            started: Instant::now(),
            shown,
            terminal: std::io::stderr().is_terminal(),
            tenth: Cell::new(0),
        }
    }

    /// Redraws the bar: steps done of all, the replay's date, errors so far.
    pub fn show(&self, done: usize, date: &str, errors: usize) {
        if !self.shown {
            return;
        }
        const WIDTH: usize = 30;
        let share = if self.total == 0 {
            1.0
        } else {
            done as f64 / self.total as f64
        };
        if !self.terminal {
            let tenth = (share * 10.0) as usize;
            if tenth > self.tenth.get() {
                self.tenth.set(tenth);
                eprintln!(
                    "replay: {}% of {} steps, at {date}, {errors} errors, {}s",
                    tenth * 10,
                    self.total,
                    self.started.elapsed().as_secs()
                );
            }
            return;
        }
        let filled = ((share * WIDTH as f64) as usize).min(WIDTH);
        eprint!(
            "\r[{}{}] {:>3}% {done}/{} steps  {date}  {errors} errors  {}s ",
            "#".repeat(filled),
            " ".repeat(WIDTH - filled),
            (share * 100.0) as u32,
            self.total,
            self.started.elapsed().as_secs()
        );
        let _ = std::io::stderr().flush();
    }

    pub fn finish(&self) {
        if self.shown && self.terminal {
            eprintln!();
        }
    }
}
