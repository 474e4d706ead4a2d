//! Prints precision, recall and F1 of redaction per kind on a labelled set.
//!
//!     cargo run -p api --example redaction_report [SET.jsonl] [--mistakes]

use std::process::ExitCode;

use api::disclosure::evaluation::{evaluate, parse_set};

fn main() -> ExitCode {
    let path = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .unwrap_or_else(|| "api/tests/data/redaction_set.jsonl".to_owned());
    let set = match std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|s| parse_set(&s))
    {
        Ok(set) => set,
        Err(e) => {
            eprintln!("cannot read the labelled set {path}: {e}");
            return ExitCode::FAILURE;
        }
    };

    let evaluation = evaluate(&set);

    print!("{evaluation}");
    if std::env::args().any(|a| a == "--mistakes") {
        evaluation.mistakes.iter().for_each(|m| println!("{m}"));
    }
    ExitCode::SUCCESS
}
