//! MinHash signatures of complaint texts: two texts' signatures agree in
//! about the share of positions that their word sets share (their Jaccard
//! similarity), so near-duplicates are found without comparing whole texts.
//! Words come from the same segmenter as public search; one-character words
//! (的, 了, 我…) carry little of the cause and are left out.

use std::collections::BTreeSet;

use crate::search::segment;

/// Positions in a signature: the estimate's standard error is about
/// 1/√64 ≈ 0.06.
const POSITIONS: usize = 64;

/// The MinHash signature of one text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    minima: [u64; POSITIONS],
    /// The text had no word to hash: it resembles nothing.
    empty: bool,
}

impl Signature {
    pub fn of(text: &str) -> Self {
        Self::of_words(&words(text))
    }

    pub fn of_words(words: &BTreeSet<String>) -> Self {
        let mut minima = [u64::MAX; POSITIONS];
        for word in words {
            let base = fnv1a(word.as_bytes());
            for (position, minimum) in minima.iter_mut().enumerate() {
                let hash = mix(base ^ seed(position));
                if hash < *minimum {
                    *minimum = hash;
                }
            }
        }
        Self {
            minima,
            empty: words.is_empty(),
        }
    }

    /// The estimated Jaccard similarity of the two texts' word sets.
    pub fn similarity(&self, other: &Self) -> f32 {
        if self.empty || other.empty {
            return 0.0;
        }
        let agreeing = self
            .minima
            .iter()
            .zip(other.minima.iter())
            .filter(|(a, b)| a == b)
            .count();
        agreeing as f32 / POSITIONS as f32
    }
}

/// The distinct words of a text that a signature hashes.
pub fn words(text: &str) -> BTreeSet<String> {
    segment::document_tokens(text)
        .split(' ')
        .filter(|word| word.chars().count() >= 2)
        .map(str::to_lowercase)
        .collect()
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// A distinct, fixed seed per position, so signatures stay comparable
/// across processes and releases.
fn seed(position: usize) -> u64 {
    mix((position as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// The splitmix64 finaliser: spreads every input bit over the output.
fn mix(mut value: u64) -> u64 {
    value = (value ^ (value >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    value ^ (value >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(words: &[&str]) -> BTreeSet<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn the_same_text_is_fully_similar() {
        let text = "健身房突然关门，预付卡余额无法退款";

        assert_eq!(Signature::of(text).similarity(&Signature::of(text)), 1.0);
    }

    #[test]
    fn the_estimate_follows_the_share_of_common_words() {
        // 30 common words of 50 in all: Jaccard 0.6.
        let common: Vec<String> = (0..30).map(|i| format!("共同{i}")).collect();
        let mut a: BTreeSet<String> = common.iter().cloned().collect();
        let mut b = a.clone();
        a.extend((0..10).map(|i| format!("甲方{i}")));
        b.extend((0..10).map(|i| format!("乙方{i}")));

        let estimate = Signature::of_words(&a).similarity(&Signature::of_words(&b));

        assert!((estimate - 0.6).abs() < 0.2, "{estimate}");
    }

    #[test]
    fn texts_without_common_words_are_not_similar() {
        let a = Signature::of_words(&set(&["预付卡", "健身房", "关门"]));
        let b = Signature::of_words(&set(&["手机", "屏幕", "维修"]));

        assert!(a.similarity(&b) < 0.1, "{}", a.similarity(&b));
    }

    #[test]
    fn an_empty_text_resembles_nothing() {
        let empty = Signature::of("，。！");

        assert_eq!(empty.similarity(&empty), 0.0);
    }

    #[test]
    fn one_character_words_are_not_hashed() {
        let words = words("我的卡里还有钱");

        assert!(words.iter().all(|w| w.chars().count() >= 2), "{words:?}");
    }
}
