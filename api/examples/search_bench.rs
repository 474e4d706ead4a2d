//! Public search at volume: fills a fresh database with published complaints
//! and times typical queries through the same code the endpoint runs.
//!
//! ```text
//! cargo run --release -p api --example search_bench -- \
//!     --database sqlite|postgres --count 1000000 [--rounds 50] [--keep] [--reuse]
//!     [--sqlite-file PATH]
//! ```
//!
//! Descriptions are real negative consumer reviews from
//! `../shared/data/reviews_cn/` (override with `--reviews FILE`), two joined
//! per complaint so that texts repeat rarely; each review is segmented once.
//! The SQLite file lives in a temporary folder; the PostgreSQL database
//! `redress_search_bench` on 127.0.0.1 is dropped and created afresh, unless
//! `--reuse` finds it already holding `--count` published complaints (to time
//! a change to the search without loading the data again). `--sqlite-file`
//! keeps the SQLite database at PATH instead, and `--reuse` then times the
//! file of an earlier run when it holds `--count` published complaints.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::{TimeZone, Utc};
use migrations::{Migrator, MigratorTrait};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, PaginatorTrait, Statement,
    TransactionTrait,
};
use shared::publication::{PublicSearchQuery, PublicSort};

use api::entities::published_complaints as published;
use api::search::routes::run;
use api::search::segment::{document_tokens, query_words};

const POSTGRES_ADMIN: &str = "postgres://postgres@127.0.0.1:5432/postgres";
const POSTGRES_BENCH: &str = "postgres://postgres@127.0.0.1:5432/redress_search_bench";
const BATCH: usize = 400;

struct Options {
    postgres: bool,
    count: usize,
    rounds: usize,
    reviews: Vec<String>,
    keep: bool,
    reuse: bool,
    sqlite_file: Option<std::path::PathBuf>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let options = options()?;
    let texts = reviews(&options.reviews)?;
    eprintln!("{} reviews; segmenting each once", texts.len());
    let segmented: Vec<(String, String)> = texts
        .into_iter()
        .map(|text| {
            let tokens = document_tokens(&text);
            (text, tokens)
        })
        .collect();

    let folder = tempfile::tempdir()?;
    let started = Instant::now();
    let db = match reusable(&options).await? {
        Some(db) => {
            eprintln!(
                "reusing redress_search_bench with its {} complaints",
                options.count
            );
            db
        }
        None => {
            let db = database(&options, folder.path()).await?;
            fill(&db, &segmented, options.count).await?;
            db
        }
    };
    let loaded = started.elapsed();
    eprintln!("loaded {} complaints in {loaded:.1?}", options.count);

    let report = measure(&db, options.rounds).await?;
    print_report(&options, loaded, &report);
    if options.keep {
        let kept = folder.keep();
        eprintln!("kept {}", kept.display());
    }
    Ok(())
}

fn options() -> anyhow::Result<Options> {
    let mut options = Options {
        postgres: false,
        count: 100_000,
        rounds: 50,
        reviews: vec![
            "../shared/data/reviews_cn/online_shopping_10_cats_negative.csv".to_owned(),
            "../shared/data/reviews_cn/waimai_10k.csv".to_owned(),
        ],
        keep: false,
        reuse: false,
        sqlite_file: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--database" => options.postgres = value()? == "postgres",
            "--count" => options.count = value()?.parse()?,
            "--rounds" => options.rounds = value()?.parse()?,
            "--reviews" => options.reviews = vec![value()?],
            "--keep" => options.keep = true,
            "--reuse" => options.reuse = true,
            "--sqlite-file" => options.sqlite_file = Some(value()?.into()),
            other => bail!("unknown option {other}; see the comment at the top of search_bench.rs"),
        }
    }
    Ok(options)
}

/// The negative reviews of at least 20 characters in the CSV files.
fn reviews(paths: &[String]) -> anyhow::Result<Vec<String>> {
    let mut texts = Vec::new();
    for path in paths {
        let content = std::fs::read_to_string(path).with_context(|| {
            format!("reading {path}; run from the repository root or pass --reviews")
        })?;
        let mut records = csv_records(&content).into_iter();
        let header = records.next().unwrap_or_default();
        let label = header.iter().position(|h| h == "label");
        for record in records {
            let negative = label.is_none_or(|at| record.get(at).is_some_and(|l| l == "0"));
            if let Some(text) = record.last()
                && negative
                && text.chars().count() >= 20
            {
                texts.push(text.clone());
            }
        }
    }
    if texts.is_empty() {
        bail!("no review texts found in {paths:?}");
    }
    Ok(texts)
}

/// RFC 4180 records: quoted fields may hold commas, quotes and newlines.
fn csv_records(content: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = content.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => record.push(std::mem::take(&mut field)),
            ('\n', false) => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            ('\r', false) => {}
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

/// With `--reuse`, the bench database (PostgreSQL's, or the `--sqlite-file`)
/// when it already holds exactly `--count` published complaints.
async fn reusable(options: &Options) -> anyhow::Result<Option<DatabaseConnection>> {
    let url = match (&options.sqlite_file, options.postgres) {
        _ if !options.reuse => return Ok(None),
        (_, true) => POSTGRES_BENCH.to_owned(),
        (Some(file), false) if file.exists() => format!("sqlite://{}", file.display()),
        (_, false) => return Ok(None),
    };
    let Ok(db) = api::db::open(&url, !options.postgres, std::time::Duration::from_secs(10)).await
    else {
        return Ok(None);
    };
    let held = published::Entity::find().count(&db).await.unwrap_or(0);
    Ok((held == options.count as u64).then_some(db))
}

async fn database(
    options: &Options,
    folder: &std::path::Path,
) -> anyhow::Result<DatabaseConnection> {
    let url = if options.postgres {
        let admin = sea_orm::Database::connect(POSTGRES_ADMIN).await?;
        admin
            .execute_unprepared("DROP DATABASE IF EXISTS redress_search_bench")
            .await?;
        admin
            .execute_unprepared("CREATE DATABASE redress_search_bench")
            .await?;
        POSTGRES_BENCH.to_owned()
    } else {
        let file = options
            .sqlite_file
            .clone()
            .unwrap_or_else(|| folder.join("redress.db"));
        for suffix in ["", "-wal", "-shm"] {
            let old = std::path::PathBuf::from(format!("{}{suffix}", file.display()));
            if old.exists() {
                std::fs::remove_file(&old)
                    .with_context(|| format!("removing the earlier {}", old.display()))?;
            }
        }
        format!("sqlite://{}?mode=rwc", file.display())
    };
    let db = api::db::open(&url, !options.postgres, std::time::Duration::from_secs(10)).await?;
    Migrator::up(&db, None).await?;
    Ok(db)
}

/// Region and category codes as the migrations seeded them.
async fn codes(db: &DatabaseConnection, sql: &str) -> anyhow::Result<Vec<String>> {
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql,
        ))
        .await?;
    rows.iter()
        .map(|row| row.try_get_by_index::<String>(0).map_err(Into::into))
        .collect()
}

async fn fill(
    db: &DatabaseConnection,
    texts: &[(String, String)],
    count: usize,
) -> anyhow::Result<()> {
    let regions = codes(db, "SELECT code FROM regions WHERE level = 'county'").await?;
    let categories = codes(db, "SELECT code FROM categories").await?;
    let natures = codes(db, "SELECT code FROM natures").await?;
    let businesses: Vec<(uuid::Uuid, String)> = (0..5000)
        .map(|n| (uuid::Uuid::now_v7(), format!("测试商户{n}有限公司")))
        .collect();
    let mut rng = StdRng::seed_from_u64(20261204);
    let start = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();

    let mut made = 0;
    while made < count {
        let txn = db.begin().await?;
        for _ in 0..25 {
            let rows: Vec<published::ActiveModel> = (0..BATCH.min(count - made))
                .map(|_| {
                    made += 1;
                    let first = &texts[rng.random_range(0..texts.len())];
                    let second = &texts[rng.random_range(0..texts.len())];
                    let business = &businesses[rng.random_range(0..businesses.len())];
                    let region = &regions[rng.random_range(0..regions.len())];
                    let filed = start + chrono::Duration::minutes(rng.random_range(0..1_500_000));
                    let (state, outcome) = match rng.random_range(0..10) {
                        0..=5 => ("closed", Some("resolved")),
                        6 => ("closed", Some("mediation_failed")),
                        7 => ("closed", Some("not_performed")),
                        8 => ("mediating", None),
                        _ => ("reconciling", None),
                    };
                    published::ActiveModel {
                        id: NotSet,
                        complaint_id: Set(uuid::Uuid::now_v7()),
                        number: Set(format!("B{made:013}")),
                        business_id: Set(business.0),
                        business_name: Set(business.1.clone()),
                        association_id: Set(uuid::Uuid::nil()),
                        association_name: Set("测试消费者协会".to_owned()),
                        region_code: Set(region.clone()),
                        province_code: Set(format!("{}0000", &region[..2])),
                        city_code: Set(format!("{}00", &region[..4])),
                        category_code: Set(
                            categories[rng.random_range(0..categories.len())].clone()
                        ),
                        nature_code: Set(natures[rng.random_range(0..natures.len())].clone()),
                        demands: Set(r#"{"demands":["refund"],"other":null}"#.to_owned()),
                        description: Set(format!("{}{}", first.0, second.0)),
                        replies: Set("[]".to_owned()),
                        stages: Set("[]".to_owned()),
                        deadlines: Set("[]".to_owned()),
                        deadline_met: Set(Some(rng.random_bool(0.8))),
                        state: Set(state.to_owned()),
                        outcome: Set(outcome.map(str::to_owned)),
                        amount_recovered_fen: Set(None),
                        filed_at: Set(filed),
                        accepted_at: Set(Some(filed)),
                        closed_at: Set(None),
                        reason: Set("closed_with_consent".to_owned()),
                        published_at: Set(filed),
                        updated_at: Set(filed),
                        business_comment: Set(None),
                        business_comment_at: Set(None),
                        search_tokens: Set(format!("{} {} {}", first.1, second.1, business.1)),
                    }
                })
                .collect();
            if rows.is_empty() {
                break;
            }
            published::Entity::insert_many(rows).exec(&txn).await?;
        }
        txn.commit().await?;
        if made % 100_000 < BATCH * 25 {
            eprintln!("  {made} rows");
        }
    }
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.execute_unprepared("ANALYZE published_complaints")
            .await?;
    } else {
        db.execute_unprepared("ANALYZE").await?;
    }
    Ok(())
}

/// The typical queries: common and rare words, words with filters, and
/// plain listings.
fn queries() -> Vec<(&'static str, PublicSearchQuery)> {
    let q = |text: &str| PublicSearchQuery {
        q: Some(text.to_owned()),
        ..PublicSearchQuery::default()
    };
    vec![
        ("q=退款", q("退款")),
        ("q=质量 太差", q("质量 太差")),
        ("q=客服 态度", q("客服 态度")),
        ("q=屏幕", q("屏幕")),
        ("q=发票", q("发票")),
        ("q=酒店 前台", q("酒店 前台")),
        (
            "q=退款, sort=newest",
            PublicSearchQuery {
                sort: Some(PublicSort::Newest),
                ..q("退款")
            },
        ),
        (
            "q=送餐 慢, region=440000",
            PublicSearchQuery {
                region_code: Some("440000".to_owned()),
                ..q("送餐 慢")
            },
        ),
        (
            "category=goods, region=110000",
            PublicSearchQuery {
                category_code: Some("goods".to_owned()),
                region_code: Some("110000".to_owned()),
                ..PublicSearchQuery::default()
            },
        ),
        ("newest, no filter", PublicSearchQuery::default()),
    ]
}

struct Report {
    per_query: BTreeMap<usize, Timings>,
    all: Vec<Duration>,
    direct: Vec<Duration>,
}

/// One query's name, its times through the search, its total, and its
/// times as one statement straight to the database.
struct Timings {
    name: String,
    search: Vec<Duration>,
    total: u64,
    direct: Vec<Duration>,
}

async fn measure(db: &DatabaseConnection, rounds: usize) -> anyhow::Result<Report> {
    let queries = queries();
    let backend = db.get_database_backend();
    let statements: Vec<Statement> = queries
        .iter()
        .map(|(_, query)| direct_statement(backend, query))
        .collect();
    for ((_, query), statement) in queries.iter().zip(&statements) {
        run(db, query).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
        db.query_all_raw(statement.clone()).await?;
    }

    let mut report = Report {
        per_query: BTreeMap::new(),
        all: Vec::new(),
        direct: Vec::new(),
    };
    for _ in 0..rounds {
        for (index, ((name, query), statement)) in queries.iter().zip(&statements).enumerate() {
            let started = Instant::now();
            let page = run(db, query).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
            let took = started.elapsed();

            let started = Instant::now();
            db.query_all_raw(statement.clone()).await?;
            let direct = started.elapsed();

            let entry = report.per_query.entry(index).or_insert_with(|| Timings {
                name: (*name).to_owned(),
                search: Vec::new(),
                total: page.total,
                direct: Vec::new(),
            });
            entry.search.push(took);
            entry.direct.push(direct);
            report.all.push(took);
            report.direct.push(direct);
        }
    }
    Ok(report)
}

/// The same query as one statement straight to the database, the baseline
/// beside each search: the first page (21 rows, the page and one more), its
/// words through the full-text index and its filters in `WHERE`, newest
/// first, or by FTS5's own `rank` for relevance on SQLite (PostgreSQL's
/// vectors hold no counts to rank by). It finds the page only: no total,
/// no facets, no snippets, and no rows read beyond the page.
fn direct_statement(backend: DatabaseBackend, query: &PublicSearchQuery) -> Statement {
    let words = query
        .q
        .as_deref()
        .map(|q| query_words(q, 8))
        .unwrap_or_default();
    let mut filters = Vec::new();
    if let Some(region) = &query.region_code {
        filters.push(format!("p.province_code = '{region}'"));
    }
    if let Some(category) = &query.category_code {
        filters.push(format!(
            "(p.category_code = '{category}' OR p.category_code LIKE '{category}.%')"
        ));
    }
    let relevance = !words.is_empty() && query.sort.is_none();

    let sql = match backend {
        _ if words.is_empty() => format!(
            "SELECT p.id FROM published_complaints p {} ORDER BY p.id DESC LIMIT 21",
            where_all(&filters)
        ),
        DatabaseBackend::Postgres => {
            let tsquery = words
                .iter()
                .map(|word| format!("''{word}''"))
                .collect::<Vec<_>>()
                .join(" & ");
            filters.insert(0, format!("p.search_vector @@ '{tsquery}'::tsquery"));
            format!(
                "SELECT p.id FROM published_complaints p {} ORDER BY p.id DESC LIMIT 21",
                where_all(&filters)
            )
        }
        _ => {
            let fts = words
                .iter()
                .map(|word| format!("\"{word}\""))
                .collect::<Vec<_>>()
                .join(" ");
            filters.insert(0, format!("published_search MATCH '{fts}'"));
            let order = if relevance { "s.rank" } else { "s.rowid DESC" };
            format!(
                "SELECT p.id FROM published_search s JOIN published_complaints p \
                 ON p.id = s.rowid {} ORDER BY {order} LIMIT 21",
                where_all(&filters)
            )
        }
    };
    Statement::from_string(backend, sql)
}

fn where_all(filters: &[String]) -> String {
    if filters.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", filters.join(" AND "))
    }
}

fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort();
    let rank = ((p * samples.len() as f64).ceil() as usize).clamp(1, samples.len());
    samples[rank - 1].as_secs_f64() * 1000.0
}

fn print_report(options: &Options, loaded: Duration, report: &Report) {
    let backend = if options.postgres {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "\n{backend}, {} published complaints (loaded in {:.0} s), {} rounds\n",
        options.count,
        loaded.as_secs_f64(),
        options.rounds
    );
    println!("| query | matches | p50 ms | p99 ms | max ms | direct p50 ms | direct p99 ms |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for timings in report.per_query.values() {
        let mut samples = timings.search.clone();
        let mut direct = timings.direct.clone();
        println!(
            "| {} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} |",
            timings.name,
            timings.total,
            percentile(&mut samples, 0.5),
            percentile(&mut samples, 0.99),
            percentile(&mut samples, 1.0),
            percentile(&mut direct, 0.5),
            percentile(&mut direct, 0.99),
        );
    }
    let mut all = report.all.clone();
    let mut direct = report.direct.clone();
    println!(
        "| all ({} samples) | | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} |",
        all.len(),
        percentile(&mut all, 0.5),
        percentile(&mut all, 0.99),
        percentile(&mut all, 1.0),
        percentile(&mut direct, 0.5),
        percentile(&mut direct, 0.99),
    );
}
