//! Chinese word segmentation for public search. Documents and queries go
//! through the same segmenter, so that a query word matches exactly the
//! words the index holds: `退款` finds `退款`, not a text that merely holds
//! `退` and `款` apart.

use classifier::jieba;

use crate::businesses::names::plain;
use crate::disclosure::RedactedKind;

/// Loads the dictionary now, so that the first search does not wait for it.
pub fn warm_up() {
    let _ = jieba();
}

/// The words of a document for the index, separated by single spaces. Long
/// words also yield their shorter dictionary words (`消费者协会` gives
/// `消费`, `消费者`, `协会` and `消费者协会`), so that a query for a part
/// finds the whole. Redaction placeholders are not words of the text.
pub fn document_tokens(text: &str) -> String {
    let text = without_placeholders(&plain(text));
    jieba()
        .cut_for_search(&text, false)
        .into_iter()
        .filter(|word| is_word(word))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The distinct words of a query, in order, at most `max`.
pub fn query_words(query: &str, max: usize) -> Vec<String> {
    let query = plain(query);
    let mut words: Vec<String> = Vec::new();
    for word in jieba().cut(&query, false) {
        if is_word(word) && !words.iter().any(|known| known == word) {
            words.push(word.to_owned());
        }
    }
    words.truncate(max);
    words
}

/// Letters and digits only: punctuation, spaces and symbols are not
/// searched, and no word can break the index's or the query's syntax.
fn is_word(word: &str) -> bool {
    !word.is_empty() && word.chars().all(char::is_alphanumeric)
}

fn without_placeholders(text: &str) -> String {
    let mut text = text.to_owned();
    for kind in RedactedKind::ALL {
        text = text.replace(kind.placeholder(), " ");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_and_queries_split_into_the_same_words() {
        let tokens = document_tokens("商家拒绝退款，客服电话打不通");
        let words: Vec<&str> = tokens.split(' ').collect();

        assert!(words.contains(&"退款"), "{tokens}");
        assert!(words.contains(&"客服"), "{tokens}");
        assert_eq!(query_words("退款", 8), vec!["退款"]);
    }

    #[test]
    fn separate_characters_do_not_make_the_word() {
        let tokens = document_tokens("退货后款项一直没到账");
        let words: Vec<&str> = tokens.split(' ').collect();

        assert!(!words.contains(&"退款"), "{tokens}");
    }

    #[test]
    fn punctuation_placeholders_and_width_are_not_words() {
        let tokens = document_tokens("请联系【手机号】！ＡＰＰ闪退");

        assert!(!tokens.contains("手机号"), "{tokens}");
        assert!(!tokens.contains('！'), "{tokens}");
        assert!(tokens.split(' ').any(|word| word == "app"), "{tokens}");
        assert!(!tokens.contains("  "), "{tokens}");
    }

    #[test]
    fn queries_lose_repeats_and_symbols_and_are_capped() {
        assert_eq!(query_words("退款 退款!!", 8), vec!["退款"]);
        assert_eq!(query_words("'\" & | :*", 8), Vec::<String>::new());
        assert_eq!(query_words("手机 屏幕 退款 客服", 2).len(), 2);
    }
}
