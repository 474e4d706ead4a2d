//! Snippets with highlights: a short stretch of the description around the
//! first place a query word occurs, and where each word occurs in it.

use crate::businesses::names::plain;

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

    let first = words
        .iter()
        .filter_map(|word| find(&folded, word, 0))
        .min()
        .unwrap_or(0);
    let start = first.saturating_sub(LEAD);
    let end = (start + SNIPPET).min(chars.len());
    let shown: String = chars[start..end].iter().collect();

    let mut highlights = Vec::new();
    for word in &words {
        let mut at = start;
        while let Some(found) = find(&folded, word, at) {
            if found + word.len() > end {
                break;
            }
            highlights.push([found - start, found - start + word.len()]);
            at = found + word.len();
        }
    }
    (shown, merged(highlights))
}

fn find(haystack: &[char], needle: &[char], from: usize) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    (from..=haystack.len() - needle.len()).find(|&i| haystack[i..i + needle.len()] == *needle)
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
    fn a_text_without_the_words_starts_at_its_beginning() {
        let (text, marks) = snippet("手机屏幕坏了", &words(&["退款"]));
        assert_eq!(text, "手机屏幕坏了");
        assert!(marks.is_empty());
    }
}
