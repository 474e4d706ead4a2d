//! Held-out evaluation: a seeded split, accuracy, macro-averaged F1 and the
//! majority-class baseline.

use std::collections::{BTreeMap, BTreeSet};

use crate::random::SplitMix;

/// Indices `0..count` split into training and held-out parts, the held-out
/// part `held_out_percent` of the whole, the same for the same seed.
pub fn split(count: usize, held_out_percent: usize, seed: u64) -> (Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (0..count).collect();
    SplitMix::new(seed).shuffle(&mut order);
    let held_out = count * held_out_percent / 100;
    let mut test = order[..held_out].to_vec();
    let mut train = order[held_out..].to_vec();
    test.sort_unstable();
    train.sort_unstable();
    (train, test)
}

/// How well predictions match the truth.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// Share of predictions that are right.
    pub accuracy: f64,
    /// F1 averaged over the true labels, each counting the same.
    pub macro_f1: f64,
}

/// Accuracy and macro-F1 of `(truth, prediction)` pairs.
pub fn score(pairs: &[(&str, &str)]) -> Scores {
    if pairs.is_empty() {
        return Scores {
            accuracy: 0.0,
            macro_f1: 0.0,
        };
    }
    let right = pairs.iter().filter(|(truth, guess)| truth == guess).count();
    let labels: BTreeSet<&str> = pairs.iter().map(|(truth, _)| *truth).collect();
    let f1_sum: f64 = labels.iter().map(|label| f1(pairs, label)).sum();
    Scores {
        accuracy: right as f64 / pairs.len() as f64,
        macro_f1: f1_sum / labels.len() as f64,
    }
}

fn f1(pairs: &[(&str, &str)], label: &str) -> f64 {
    let hits = pairs
        .iter()
        .filter(|(t, g)| *t == label && *g == label)
        .count() as f64;
    let guessed = pairs.iter().filter(|(_, g)| *g == label).count() as f64;
    let actual = pairs.iter().filter(|(t, _)| *t == label).count() as f64;
    if hits == 0.0 {
        return 0.0;
    }
    let precision = hits / guessed;
    let recall = hits / actual;
    2.0 * precision * recall / (precision + recall)
}

/// The most frequent of `labels` (the first in order on a tie).
pub fn majority<'a>(labels: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for label in labels {
        *counts.entry(label).or_default() += 1;
    }
    let mut best: Option<(&str, usize)> = None;
    for (label, count) in counts {
        if best.is_none_or(|(_, top)| count > top) {
            best = Some((label, count));
        }
    }
    best.map(|(label, _)| label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_of_a_small_confusion_are_worked_out_by_hand() {
        let pairs = [("a", "a"), ("a", "b"), ("b", "b"), ("b", "b")];

        let scores = score(&pairs);

        assert!((scores.accuracy - 0.75).abs() < 1e-9);
        // a: p=1, r=1/2, f1=2/3; b: p=2/3, r=1, f1=4/5.
        assert!((scores.macro_f1 - (2.0 / 3.0 + 0.8) / 2.0).abs() < 1e-9);
    }

    #[test]
    fn the_split_is_a_fixed_partition() {
        let (train, test) = split(100, 20, 7);

        assert_eq!(test.len(), 20);
        assert_eq!(train.len(), 80);
        assert!(test.iter().all(|i| !train.contains(i)));
        assert_eq!(split(100, 20, 7), (train, test));
    }

    #[test]
    fn the_majority_is_the_most_frequent_label() {
        assert_eq!(majority(["x", "y", "y", "z"]), Some("y"));
        assert_eq!(majority([]), None);
    }
}
