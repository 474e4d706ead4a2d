//! Snippets with highlights: a short stretch of the description around the
//! first place a query word occurs, and where each word occurs in it.
//! Redaction placeholders (【手机号】) are not words of the text: a query for
//! 手机 never highlights inside one.

use crate::businesses::names::plain;
use crate::disclosure::RedactedKind;

/// Characters in a snippet.
const SNIPPET: usize = 120;
/// Characters shown before the first match.
const LEAD: usize = 30;

/// The snippet and the `[start, end)` character ranges of the words in it.
pub fn snippet(text: &str, words: &[String]) -> (String, Vec<[usize; 2]>) {
    let chars: Vec<char> = text.chars().collect();
    // `plain` maps each character to exactly one, so positions agree.
    let folded: Vec<char> = plain(text).chars().collect();
    let words: Vec<Vec<char>> = words.iter().map(|w| w.chars().collect()).collect();
    let text = Text {
        folded,
        placeholders: placeholders(&chars),
    };

    let first = words
        .iter()
        .filter_map(|word| text.find(word, 0))
        .min()
        .unwrap_or(0);
    let start = first.saturating_sub(LEAD);
    let end = (start + SNIPPET).min(chars.len());
    let shown: String = chars[start..end].iter().collect();

    let mut highlights = Vec::new();
    for word in &words {
        let mut at = start;
        while let Some(found) = text.find(word, at) {
            if found + word.len() > end {
                break;
            }
            highlights.push([found - start, found - start + word.len()]);
            at = found + word.len();
        }
    }
    (shown, merged(highlights))
}

/// The folded text and the character ranges of its placeholders.
struct Text {
    folded: Vec<char>,
    placeholders: Vec<[usize; 2]>,
}

impl Text {
    /// The first occurrence of `needle` at or after `from` that touches no
    /// placeholder.
    fn find(&self, needle: &[char], from: usize) -> Option<usize> {
        let haystack = &self.folded;
        if needle.is_empty() || haystack.len() < needle.len() {
            return None;
        }
        (from..=haystack.len() - needle.len()).find(|&i| {
            let end = i + needle.len();
            haystack[i..end] == *needle
                && self.placeholders.iter().all(|p| end <= p[0] || p[1] <= i)
        })
    }
}

/// Where the redaction placeholders stand, in characters.
fn placeholders(chars: &[char]) -> Vec<[usize; 2]> {
    let mut found = Vec::new();
    for kind in RedactedKind::ALL {
        let placeholder: Vec<char> = kind.placeholder().chars().collect();
        let n = placeholder.len();
        found.extend(
            (0..chars.len().saturating_sub(n - 1))
                .filter(|&i| chars[i..i + n] == *placeholder)
                .map(|i| [i, i + n]),
        );
    }
    found
}

/// Sorted, with overlapping ranges joined.
fn merged(mut ranges: Vec<[usize; 2]>) -> Vec<[usize; 2]> {
    ranges.sort_unstable();
    let mut out: Vec<[usize; 2]> = Vec::new();
    for range in ranges {
        match out.last_mut() {
            Some(last) if range[0] < last[1] => last[1] = last[1].max(range[1]),
            _ => out.push(range),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn marks_every_occurrence_in_characters() {
        let (text, marks) = snippet("商家拒绝退款，再次申请退款仍被拒", &words(&["退款"]));

        assert_eq!(text, "商家拒绝退款，再次申请退款仍被拒");
        assert_eq!(marks, vec![[4, 6], [11, 13]]);
    }

    #[test]
    fn starts_shortly_before_the_first_match_of_a_long_text() {
        let long = format!("{}退款{}", "很".repeat(200), "好".repeat(200));
        let (text, marks) = snippet(&long, &words(&["退款"]));

        assert_eq!(text.chars().count(), SNIPPET);
        assert_eq!(marks, vec![[LEAD, LEAD + 2]]);
    }

    #[test]
    fn matches_ignore_case_and_width_and_overlaps_join() {
        let (_, marks) = snippet("ＡＰＰ闪退，app 又闪退", &words(&["app", "闪退"]));
        assert_eq!(marks, vec![[0, 3], [3, 5], [6, 9], [11, 13]]);

        let (_, joined) = snippet("退款退款", &words(&["退款", "款退"]));
        assert_eq!(joined, vec![[0, 4]]);
    }

    #[test]
    fn a_word_inside_a_placeholder_is_not_marked() {
        let text = "电话【手机号】，手机坏了";

        let (shown, marks) = snippet(text, &words(&["手机", "号"]));

        assert_eq!(shown, text);
        assert_eq!(marks, vec![[8, 10]]);
    }

    #[test]
    fn a_text_without_the_words_starts_at_its_beginning() {
        let (text, marks) = snippet("手机屏幕坏了", &words(&["退款"]));
        assert_eq!(text, "手机屏幕坏了");
        assert!(marks.is_empty());
    }
}
