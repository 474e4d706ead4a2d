//! Suggesting articles for a draft: the published articles that share the
//! most telling words with it. A word counts for more the fewer of the
//! candidate articles hold it, so that 退货 in a draft points to the
//! returns article rather than to every article that says 商家.

use std::collections::HashSet;

use crate::entities::articles;
use crate::search::segment::query_words;

/// The most words of a draft that are looked up.
pub const MAX_DRAFT_WORDS: usize = 64;
/// How many articles are suggested.
pub const SUGGESTED: usize = 3;

/// The words of a draft worth looking up: single characters say too little.
pub fn draft_words(draft: &str) -> Vec<String> {
    let mut words = query_words(draft, usize::MAX);
    words.retain(|word| word.chars().count() >= 2);
    words.truncate(MAX_DRAFT_WORDS);
    words
}

/// The candidates best matching the words, best first, at most
/// [`SUGGESTED`], each with the draft words it holds.
pub fn best(
    candidates: Vec<articles::Model>,
    words: &[String],
) -> Vec<(articles::Model, Vec<String>)> {
    let held: Vec<HashSet<&str>> = candidates
        .iter()
        .map(|article| article.search_tokens.split(' ').collect())
        .collect();
    let weight = |word: &str| {
        let holders = held.iter().filter(|set| set.contains(word)).count();
        (1.0 + candidates.len() as f64 / holders.max(1) as f64).ln()
    };

    let mut scored: Vec<(f64, usize, Vec<String>)> = held
        .iter()
        .enumerate()
        .map(|(i, set)| {
            let shared: Vec<String> = words
                .iter()
                .filter(|w| set.contains(w.as_str()))
                .cloned()
                .collect();
            let score = shared.iter().map(|w| weight(w)).sum();
            (score, i, shared)
        })
        .filter(|(score, _, _)| *score > 0.0)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));

    let mut candidates: Vec<Option<articles::Model>> = candidates.into_iter().map(Some).collect();
    scored
        .into_iter()
        .take(SUGGESTED)
        .filter_map(|(_, i, shared)| candidates[i].take().map(|a| (a, shared)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn article(id: i32, tokens: &str) -> articles::Model {
        articles::Model {
            id,
            association_id: uuid::Uuid::nil(),
            language: "zh-CN".to_owned(),
            title: String::new(),
            body: String::new(),
            published_at: Some(Utc::now()),
            created_by: None,
            updated_by: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            search_tokens: tokens.to_owned(),
        }
    }

    #[test]
    fn a_rare_shared_word_outweighs_a_common_one() {
        let candidates = vec![
            article(1, "商家 预付卡 退款"),
            article(2, "商家 退货 七日"),
            article(3, "商家 食品"),
        ];
        let words = vec!["商家".to_owned(), "退货".to_owned()];

        let best = best(candidates, &words);

        assert_eq!(best[0].0.id, 2);
        assert_eq!(best[0].1, words);
    }

    #[test]
    fn single_characters_are_not_looked_up() {
        let words = draft_words("我想退货，可以吗");

        assert!(words.contains(&"退货".to_owned()), "{words:?}");
        assert!(words.iter().all(|w| w.chars().count() >= 2), "{words:?}");
    }
}
