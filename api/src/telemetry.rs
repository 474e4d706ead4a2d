//! Logging: readable lines by default, JSON for log collectors.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

static INITIALISED: AtomicBool = AtomicBool::new(false);

/// Installs the global subscriber; a second call (as in tests) keeps the
/// first. Colours only when standard output is a terminal.
pub fn init(format: LogFormat, filter: &str) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(std::io::stdout().is_terminal());
    let _already_set = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
    };
    INITIALISED.store(true, Ordering::Relaxed);
}

/// True once `init` has run, so that errors go to the log, not to stderr.
pub fn is_initialised() -> bool {
    INITIALISED.load(Ordering::Relaxed)
}
