//! Fitting a long source text into the platform's limits without losing any
//! of it: the description takes what fits, the consumer's messages the rest.

/// Longest description and message the API accepts, in characters.
const LIMIT: usize = 5000;

/// The description and, for a longer text, the messages that continue it.
pub fn split_description(text: &str) -> (String, Vec<String>) {
    let mut parts = Vec::new();
    let mut rest = text.trim();
    while rest.chars().count() > LIMIT {
        let cut = cut_point(rest);
        parts.push(rest[..cut].trim_end().to_owned());
        rest = rest[cut..].trim_start();
    }
    parts.push(rest.to_owned());
    let description = parts.remove(0);
    (description, parts)
}

/// A byte offset at most `LIMIT` characters in: after the last sentence end
/// within the last fifth, else after the last space there, else exactly at
/// the limit.
fn cut_point(text: &str) -> usize {
    let limit = text
        .char_indices()
        .nth(LIMIT)
        .map_or(text.len(), |(offset, _)| offset);
    let window = &text[..limit];
    let floor = window
        .char_indices()
        .nth(LIMIT * 4 / 5)
        .map_or(0, |(offset, _)| offset);
    let after_last = |marks: &[char]| {
        window
            .rmatch_indices(marks)
            .map(|(offset, found)| offset + found.len())
            .find(|offset| *offset > floor)
    };
    after_last(&['.', '。', '!', '！', '?', '？'])
        .or_else(|| after_last(&[' ']))
        .unwrap_or(limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_text_is_the_description() {
        assert_eq!(
            split_description("  The card was charged twice.  "),
            ("The card was charged twice.".to_owned(), vec![])
        );
    }

    #[test]
    fn a_long_text_continues_in_messages_and_loses_nothing() {
        let sentence = "I called the bank again and nobody answered. ";
        let text = sentence.repeat(300);

        let (description, continued) = split_description(&text);

        assert!(description.chars().count() <= LIMIT);
        assert!(description.ends_with('.'));
        assert_eq!(continued.len(), 2);
        assert!(continued.iter().all(|m| m.chars().count() <= LIMIT));
        let joined = [vec![description], continued].concat().join(" ");
        assert_eq!(joined, text.trim());
    }

    #[test]
    fn a_text_without_spaces_is_cut_at_the_limit() {
        let text = "退".repeat(LIMIT + 10);

        let (description, continued) = split_description(&text);

        assert_eq!(description.chars().count(), LIMIT);
        assert_eq!(continued, vec!["退".repeat(10)]);
    }
}
