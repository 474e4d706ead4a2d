//! Precision and recall of redaction on a labelled set of sentences.
//!
//! Each line of the set is a JSON object: the `text`, the `known` names the
//! caller would supply, and the `spans` a reader expects removed, each as a
//! `kind` code and the exact `text` removed. A removal counts as right only
//! when both its kind and its exact text match an expected span.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use super::redaction::{KnownNames, RedactedKind, redact};

#[derive(Debug, Deserialize)]
pub struct LabelledSentence {
    pub text: String,
    #[serde(default)]
    pub known: Vec<String>,
    pub spans: Vec<ExpectedSpan>,
}

#[derive(Debug, Deserialize)]
pub struct ExpectedSpan {
    pub kind: String,
    pub text: String,
}

/// Right, wrong and missed removals of one kind.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub right: usize,
    pub wrong: usize,
    pub missed: usize,
}

impl Tally {
    pub fn precision(&self) -> f64 {
        ratio(self.right, self.right + self.wrong)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.right, self.right + self.missed)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, other: Tally) {
        self.right += other.right;
        self.wrong += other.wrong;
        self.missed += other.missed;
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// The tallies per kind over a whole set, and the sentences that went wrong.
#[derive(Debug, Default)]
pub struct Evaluation {
    pub sentences: usize,
    pub per_kind: BTreeMap<RedactedKind, Tally>,
    pub mistakes: Vec<String>,
}

impl Evaluation {
    pub fn overall(&self) -> Tally {
        let mut all = Tally::default();
        self.per_kind.values().for_each(|t| all.add(*t));
        all
    }

    pub fn of(&self, kind: RedactedKind) -> Tally {
        self.per_kind.get(&kind).copied().unwrap_or_default()
    }
}

/// Reads a JSON-lines set; the error names the line that could not be read.
pub fn parse_set(jsonl: &str) -> Result<Vec<LabelledSentence>, String> {
    jsonl
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1)))
        .collect()
}

pub fn evaluate(set: &[LabelledSentence]) -> Evaluation {
    let mut evaluation = Evaluation {
        sentences: set.len(),
        ..Default::default()
    };
    for sentence in set {
        score(sentence, &mut evaluation);
    }
    evaluation
}

fn score(sentence: &LabelledSentence, evaluation: &mut Evaluation) {
    let redacted = redact(&sentence.text, &KnownNames::new(&sentence.known));
    let mut expected: Vec<(String, &str)> = sentence
        .spans
        .iter()
        .map(|s| (s.kind.clone(), s.text.as_str()))
        .collect();

    for span in &redacted.spans {
        let removed = &sentence.text[span.start..span.end];
        let tally = evaluation.per_kind.entry(span.kind).or_default();
        let hit = expected
            .iter()
            .position(|(k, t)| k == span.kind.code() && *t == removed);
        match hit {
            Some(at) => {
                expected.remove(at);
                tally.right += 1;
            }
            None => {
                tally.wrong += 1;
                let note = format!(
                    "wrong {} {removed:?} in {}",
                    span.kind.code(),
                    redacted.text
                );
                evaluation.mistakes.push(note);
            }
        }
    }

    for (kind, text) in expected {
        let Some(kind) = RedactedKind::from_code(&kind) else {
            continue;
        };
        evaluation.per_kind.entry(kind).or_default().missed += 1;
        evaluation.mistakes.push(format!(
            "missed {} {text:?} in {}",
            kind.code(),
            redacted.text
        ));
    }
}

impl fmt::Display for Evaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} sentences", self.sentences)?;
        writeln!(
            f,
            "| kind | expected | right | wrong | missed | precision | recall | F1 |"
        )?;
        writeln!(
            f,
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        )?;
        let rows = self.per_kind.iter().map(|(k, t)| (k.code(), *t));
        for (name, t) in rows.chain([("overall", self.overall())]) {
            writeln!(
                f,
                "| {name} | {} | {} | {} | {} | {:.3} | {:.3} | {:.3} |",
                t.right + t.missed,
                t.right,
                t.wrong,
                t.missed,
                t.precision(),
                t.recall(),
                t.f1()
            )?;
        }
        Ok(())
    }
}
