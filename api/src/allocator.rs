//! The server's memory allocator: mimalloc, told to hand memory back to the
//! system as soon as it is free.
//!
//! By default mimalloc commits its arenas ahead of use and keeps freed pages
//! for a while in case they are wanted again. Loading the word segmenter's
//! dictionary frees tens of megabytes of parsing at once, and the server
//! then held them for good. Measured with a probe that loads what the
//! server loads: 126 MB resident when idle on SQLite with the defaults,
//! 101 MB with the two options below; under `cargo xtask bench` at 100,000
//! complaints, a peak of 167.1 MB on SQLite instead of 212.2 MB
//! (BENCHMARKS.md).
//!
//! mimalloc reads its options from the environment when the process starts,
//! before `main`, and this crate forbids the `unsafe` that setting them
//! later would take. So a server started without them starts itself again
//! at once, in the same process (`exec`), with them added; options the
//! operator set are kept as they are.

use std::ffi::OsString;

/// Commit arena memory as it is used, and purge freed pages at once.
const OPTIONS: [(&str, &str); 2] = [
    ("MIMALLOC_ARENA_EAGER_COMMIT", "0"),
    ("MIMALLOC_PURGE_DELAY", "0"),
];

/// The options this process lacks, to be added for the next start.
fn missing(present: impl Fn(&str) -> bool) -> Vec<(&'static str, &'static str)> {
    OPTIONS
        .into_iter()
        .filter(|(name, _)| !present(name))
        .collect()
}

/// Replaces this process with the same program, arguments and environment
/// plus the missing options; returns only when there were none to add or
/// the restart failed (then the server runs with mimalloc's defaults).
#[cfg(unix)]
pub fn return_freed_memory() {
    use std::os::unix::process::CommandExt;

    let missing = missing(|name| std::env::var_os(name).is_some());
    if missing.is_empty() {
        return;
    }
    let Ok(program) = std::env::current_exe() else {
        return;
    };
    let mut arguments = std::env::args_os();
    let name = arguments
        .next()
        .unwrap_or_else(|| OsString::from("redress"));
    let error = std::process::Command::new(program)
        .arg0(name)
        .args(arguments)
        .envs(missing)
        .exec();
    eprintln!(
        "warning: could not restart with the allocator's options ({error}); \
         serving with mimalloc's defaults, which keep more memory"
    );
}

#[cfg(not(unix))]
pub fn return_freed_memory() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_options_not_set_are_added() {
        assert_eq!(missing(|_| false), OPTIONS.to_vec());
        assert_eq!(missing(|_| true), Vec::new());
        assert_eq!(
            missing(|name| name == "MIMALLOC_PURGE_DELAY"),
            vec![("MIMALLOC_ARENA_EAGER_COMMIT", "0")]
        );
    }
}
