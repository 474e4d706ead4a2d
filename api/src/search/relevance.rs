//! Relevance of a word search: Okapi BM25, the measure FTS5's `bm25()`
//! computes, worked out here from the words each match holds (its
//! `search_tokens`) and the index's own statistics.
//!
//! It is the same measure on both setups. FTS5's own ranking reads every
//! position of every document holding each word of the query before any
//! filter narrows the matches (at a million complaints 送 alone is 170,000
//! documents); PostgreSQL's vectors hold each word once, without counts, so
//! `ts_rank` cannot tell matches of the same words apart. Here only the
//! matches that the total and the facets count are scored, after the
//! filters, from their `search_tokens`. The statistics come from each
//! database's own: on SQLite the index's running totals and a count of each
//! word's documents (which reads only their ids); on PostgreSQL the
//! planner's estimates of the table and of each word, and the average
//! length of the matches scored.

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, Statement};

use crate::entities::published_complaints as published;
use crate::error::ApiResult;
use crate::search::index::{Words, fts_query, tsquery_literal};
use crate::search::ranges::estimated_matches;

/// How quickly more occurrences of a word stop adding to a score, and how
/// much a longer text is discounted: the values FTS5's `bm25()` uses.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// What the index knows of all its documents.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Statistics {
    pub documents: u64,
    /// Words per document, on average.
    pub average_length: f64,
    /// How many documents hold each word of the query.
    pub holding: HashMap<String, u64>,
}

impl Statistics {
    /// How much a word tells matches apart: rare words weigh more. Never
    /// zero or less, as in FTS5, so a word in most documents still counts.
    fn weight(&self, word: &str) -> f64 {
        let documents = self.documents as f64;
        let holding = self.holding.get(word).copied().unwrap_or(0) as f64;
        let weight = ((documents - holding + 0.5) / (holding + 0.5)).ln();
        if weight > 0.0 { weight } else { 1e-6 }
    }
}

/// The score of one match from its words (separated by spaces, as the index
/// holds them); higher is better.
pub fn score(words: &[String], tokens: &str, statistics: &Statistics) -> f64 {
    let tokens: Vec<&str> = tokens.split_whitespace().collect();
    let length = tokens.len() as f64;
    let average = if statistics.average_length > 0.0 {
        statistics.average_length
    } else {
        length.max(1.0)
    };
    let discount = K1 * (1.0 - B + B * length / average);

    words
        .iter()
        .map(|word| {
            let hits = tokens.iter().filter(|token| *token == word).count() as f64;
            statistics.weight(word) * hits * (K1 + 1.0) / (hits + discount)
        })
        .sum()
}

/// The ids of these matches, best first; equal scores newest first.
pub fn rank<'a>(
    words: &[String],
    matches: impl Iterator<Item = (i32, &'a str)>,
    statistics: &Statistics,
) -> Vec<i32> {
    let mut scored: Vec<(f64, i32)> = matches
        .map(|(id, tokens)| (score(words, tokens, statistics), id))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
    scored.into_iter().map(|(_, id)| id).collect()
}

/// The statistics of an FTS5 table for these words: the number of documents
/// and of words from the table's running totals, and each word's documents
/// counted in its index.
pub async fn of_fts5(
    db: &impl ConnectionTrait,
    fts: &str,
    words: &[String],
) -> ApiResult<Statistics> {
    let (documents, total_words) = fts5_totals(db, fts).await?;

    let mut holding = HashMap::new();
    for word in words {
        let sql = format!("SELECT count(*) FROM {fts} WHERE {fts} MATCH ?");
        let query = fts_query(std::slice::from_ref(word), Words::All);
        let statement =
            Statement::from_sql_and_values(DatabaseBackend::Sqlite, sql, [query.into()]);
        let count = match db.query_one_raw(statement).await? {
            Some(row) => row.try_get_by_index::<i64>(0)?,
            None => 0,
        };
        holding.insert(word.clone(), u64::try_from(count).unwrap_or(0));
    }

    let average_length = if documents == 0 {
        0.0
    } else {
        total_words as f64 / documents as f64
    };
    Ok(Statistics {
        documents,
        average_length,
        holding,
    })
}

/// The statistics of published complaints on PostgreSQL for these words:
/// the planner's estimates (`EXPLAIN`, from the statistics `ANALYZE` keeps,
/// which runs nothing) of all rows and of each word's, and the average
/// length of the matches to be scored (`texts`).
pub async fn of_postgres<'a>(
    db: &impl ConnectionTrait,
    words: &[String],
    texts: impl Iterator<Item = &'a str>,
) -> ApiResult<Statistics> {
    let documents = estimated_matches(db, &published::Entity::find()).await?;

    let mut holding = HashMap::new();
    for word in words {
        let literal = tsquery_literal(std::slice::from_ref(word), Words::All);
        let select =
            published::Entity::find().filter(Expr::cust(format!("search_vector @@ {literal}")));
        let estimate = estimated_matches(db, &select).await?;
        holding.insert(word.clone(), estimate.round() as u64);
    }

    let (mut texts_seen, mut words_seen) = (0u64, 0u64);
    for text in texts {
        texts_seen += 1;
        words_seen += text.split_whitespace().count() as u64;
    }
    let average_length = if texts_seen == 0 {
        0.0
    } else {
        words_seen as f64 / texts_seen as f64
    };
    Ok(Statistics {
        documents: documents.round() as u64,
        average_length,
        holding,
    })
}

/// FTS5 keeps the number of documents and the number of words in each
/// column as varints in the row of its `_data` table with id 1.
async fn fts5_totals(db: &impl ConnectionTrait, fts: &str) -> ApiResult<(u64, u64)> {
    let sql = format!("SELECT block FROM {fts}_data WHERE id = 1");
    let statement = Statement::from_string(DatabaseBackend::Sqlite, sql);
    let Some(row) = db.query_one_raw(statement).await? else {
        return Ok((0, 0));
    };
    let block: Vec<u8> = row.try_get_by_index(0)?;
    Ok(totals(&block).unwrap_or((0, 0)))
}

/// The documents and the words of the first column in FTS5's totals.
fn totals(block: &[u8]) -> Option<(u64, u64)> {
    let (documents, used) = varint(block)?;
    let (words, _) = varint(&block[used..])?;
    Some((documents, words))
}

/// SQLite's variable-length integer: seven bits a byte, high bit first,
/// while the top bit is set; a ninth byte gives all its eight bits.
fn varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value = 0u64;
    for (at, &byte) in bytes.iter().enumerate().take(9) {
        if at == 8 {
            return Some(((value << 8) | u64::from(byte), 9));
        }
        value = (value << 7) | u64::from(byte & 0x7f);
        if byte & 0x80 == 0 {
            return Some((value, at + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statistics(documents: u64, average_length: f64, holding: &[(&str, u64)]) -> Statistics {
        Statistics {
            documents,
            average_length,
            holding: holding
                .iter()
                .map(|(word, n)| ((*word).to_owned(), *n))
                .collect(),
        }
    }

    #[test]
    fn a_score_worked_by_hand() {
        // 100 documents of 10 words on average; 退款 in 9 of them.
        // weight = ln((100 - 9 + 0.5) / (9 + 0.5)) = ln(9.6316) = 2.26505
        // a 5-word text with 退款 twice: discount = 1.2 × (0.25 + 0.75 × 0.5) = 0.75
        // score = 2.26505 × 2 × 2.2 / (2 + 0.75) = 3.62408
        let stats = statistics(100, 10.0, &[("退款", 9)]);
        let words = vec!["退款".to_owned()];

        let score = score(&words, "退款 商家 退款 拒绝 客服", &stats);

        assert!((score - 3.62408).abs() < 1e-5, "{score}");
    }

    #[test]
    fn more_occurrences_in_shorter_texts_rank_first_and_ties_go_newest_first() {
        let stats = statistics(100, 6.0, &[("退款", 20), ("发票", 2)]);
        let words = vec!["退款".to_owned(), "发票".to_owned()];
        let matches = [
            (1, "退款 发票 商家 拒绝 客服 电话 打不通 一直"),
            (2, "退款 退款 发票"),
            (3, "退款 发票 商家 拒绝 客服 电话 打不通 一直"),
            (4, "退款 发票 发票"),
        ];

        let ranked = rank(&words, matches.into_iter(), &stats);

        // The rarer 发票 twice beats the commoner 退款 twice.
        assert_eq!(ranked, vec![4, 2, 3, 1]);
    }

    #[test]
    fn a_word_in_most_documents_still_counts_a_little() {
        let stats = statistics(10, 5.0, &[("商家", 9)]);

        assert_eq!(stats.weight("商家"), 1e-6);
        assert!(stats.weight("退款") > 3.0);
    }

    #[test]
    fn fts5_totals_are_read_from_varints() {
        // 300 documents (0x82 0x2c), 4,000 words (0x9f 0x20).
        assert_eq!(totals(&[0x82, 0x2c, 0x9f, 0x20]), Some((300, 4_000)));
        assert_eq!(varint(&[0x05]), Some((5, 1)));
        assert_eq!(varint(&[0xff; 9]), Some((u64::MAX, 9)));
        assert_eq!(varint(&[0x80]), None);
        assert_eq!(totals(&[]), None);
    }
}
