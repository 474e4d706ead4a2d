//! Word searches on PostgreSQL, in ranges of ids.
//!
//! The GIN index hands out every match of a word at once and in no order, so
//! at a million complaints a common word is tens of thousands of rows to
//! read before the newest of them can be chosen. Here the matches are looked
//! for in ranges of ids that start at the newest row (or the oldest) and go
//! back, stopping as soon as enough are found. The first range is as wide as
//! PostgreSQL's statistics say should hold what is needed, each further one as
//! wide as the matches found so far say. PostgreSQL combines each range on
//! the primary key with the GIN index (a bitmap AND), so a range reads only
//! its own matches: a common word reads a narrow range, a rare one all its
//! few matches at once.

use sea_orm::sea_query::{Expr, PostgresQueryBuilder};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, EntityTrait,
    FromQueryResult, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select, Statement,
    TransactionTrait,
};

use crate::entities::published_complaints as published;
use crate::error::ApiResult;

/// The fewest ids in a range.
const LEAST_RANGE: i64 = 2_000;
/// How much wider a range is than the one before when that one held no
/// match; otherwise the next range is as wide as the matches found so far
/// say the rest needs, at most [`MOST_WIDENING`] times the last.
const WIDENING: i64 = 8;
const MOST_WIDENING: i64 = 16;
/// How much more than needed a range is sized for. Every range repeats the
/// GIN index's scan of the words' entries (25 ms for 质量, 太 and 差 at a
/// million complaints, whatever the range), while a match more in a range
/// costs one row read: better one range too wide than two.
const MARGIN: f64 = 2.5;

/// Which end the search starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    Newest,
    Oldest,
}

/// How far PostgreSQL's estimate of the matches can be trusted. For one
/// word it is close; for several words, or words and filters, it multiplies
/// their frequencies as if they were independent, and words that go
/// together (酒店 and 前台) match several times more often than that.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guess {
    Close,
    /// The first range is a quarter as wide as the estimate says.
    Loose,
}

/// A match with what the facets count, and its words when relevance
/// ranks it.
#[derive(Debug, sea_orm::FromQueryResult)]
pub struct Match {
    pub id: i32,
    pub category_code: String,
    pub province_code: String,
    pub state: String,
    pub outcome: Option<String>,
    pub search_tokens: Option<String>,
}

/// The columns of a [`Match`] that every search reads; `search_tokens`
/// is added only when relevance ranks.
pub const MATCH_COLUMNS: [published::Column; 5] = [
    published::Column::Id,
    published::Column::CategoryCode,
    published::Column::ProvinceCode,
    published::Column::State,
    published::Column::Outcome,
];

/// What a search in ranges looks for: its matches, from which end, beyond
/// which row, how many, and whether with their words.
#[derive(Clone, Copy, Debug)]
pub struct Wanted {
    pub from: Start,
    pub after: Option<i32>,
    pub need: u64,
    pub words: bool,
}

/// Up to `need` matches of `matching`, newest (or oldest) first, beyond the
/// row `after` (a keyset cursor's id) when one is given.
pub async fn matches(
    db: &impl ConnectionTrait,
    matching: &Select<published::Entity>,
    guess: Guess,
    wanted: Wanted,
) -> ApiResult<Vec<Match>> {
    let Wanted {
        from, after, need, ..
    } = wanted;
    let Some((first, last)) = id_span(db).await? else {
        return Ok(Vec::new());
    };
    let (mut start, end) = match (from, after) {
        (Start::Newest, after) => (after.map_or(last, |id| i64::from(id) - 1), first),
        (Start::Oldest, after) => (after.map_or(first, |id| i64::from(id) + 1), last),
    };

    let estimate = match guess {
        Guess::Close => estimated_matches(db, matching).await?,
        Guess::Loose => estimated_matches(db, matching).await? * 4.0,
    };
    let mut found = Vec::new();
    let mut width = first_width(estimate, last - first + 1, need);
    while (found.len() as u64) < need && !past(from, start, end) {
        let range = next_range(from, start, end, width);
        let still_needed = need - found.len() as u64;
        let rows = in_range(db, matching, wanted, range, still_needed).await?;
        let in_this = rows.len() as u64;
        found.extend(rows);

        start = match from {
            Start::Newest => range.0 - 1,
            Start::Oldest => range.1 + 1,
        };
        width = next_width(width, in_this, still_needed.saturating_sub(in_this));
    }
    Ok(found)
}

/// The lowest and highest id of the published complaints, if there are any.
async fn id_span(db: &impl ConnectionTrait) -> ApiResult<Option<(i64, i64)>> {
    use sea_orm::sea_query::ExprTrait;

    let span: Option<(Option<i32>, Option<i32>)> = published::Entity::find()
        .select_only()
        .column_as(Expr::col(published::Column::Id).min(), "first")
        .column_as(Expr::col(published::Column::Id).max(), "last")
        .into_tuple()
        .one(db)
        .await?;
    Ok(match span {
        Some((Some(first), Some(last))) => Some((i64::from(first), i64::from(last))),
        _ => None,
    })
}

/// Whether `start` has gone beyond the table's `end` in the search's direction.
fn past(from: Start, start: i64, end: i64) -> bool {
    match from {
        Start::Newest => start < end,
        Start::Oldest => start > end,
    }
}

/// The next range of ids, low and high, `width` wide from `start` towards `end`.
fn next_range(from: Start, start: i64, end: i64, width: i64) -> (i64, i64) {
    match from {
        Start::Newest => (start.saturating_sub(width - 1).max(end), start),
        Start::Oldest => (start, start.saturating_add(width - 1).min(end)),
    }
}

/// The width of the first range: as many ids as should hold what is needed,
/// at the density of matches that PostgreSQL's statistics predict.
fn first_width(estimate: f64, ids: i64, need: u64) -> i64 {
    if estimate < 1.0 {
        return ids.max(LEAST_RANGE);
    }
    let per_id = estimate / ids as f64;
    let wanted = (need as f64 / per_id * MARGIN).ceil() as i64;
    wanted.clamp(LEAST_RANGE, ids.max(LEAST_RANGE))
}

/// How many rows PostgreSQL's planner expects to match, from its statistics
/// of the words and the filters (`EXPLAIN`, which runs nothing).
pub async fn estimated_matches(
    db: &impl ConnectionTrait,
    matching: &Select<published::Entity>,
) -> ApiResult<f64> {
    let query = matching
        .clone()
        .select_only()
        .column(published::Column::Id)
        .into_query()
        .to_string(PostgresQueryBuilder);
    let statement = Statement::from_string(
        DbBackend::Postgres,
        format!("EXPLAIN (FORMAT JSON) {query}"),
    );
    let Some(row) = db.query_one_raw(statement).await? else {
        return Ok(0.0);
    };
    let plan: serde_json::Value = row.try_get_by_index(0)?;
    Ok(plan[0]["Plan"]["Plan Rows"].as_f64().unwrap_or(0.0))
}

/// A read-only transaction for a word search on PostgreSQL: its statements
/// see one snapshot, and each range may change the planner's settings for
/// itself (see [`in_range`]).
pub async fn reading(db: &DatabaseConnection) -> ApiResult<DatabaseTransaction> {
    let txn = db.begin().await?;
    txn.execute_unprepared("SET TRANSACTION READ ONLY").await?;
    Ok(txn)
}

/// The width of the next range: wide enough, at the density of matches
/// just seen, to hold what is still needed.
fn next_width(width: i64, found: u64, still_needed: u64) -> i64 {
    if found == 0 {
        return width.saturating_mul(WIDENING);
    }
    let per_id = found as f64 / width as f64;
    let wanted = (still_needed as f64 / per_id * MARGIN).ceil() as i64;
    wanted.clamp(width, width.saturating_mul(MOST_WIDENING))
}

async fn in_range(
    db: &impl ConnectionTrait,
    matching: &Select<published::Entity>,
    wanted: Wanted,
    (low, high): (i64, i64),
    limit: u64,
) -> ApiResult<Vec<Match>> {
    let select = matching
        .clone()
        .filter(published::Column::Id.between(low, high))
        .select_only()
        .columns(MATCH_COLUMNS);
    let select = if wanted.words {
        select.column(published::Column::SearchTokens)
    } else {
        select.column_as(Expr::cust("NULL::text"), "search_tokens")
    };
    let select = match wanted.from {
        Start::Newest => select.order_by_desc(published::Column::Id),
        Start::Oldest => select.order_by_asc(published::Column::Id),
    };

    // Every value is written into the statement: bound, after a few runs
    // PostgreSQL would plan the statement once for any range and limit, and
    // that plan reads every match of the words whatever the range.
    let sql = select
        .limit(limit)
        .into_query()
        .to_string(PostgresQueryBuilder);
    let statement = Statement::from_string(DbBackend::Postgres, sql);

    // Read through bitmaps of the GIN index and the primary key: left to
    // choose, the planner walks the primary key reading every row of the
    // range, since it takes rows in id order for cheap to read. `LOCAL`
    // lasts to the end of the transaction (see [`reading`]); outside one it
    // changes nothing.
    db.execute_unprepared("SET LOCAL enable_indexscan = off")
        .await?;
    let found = Match::find_by_statement(statement).all(db).await?;
    db.execute_unprepared("SET LOCAL enable_indexscan = on")
        .await?;
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_range_is_sized_by_the_planners_estimate() {
        // 50,000 of 1,000,000 expected: 5,000 need 100,000 ids and a margin.
        assert_eq!(first_width(50_000.0, 1_000_000, 5_000), 250_000);
        // Rare or unknown: the whole table at once.
        assert_eq!(first_width(3_000.0, 1_000_000, 5_000), 1_000_000);
        assert_eq!(first_width(0.0, 1_000_000, 5_000), 1_000_000);
        // Very common: never fewer than the least range.
        assert_eq!(first_width(900_000.0, 1_000_000, 21), LEAST_RANGE);
        // A small table is one range.
        assert_eq!(first_width(0.0, 40, 5_000), LEAST_RANGE);
    }

    #[test]
    fn ranges_widen_from_the_newest_row_and_stop_at_the_oldest() {
        let first = next_range(Start::Newest, 1_000_000, 1, 20_000);
        assert_eq!(first, (980_001, 1_000_000));

        let second = next_range(Start::Newest, first.0 - 1, 1, 80_000);
        assert_eq!(second, (900_001, 980_000));

        let last = next_range(Start::Newest, 50_000, 1, 320_000);
        assert_eq!(last, (1, 50_000));
        assert!(past(Start::Newest, last.0 - 1, 1));
    }

    #[test]
    fn the_next_range_is_sized_by_the_density_of_matches_seen() {
        // 1,000 matches in 20,000 ids; 4,000 more wanted: 80,000 ids and a margin.
        assert_eq!(next_width(20_000, 1_000, 4_000), 200_000);
        // No match: eight times wider.
        assert_eq!(next_width(20_000, 0, 5_000), 160_000);
        // A rare word: at most sixteen times wider.
        assert_eq!(next_width(20_000, 2, 4_998), 320_000);
        // Dense enough already: never narrower than the last.
        assert_eq!(next_width(20_000, 4_990, 10), 20_000);
    }

    #[test]
    fn ranges_from_the_oldest_row_go_up_to_the_newest() {
        assert_eq!(next_range(Start::Oldest, 7, 30_000, 20_000), (7, 20_006));
        assert_eq!(
            next_range(Start::Oldest, 20_007, 30_000, 80_000),
            (20_007, 30_000)
        );
        assert!(past(Start::Oldest, 30_001, 30_000));
        assert!(!past(Start::Oldest, 30_000, 30_000));
    }
}
