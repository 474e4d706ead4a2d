//! From a complaint's text to a sparse vector of hashed features: the words
//! the segmenter finds (Chinese and English alike), Chinese characters and
//! character pairs, and English word pairs. Every feature name is hashed
//! into one of `2^bits` buckets, so the model's size does not grow with the
//! vocabulary.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use jieba_rs::Jieba;

/// Characters of a text that are looked at; the rest of a long text adds
/// little to what it is about.
const MAX_CHARS: usize = 3000;

/// The segmenter with its built-in dictionary, loaded on first use. One
/// per process: the server's search segments with it too, since each copy
/// of the dictionary takes tens of megabytes.
pub fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// A text's features: bucket indices, ascending and distinct, with weights
/// scaled to unit length.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureVector {
    pub entries: Vec<(u32, f32)>,
}

/// Turns texts into feature vectors of a fixed number of buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Featurizer {
    bits: u8,
}

impl Featurizer {
    /// Features hashed into `2^bits` buckets (`bits` between 8 and 24).
    pub fn new(bits: u8) -> Self {
        Self {
            bits: bits.clamp(8, 24),
        }
    }

    /// The number of hash bits.
    pub fn bits(self) -> u8 {
        self.bits
    }

    /// The number of buckets.
    pub fn buckets(self) -> usize {
        1 << self.bits
    }

    /// The features of `text`.
    pub fn features(self, text: &str) -> FeatureVector {
        let text = normalise(text);
        let mut counts: BTreeMap<u32, f32> = BTreeMap::new();
        let mut add = |kind: &str, name: &str| {
            *counts.entry(self.bucket(kind, name)).or_default() += 1.0;
        };

        let words: Vec<&str> = jieba()
            .cut(&text, false)
            .into_iter()
            .filter(|word| word.chars().any(char::is_alphanumeric))
            .collect();
        for word in &words {
            add("w", word);
        }
        for pair in words.windows(2) {
            if pair.iter().all(|word| word.is_ascii()) {
                add("p", &format!("{} {}", pair[0], pair[1]));
            }
        }

        let chinese: Vec<char> = text.chars().filter(|c| is_chinese(*c)).collect();
        let mut buffer = [0u8; 8];
        for c in &chinese {
            add("c", c.encode_utf8(&mut buffer));
        }
        for pair in chinese.windows(2) {
            add("b", &pair.iter().collect::<String>());
        }

        unit_length(counts)
    }

    fn bucket(self, kind: &str, name: &str) -> u32 {
        let hash = fnv1a(
            kind.as_bytes(),
            fnv1a(b"|", fnv1a(name.as_bytes(), FNV_OFFSET)),
        );
        (hash % (1u64 << self.bits)) as u32
    }
}

/// Lower case, full-width letters and digits as ASCII, at most
/// [`MAX_CHARS`] characters.
fn normalise(text: &str) -> String {
    text.chars()
        .take(MAX_CHARS)
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_chinese(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Counts damped by a logarithm, then scaled so that long and short texts
/// weigh the same.
fn unit_length(counts: BTreeMap<u32, f32>) -> FeatureVector {
    let damped: Vec<(u32, f32)> = counts
        .into_iter()
        .map(|(bucket, count)| (bucket, 1.0 + count.ln()))
        .collect();
    let norm = damped.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
    let entries = if norm > 0.0 {
        damped.into_iter().map(|(b, v)| (b, v / norm)).collect()
    } else {
        Vec::new()
    };
    FeatureVector { entries }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a, 64 bits: fixed across platforms and releases, unlike the
/// standard library's hasher.
fn fnv1a(bytes: &[u8], mut hash: u64) -> u64 {
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_gives_the_same_unit_length_features() {
        let featurizer = Featurizer::new(16);

        let first = featurizer.features("手机屏幕碎了，客服不理人");
        let second = featurizer.features("手机屏幕碎了，客服不理人");

        assert_eq!(first, second);
        let norm: f32 = first.entries.iter().map(|(_, v)| v * v).sum();
        assert!((norm - 1.0).abs() < 1e-5, "{norm}");
        assert!(first.entries.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn width_and_case_do_not_change_the_features() {
        let featurizer = Featurizer::new(16);

        assert_eq!(
            featurizer.features("ＡＰＰ Crashed"),
            featurizer.features("app crashed")
        );
    }

    #[test]
    fn a_text_without_letters_has_no_features() {
        assert!(Featurizer::new(16).features("！？ ...").entries.is_empty());
    }
}
