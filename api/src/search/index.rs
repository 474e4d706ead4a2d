//! The full-text indexes over segmented words, whatever table they index:
//! a generated `tsvector` with a GIN index on PostgreSQL, an FTS5 table
//! over the table's `search_tokens` on SQLite. Published complaints,
//! published questions and guidance articles all have one.

use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{Expr, SimpleExpr};

/// How the words of one query combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Words {
    /// Every word must occur.
    All,
    /// One of them is enough.
    Any,
}

/// A table's full-text index: the table with `id` and `search_tokens`,
/// and its FTS5 table on SQLite.
#[derive(Clone, Copy, Debug)]
pub struct Index {
    pub table: &'static str,
    pub fts: &'static str,
}

impl Index {
    /// The rows whose words match: `table.id IN (…)`, for a filter.
    pub fn matching(self, backend: DatabaseBackend, words: &[String], how: Words) -> SimpleExpr {
        let Index { table, fts } = self;
        match backend {
            DatabaseBackend::Postgres => Expr::cust(format!(
                "{table}.id IN (SELECT id FROM {table} WHERE search_vector @@ {} OFFSET 0)",
                tsquery_literal(words, how)
            )),
            _ => Expr::cust_with_values(
                format!("{table}.id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)"),
                [fts_query(words, how)],
            ),
        }
    }
}

/// `'''退款'' & ''客服'''::tsquery`: every word as a lexeme taken
/// literally, written into the statement. Words hold only letters and
/// digits (see `segment::query_words`), so no quote can close the literal.
/// Written out rather than bound, PostgreSQL plans each search with the
/// words' own frequencies: a generic plan for a bound query walks the
/// table in id order instead of using the GIN index.
pub fn tsquery_literal(words: &[String], how: Words) -> String {
    debug_assert!(words.iter().all(|w| w.chars().all(char::is_alphanumeric)));
    let joiner = match how {
        Words::All => " & ",
        Words::Any => " | ",
    };
    let query = words
        .iter()
        .map(|word| format!("''{word}''"))
        .collect::<Vec<_>>()
        .join(joiner);
    format!("'{query}'::tsquery")
}

/// `"退款" "客服"`: FTS5 phrases, all of which must match (or, for
/// [`Words::Any`], `"退款" OR "客服"`).
pub fn fts_query(words: &[String], how: Words) -> String {
    let joiner = match how {
        Words::All => " ",
        Words::Any => " OR ",
    };
    words
        .iter()
        .map(|word| format!("\"{word}\""))
        .collect::<Vec<_>>()
        .join(joiner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_and_any_word_join_differently() {
        let words = vec!["退货".to_owned(), "运费".to_owned()];

        assert_eq!(fts_query(&words, Words::All), "\"退货\" \"运费\"");
        assert_eq!(fts_query(&words, Words::Any), "\"退货\" OR \"运费\"");
        assert_eq!(
            tsquery_literal(&words, Words::Any),
            "'''退货'' | ''运费'''::tsquery"
        );
    }
}
