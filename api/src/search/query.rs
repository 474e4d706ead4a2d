//! Public search over published complaints: the query's words against the
//! full-text index (FTS5 on SQLite, a GIN-indexed `tsvector` on PostgreSQL),
//! the filters, the order, the facet counts and the page.

use std::collections::BTreeMap;

use chrono::Duration;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Order, SelectStatement, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Select,
};
use shared::publication::{FacetCount, Facets, PublicSearchQuery, PublicSort};

use crate::complaints::taxonomy;
use crate::complaints::view::wire_name;
use crate::deadlines::calendar::end_of_day;
use crate::entities::published_complaints as published;
use crate::error::{ApiError, ApiResult, Fields};
use crate::i18n::Text;
use crate::pagination;
use crate::search::index::{Words, fts_query, tsquery_literal};
use crate::search::ranges::{self, Start};
use crate::search::relevance;
use crate::search::segment::query_words;

/// The most words of one query that are searched.
pub const MAX_WORDS: usize = 8;
/// The longest query, in characters.
pub const MAX_QUERY: usize = 100;
/// The largest page of public search.
pub const MAX_LIMIT: u32 = 100;
pub const DEFAULT_LIMIT: u32 = 20;
/// The most matches that the total and the facets count: above it the
/// total is a lower bound, and the facets describe the newest matches.
pub const SUMMARY_WINDOW: u64 = 1_000;

/// One page of published complaints and the cursor of the next.
pub type Page = (Vec<published::Model>, Option<String>);

/// A checked search: its words, filters and paging.
pub struct Search {
    pub words: Vec<String>,
    condition: Condition,
    /// Any filter besides the words.
    filtered: bool,
    pub sort: PublicSort,
    pub limit: u64,
    cursor: Option<String>,
}

impl Search {
    /// Checks every parameter, reporting all problems at once.
    pub async fn new(db: &impl ConnectionTrait, query: &PublicSearchQuery) -> ApiResult<Self> {
        let mut fields = Fields::default();
        let words = words(query, &mut fields);
        check_filters(db, query, &mut fields).await?;
        let limit = check_limit(query.limit, &mut fields);
        fields.finish()?;

        let sort = match query.sort {
            Some(sort) => sort,
            None if !words.is_empty() => PublicSort::Relevance,
            None => PublicSort::Newest,
        };
        let sort = if words.is_empty() && sort == PublicSort::Relevance {
            PublicSort::Newest
        } else {
            sort
        };
        let condition = condition(query);
        Ok(Self {
            words,
            filtered: !condition.is_empty(),
            condition,
            sort,
            limit,
            cursor: pagination::decode(query.cursor.as_deref())?,
        })
    }

    /// The published complaints that match, with the full-text join when
    /// there are words.
    fn matching(&self, backend: DatabaseBackend) -> Select<published::Entity> {
        let mut select = published::Entity::find().filter(self.condition.clone());
        if self.words.is_empty() {
            return select;
        }
        match backend {
            DatabaseBackend::Postgres => {
                // Searched in ranges of ids (see `ranges`), each combined
                // with the GIN index.
                select = select.filter(Expr::cust(format!(
                    "search_vector @@ {}",
                    tsquery_literal(&self.words, Words::All)
                )));
            }
            _ => {
                QueryFilter::query(&mut select).join(
                    JoinType::InnerJoin,
                    Alias::new("published_search"),
                    Expr::cust("published_search.rowid = published_complaints.id"),
                );
                select = select.filter(Expr::cust_with_values(
                    "published_search MATCH ?",
                    [fts_query(&self.words, Words::All)],
                ));
            }
        }
        select
    }

    /// One page of matches, and the cursor of the next.
    pub async fn page(
        &self,
        db: &impl ConnectionTrait,
    ) -> ApiResult<(Vec<published::Model>, Option<String>)> {
        let backend = db.get_database_backend();
        if self.index_alone(backend) {
            return self.page_from_index(db).await;
        }
        if self.in_ranges(backend) {
            return self.page_in_ranges(db).await;
        }
        // Relevance needs words, and a search with words is answered by
        // `page_with_summary` or one of the two paths above.
        let mut select = self.matching(backend);
        match self.sort {
            PublicSort::Newest | PublicSort::Relevance => {
                if let Some(id) = self.keyset()? {
                    select = select.filter(published::Column::Id.lt(id));
                }
                select = select.order_by_desc(published::Column::Id);
            }
            PublicSort::Oldest => {
                if let Some(id) = self.keyset()? {
                    select = select.filter(published::Column::Id.gt(id));
                }
                select = select.order_by_asc(published::Column::Id);
            }
        }

        let rows = select.limit(self.limit + 1).all(db).await?;
        Ok(pagination::page(rows, self.limit, |last| {
            format!("k{}", last.id)
        }))
    }

    /// On SQLite a search by words alone needs only the FTS5 index to find
    /// and order its matches: it hands them out newest (or oldest) first and
    /// stops at the limit, where a join would visit every match.
    fn index_alone(&self, backend: DatabaseBackend) -> bool {
        backend == DatabaseBackend::Sqlite && !self.words.is_empty() && !self.filtered
    }

    /// On PostgreSQL a search with words looks for its matches in ranges
    /// of ids from the newest (or oldest) row on.
    pub fn in_ranges(&self, backend: DatabaseBackend) -> bool {
        backend == DatabaseBackend::Postgres && !self.words.is_empty()
    }

    /// Matches on PostgreSQL as `wanted` says.
    async fn in_ranges_from(
        &self,
        db: &impl ConnectionTrait,
        wanted: ranges::Wanted,
    ) -> ApiResult<Vec<ranges::Match>> {
        let matching = self.matching(DatabaseBackend::Postgres);
        let guess = if self.words.len() > 1 || self.filtered {
            ranges::Guess::Loose
        } else {
            ranges::Guess::Close
        };
        ranges::matches(db, &matching, guess, wanted).await
    }

    /// A page of a word search on PostgreSQL newest or oldest first
    /// (relevance is answered by `page_with_summary`).
    async fn page_in_ranges(
        &self,
        db: &impl ConnectionTrait,
    ) -> ApiResult<(Vec<published::Model>, Option<String>)> {
        let from = match self.sort {
            PublicSort::Oldest => Start::Oldest,
            PublicSort::Newest | PublicSort::Relevance => Start::Newest,
        };
        let wanted = ranges::Wanted {
            from,
            after: self.keyset()?,
            need: self.limit + 1,
            words: false,
        };
        let found = self.in_ranges_from(db, wanted).await?;
        let ids: Vec<i32> = found.iter().map(|m| m.id).collect();

        let rows = in_order(db, &ids).await?;
        Ok(pagination::page(rows, self.limit, |last| {
            format!("k{}", last.id)
        }))
    }

    async fn page_from_index(
        &self,
        db: &impl ConnectionTrait,
    ) -> ApiResult<(Vec<published::Model>, Option<String>)> {
        let fts = fts_query(&self.words, Words::All);
        let take = self.limit + 1;
        // Relevance is answered by `page_with_summary`.
        let ids = match self.sort {
            PublicSort::Newest | PublicSort::Relevance => {
                let before = self.keyset()?.unwrap_or(i32::MAX);
                let sql = "SELECT rowid FROM published_search WHERE published_search MATCH ? \
                           AND rowid < ? ORDER BY rowid DESC LIMIT ?";
                rowids(db, sql, [fts.into(), before.into(), (take as i64).into()]).await?
            }
            PublicSort::Oldest => {
                let after = self.keyset()?.unwrap_or(0);
                let sql = "SELECT rowid FROM published_search WHERE published_search MATCH ? \
                           AND rowid > ? ORDER BY rowid ASC LIMIT ?";
                rowids(db, sql, [fts.into(), after.into(), (take as i64).into()]).await?
            }
        };

        let rows = in_order(db, &ids).await?;
        Ok(pagination::page(rows, self.limit, |last| {
            format!("k{}", last.id)
        }))
    }

    /// What the total and the facets count: the newest matches, at most
    /// [`SUMMARY_WINDOW`] of them.
    fn window_filter(&self, backend: DatabaseBackend) -> SimpleExpr {
        if self.index_alone(backend) {
            return Expr::cust_with_values(
                format!(
                    "published_complaints.id IN (SELECT rowid FROM published_search \
                     WHERE published_search MATCH ? ORDER BY rowid DESC LIMIT {SUMMARY_WINDOW})"
                ),
                [fts_query(&self.words, Words::All)],
            );
        }
        published::Column::Id.in_subquery(self.window(backend))
    }

    /// The newest matches, at most [`SUMMARY_WINDOW`] of them.
    fn window(&self, backend: DatabaseBackend) -> SelectStatement {
        let mut select = self
            .matching(backend)
            .select_only()
            .column(published::Column::Id);
        if backend == DatabaseBackend::Sqlite && !self.words.is_empty() {
            // The index hands out matches newest first by itself.
            QueryOrder::query(&mut select)
                .order_by_expr(Expr::cust("published_search.rowid"), Order::Desc);
        } else {
            select = select.order_by_desc(published::Column::Id);
        }
        select.limit(SUMMARY_WINDOW).into_query()
    }

    /// How many complaints match, and their counts by category, province,
    /// state and outcome: one pass over the newest [`SUMMARY_WINDOW`]
    /// matches, grouped by all four at once and summed up here. The total is
    /// exact below the window; at it, it is a lower bound (`total_exact` false).
    pub async fn summary(&self, db: &impl ConnectionTrait) -> ApiResult<(u64, bool, Facets)> {
        let backend = db.get_database_backend();
        if self.in_ranges(backend) {
            return self.summary_in_ranges(db).await;
        }
        let window = self.window_filter(backend);
        let groups: Vec<(String, String, String, Option<String>, i64)> = published::Entity::find()
            .filter(window)
            .select_only()
            .column(published::Column::CategoryCode)
            .column(published::Column::ProvinceCode)
            .column(published::Column::State)
            .column(published::Column::Outcome)
            .column_as(
                Expr::col((published::Entity, published::Column::Id)).count(),
                "n",
            )
            .group_by(published::Column::CategoryCode)
            .group_by(published::Column::ProvinceCode)
            .group_by(published::Column::State)
            .group_by(published::Column::Outcome)
            .into_tuple()
            .all(db)
            .await?;

        let mut tally = Tally::default();
        for (category, province, state, outcome, count) in groups {
            let count = u64::try_from(count).unwrap_or(0);
            tally.count(&category, &province, &state, outcome.as_deref(), count);
        }
        let exact = tally.total < SUMMARY_WINDOW;
        Ok((tally.total, exact, tally.facets()))
    }

    /// The summary of a word search on PostgreSQL, from the newest
    /// [`SUMMARY_WINDOW`] matches found in ranges.
    async fn summary_in_ranges(&self, db: &impl ConnectionTrait) -> ApiResult<(u64, bool, Facets)> {
        let found = self
            .in_ranges_from(db, newest(SUMMARY_WINDOW, false))
            .await?;
        Ok(summarise(&found))
    }

    /// The page and the summary from one pass, where the search allows it:
    /// a word search by relevance (see [`Self::ranked`]), and the first page
    /// of a word search on PostgreSQL newest first, which is the newest of
    /// the matches the summary counts. `None` for any other.
    pub async fn page_with_summary(
        &self,
        db: &impl ConnectionTrait,
    ) -> ApiResult<Option<(Page, (u64, bool, Facets))>> {
        if self.sort == PublicSort::Relevance && !self.words.is_empty() {
            return Ok(Some(self.ranked(db).await?));
        }
        if !self.in_ranges(db.get_database_backend())
            || self.cursor.is_some()
            || self.sort == PublicSort::Oldest
        {
            return Ok(None);
        }
        let need = Ord::max(SUMMARY_WINDOW, self.limit + 1);
        let found = self.in_ranges_from(db, newest(need, false)).await?;

        let ids: Vec<i32> = found
            .iter()
            .take(self.limit as usize + 1)
            .map(|m| m.id)
            .collect();
        let rows = in_order(db, &ids).await?;
        let page = pagination::page(rows, self.limit, |last| format!("k{}", last.id));
        let counted = &found[..found.len().min(SUMMARY_WINDOW as usize)];
        Ok(Some((page, summarise(counted))))
    }

    /// A word search by relevance: one pass takes the newest
    /// [`SUMMARY_WINDOW`] matches that pass the filters, with their facet
    /// columns and words; the summary counts them, and the page is the best
    /// of them by BM25 (see [`relevance`]).
    async fn ranked(&self, db: &impl ConnectionTrait) -> ApiResult<(Page, (u64, bool, Facets))> {
        let offset = self.offset()?;
        let found = self.newest_with_words(db).await?;
        let statistics = match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                let texts = found
                    .iter()
                    .map(|m| m.search_tokens.as_deref().unwrap_or(""));
                relevance::of_postgres(db, &self.words, texts).await?
            }
            _ => relevance::of_fts5(db, "published_search", &self.words).await?,
        };

        let best = relevance::rank(
            &self.words,
            found
                .iter()
                .map(|m| (m.id, m.search_tokens.as_deref().unwrap_or(""))),
            &statistics,
        );
        let ids: Vec<i32> = best
            .into_iter()
            .skip(offset as usize)
            .take(self.limit as usize + 1)
            .collect();
        let rows = in_order(db, &ids).await?;
        let limit = self.limit;
        let page = pagination::page(rows, limit, |_| format!("o{}", offset + limit));
        Ok((page, summarise(&found)))
    }

    /// The newest [`SUMMARY_WINDOW`] matches of the words and filters, with
    /// what the facets count and their words.
    async fn newest_with_words(&self, db: &impl ConnectionTrait) -> ApiResult<Vec<ranges::Match>> {
        let backend = db.get_database_backend();
        if self.in_ranges(backend) {
            return self.in_ranges_from(db, newest(SUMMARY_WINDOW, true)).await;
        }
        let mut select = self
            .matching(backend)
            .select_only()
            .columns(ranges::MATCH_COLUMNS)
            .column(published::Column::SearchTokens);
        // The index hands out matches newest first by itself.
        QueryOrder::query(&mut select)
            .order_by_expr(Expr::cust("published_search.rowid"), Order::Desc);
        Ok(select
            .limit(SUMMARY_WINDOW)
            .into_model::<ranges::Match>()
            .all(db)
            .await?)
    }

    fn keyset(&self) -> ApiResult<Option<i32>> {
        self.cursor
            .as_deref()
            .map(|key| {
                key.strip_prefix('k')
                    .and_then(|id| id.parse().ok())
                    .ok_or_else(pagination::invalid_cursor)
            })
            .transpose()
    }

    fn offset(&self) -> ApiResult<u64> {
        match self.cursor.as_deref() {
            None => Ok(0),
            Some(key) => key
                .strip_prefix('o')
                .and_then(|offset| offset.parse().ok())
                .filter(|offset| *offset <= 10_000)
                .ok_or_else(pagination::invalid_cursor),
        }
    }
}

/// Up to `need` matches from the newest, with their words or without.
fn newest(need: u64, words: bool) -> ranges::Wanted {
    ranges::Wanted {
        from: Start::Newest,
        after: None,
        need,
        words,
    }
}

/// The total, whether it is exact, and the facets of these matches.
fn summarise(found: &[ranges::Match]) -> (u64, bool, Facets) {
    let mut tally = Tally::default();
    for m in found {
        tally.count(
            &m.category_code,
            &m.province_code,
            &m.state,
            m.outcome.as_deref(),
            1,
        );
    }
    let exact = tally.total < SUMMARY_WINDOW;
    (tally.total, exact, tally.facets())
}

/// The published complaints with these ids, in the ids' order.
async fn in_order(db: &impl ConnectionTrait, ids: &[i32]) -> ApiResult<Vec<published::Model>> {
    let mut rows = published::Entity::find()
        .filter(published::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?;
    rows.sort_by_key(|row| ids.iter().position(|id| *id == row.id));
    Ok(rows)
}

/// The row ids a raw statement over the search index returns, in order.
async fn rowids(
    db: &impl ConnectionTrait,
    sql: &str,
    values: [sea_orm::Value; 3],
) -> ApiResult<Vec<i32>> {
    let statement = sea_orm::Statement::from_sql_and_values(DatabaseBackend::Sqlite, sql, values);
    let rows = db.query_all_raw(statement).await?;
    rows.iter()
        .map(|row| row.try_get_by_index::<i32>(0).map_err(ApiError::from))
        .collect()
}

fn words(query: &PublicSearchQuery, fields: &mut Fields) -> Vec<String> {
    query_terms(query.q.as_deref(), fields)
}

/// The words of a public search's `q`, checked: none without `q`; a `q`
/// that is too long or holds no words is recorded in `fields`.
pub fn query_terms(q: Option<&str>, fields: &mut Fields) -> Vec<String> {
    let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) else {
        return Vec::new();
    };
    if q.chars().count() > MAX_QUERY || q.chars().any(char::is_control) {
        fields.push(
            "q",
            "invalid_query",
            Text::new(
                format!("搜索词最多 {MAX_QUERY} 个字符，且不能包含控制字符。"),
                format!("The query is at most {MAX_QUERY} characters, without control characters."),
            ),
        );
        return Vec::new();
    }
    let words = query_words(q, MAX_WORDS);
    if words.is_empty() {
        fields.push(
            "q",
            "no_words",
            Text::new(
                "搜索词中没有可以搜索的文字或数字。",
                "The query holds no letters or digits to search for.",
            ),
        );
    }
    words
}

async fn check_filters(
    db: &impl ConnectionTrait,
    query: &PublicSearchQuery,
    fields: &mut Fields,
) -> ApiResult<()> {
    taxonomy::check_category(db, query.category_code.as_deref(), fields).await?;
    check_region(db, query.region_code.as_deref(), fields).await?;
    if let (Some(from), Some(to)) = (query.filed_from, query.filed_to)
        && from > to
    {
        fields.push(
            "filed_from",
            "out_of_range",
            Text::new(
                "起始日期不能晚于结束日期。",
                "`filed_from` must not be after `filed_to`.",
            ),
        );
    }
    Ok(())
}

/// Records a `region_code` filter that is not six digits.
pub async fn check_region(
    db: &impl ConnectionTrait,
    region: Option<&str>,
    fields: &mut Fields,
) -> ApiResult<()> {
    let Some(region) = region else {
        return Ok(());
    };
    if !(region.len() == 6 && region.bytes().all(|b| b.is_ascii_digit())) {
        fields.push(
            "region_code",
            "invalid_format",
            Text::new(
                "地区代码为 6 位数字，例如 440305。",
                "A region code is six digits, for example 440305.",
            ),
        );
    } else if !crate::organisations::routing::region_exists(db, region).await? {
        fields.push(
            "region_code",
            "unknown_region",
            Text::new(
                "没有这个地区代码，请从 /regions 中选择。",
                "No such region; choose one from /regions.",
            ),
        );
    }
    Ok(())
}

/// The page size of a public search: 1 to [`MAX_LIMIT`], [`DEFAULT_LIMIT`] by default.
pub fn check_limit(limit: Option<u32>, fields: &mut Fields) -> u64 {
    match limit {
        None => u64::from(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => u64::from(n),
        Some(_) => {
            fields.push(
                "limit",
                "out_of_range",
                Text::new(
                    format!("每页条数须在 1 到 {MAX_LIMIT} 之间。"),
                    format!("limit must be between 1 and {MAX_LIMIT}."),
                ),
            );
            u64::from(DEFAULT_LIMIT)
        }
    }
}

/// The filters as one condition; each given must hold.
fn condition(query: &PublicSearchQuery) -> Condition {
    let mut condition = Condition::all();
    if let Some(business) = query.business_id {
        condition = condition.add(published::Column::BusinessId.eq(business.0));
    }
    if let Some(code) = &query.category_code {
        condition = condition.add(category_condition(code));
    }
    if let Some(code) = &query.nature_code {
        condition = condition.add(published::Column::NatureCode.eq(code.as_str()));
    }
    if let Some(region) = &query.region_code {
        condition = condition.add(region_condition(region));
    }
    if let Some(state) = query.state {
        condition = condition.add(published::Column::State.eq(wire_name(state)));
    }
    if let Some(outcome) = query.outcome {
        condition = condition.add(published::Column::Outcome.eq(wire_name(outcome)));
    }
    if let Some(from) = query.filed_from {
        condition =
            condition.add(published::Column::FiledAt.gt(end_of_day(from - Duration::days(1))));
    }
    if let Some(to) = query.filed_to {
        condition = condition.add(published::Column::FiledAt.lte(end_of_day(to)));
    }
    if let Some(met) = query.deadline_met {
        condition = condition.add(published::Column::DeadlineMet.eq(met));
    }
    condition
}

/// A category and everything below it (`goods` holds `goods.phones`).
pub fn category_condition(code: &str) -> Condition {
    Condition::any()
        .add(published::Column::CategoryCode.eq(code))
        .add(published::Column::CategoryCode.starts_with(format!("{code}.")))
}

/// A province (`440000`), a city (`440300`) or one district.
pub fn region_condition(region: &str) -> Condition {
    let condition = Condition::all();
    if region.ends_with("0000") {
        condition.add(published::Column::ProvinceCode.eq(region))
    } else if region.ends_with("00") {
        condition.add(published::Column::CityCode.eq(region))
    } else {
        condition.add(published::Column::RegionCode.eq(region))
    }
}

/// Counts per value of each facet, summed over the groups.
#[derive(Default)]
struct Tally {
    total: u64,
    category: BTreeMap<String, u64>,
    region: BTreeMap<String, u64>,
    state: BTreeMap<String, u64>,
    outcome: BTreeMap<String, u64>,
}

impl Tally {
    /// Adds `count` matches with these values (an open case has no outcome).
    fn count(
        &mut self,
        category: &str,
        province: &str,
        state: &str,
        outcome: Option<&str>,
        count: u64,
    ) {
        let top = category.split('.').next().unwrap_or_default().to_owned();
        self.total += count;
        add(&mut self.category, top, count);
        add(&mut self.region, province.to_owned(), count);
        add(&mut self.state, state.to_owned(), count);
        add(
            &mut self.outcome,
            outcome.unwrap_or("open").to_owned(),
            count,
        );
    }

    fn facets(self) -> Facets {
        Facets {
            category: sorted(self.category),
            region: sorted(self.region),
            state: sorted(self.state),
            outcome: sorted(self.outcome),
        }
    }
}

fn add(counts: &mut BTreeMap<String, u64>, value: String, count: u64) {
    *counts.entry(value).or_default() += count;
}

/// Largest count first; equal counts by value.
fn sorted(counts: BTreeMap<String, u64>) -> Vec<FacetCount> {
    let mut counts: Vec<FacetCount> = counts
        .into_iter()
        .map(|(value, count)| FacetCount { value, count })
        .collect();
    sort_counts(&mut counts);
    counts
}

/// Category counts summed under their top-level category (`goods.phones`
/// counts for `goods`).
pub fn top_level(counts: Vec<FacetCount>) -> Vec<FacetCount> {
    let mut summed = BTreeMap::new();
    for count in counts {
        let top = count.value.split('.').next().unwrap_or_default().to_owned();
        add(&mut summed, top, count.count);
    }
    sorted(summed)
}

pub fn sort_counts(counts: &mut [FacetCount]) {
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
}
