//! Public search: Chinese words found as words, filters, facets, highlights,
//! order and pages, on SQLite and PostgreSQL alike.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{World, filing, world_with};
use crate::helpers::spawn_app;

/// Files and accepts a complaint against the non-member business, which
/// publishes it; returns its number.
pub(crate) async fn published(
    world: &World,
    description: &str,
    region: &str,
    category: &str,
) -> String {
    let mut body = filing(&world.business_id);
    body["description"] = json!(description);
    body["region_code"] = json!(region);
    body["category_code"] = json!(category);
    let filed = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), body)
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let id = filed.body["id"].as_str().unwrap();
    world
        .step(&world.intake, id, json!({"action": "accept"}))
        .await;
    filed.body["number"].as_str().unwrap().to_owned()
}

async fn search(world: &World, query: &str) -> Value {
    let reply = world
        .app
        .get(&format!("/api/v1/public/complaints?{query}"), None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.body);
    reply.body
}

fn numbers(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["number"].as_str().unwrap().to_owned())
        .collect()
}

fn count(facet: &Value, value: &str) -> u64 {
    facet
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["value"] == value)
        .map_or(0, |c| c["count"].as_u64().unwrap())
}

struct Seeded {
    world: World,
    refund: String,
    apart: String,
    screen: String,
    beijing: String,
}

async fn seeded() -> Seeded {
    let world = world_with(spawn_app().await, false).await;
    let refund = published(
        &world,
        "在网上买的冰箱送到就坏了，商家拒绝退款，客服一直推脱。",
        "440305",
        "goods.appliances",
    )
    .await;
    let apart = published(
        &world,
        "退货以后商家说款项要一个月才能到账，一直没有消息。",
        "440305",
        "goods.appliances",
    )
    .await;
    let screen = published(
        &world,
        "手机屏幕使用一周出现花屏，维修点说是人为损坏不给保修。",
        "440106",
        "goods.daily",
    )
    .await;
    let beijing = published(
        &world,
        "健身房突然关门，预付的会员费无法退款，商家联系不上。",
        "110105",
        "services.sales",
    )
    .await;
    Seeded {
        world,
        refund,
        apart,
        screen,
        beijing,
    }
}

#[tokio::test]
async fn a_query_for_tuikuan_finds_tuikuan_and_not_its_characters_apart() {
    let s = seeded().await;

    let page = search(&s.world, "q=退款").await;
    let mut found = numbers(&page);
    found.sort();
    let mut expected = vec![s.refund.clone(), s.beijing.clone()];
    expected.sort();
    assert_eq!(found, expected);
    assert!(!found.contains(&s.apart));
    assert_eq!(page["total"], 2);

    let hit = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|hit| hit["number"] == s.refund.as_str())
        .unwrap();
    let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
    let marks = hit["highlights"].as_array().unwrap();
    assert_eq!(marks.len(), 1, "{hit}");
    let (start, end) = (
        marks[0][0].as_u64().unwrap() as usize,
        marks[0][1].as_u64().unwrap() as usize,
    );
    assert_eq!(snippet[start..end].iter().collect::<String>(), "退款");
}

#[tokio::test]
async fn every_word_of_the_query_must_occur() {
    let s = seeded().await;

    assert_eq!(
        numbers(&search(&s.world, "q=商家拒绝退款").await),
        vec![s.refund.clone()]
    );
    assert_eq!(
        numbers(&search(&s.world, "q=屏幕").await),
        vec![s.screen.clone()]
    );
    assert_eq!(search(&s.world, "q=退款 屏幕").await["total"], 0);
}

#[tokio::test]
async fn facets_count_all_matches_by_category_region_state_and_outcome() {
    let s = seeded().await;

    let page = search(&s.world, "limit=1").await;
    assert_eq!(page["total"], 4);
    assert_eq!(page["total_exact"], true);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let facets = &page["facets"];
    assert_eq!(count(&facets["category"], "goods"), 3);
    assert_eq!(count(&facets["category"], "services"), 1);
    assert_eq!(count(&facets["region"], "440000"), 3);
    assert_eq!(count(&facets["region"], "110000"), 1);
    assert_eq!(count(&facets["state"], "mediating"), 4);
    assert_eq!(count(&facets["outcome"], "open"), 4);

    let refunds = search(&s.world, "q=退款").await;
    assert_eq!(count(&refunds["facets"]["region"], "440000"), 1);
    assert_eq!(count(&refunds["facets"]["region"], "110000"), 1);
}

#[tokio::test]
async fn filters_narrow_by_region_at_any_level_category_and_state() {
    let s = seeded().await;

    let province = search(&s.world, "region_code=440000").await;
    assert_eq!(province["total"], 3);
    let city = search(&s.world, "region_code=440300").await;
    let mut shenzhen = numbers(&city);
    shenzhen.sort();
    let mut expected = vec![s.refund.clone(), s.apart.clone()];
    expected.sort();
    assert_eq!(shenzhen, expected);
    assert_eq!(
        numbers(&search(&s.world, "region_code=440106").await),
        vec![s.screen.clone()]
    );
    assert_eq!(search(&s.world, "category_code=goods").await["total"], 3);
    assert_eq!(
        numbers(&search(&s.world, "category_code=services.sales").await),
        vec![s.beijing.clone()]
    );
    assert_eq!(search(&s.world, "state=closed").await["total"], 0);
    assert_eq!(search(&s.world, "outcome=resolved").await["total"], 0);
    assert_eq!(search(&s.world, "deadline_met=false").await["total"], 0);
    let business = format!("business_id={}", s.world.business_id);
    assert_eq!(search(&s.world, &business).await["total"], 4);
    assert_eq!(search(&s.world, "filed_to=2000-01-01").await["total"], 0);
}

#[tokio::test]
async fn pages_follow_the_cursor_newest_first_or_oldest_first() {
    let s = seeded().await;

    let first = search(&s.world, "limit=3").await;
    assert_eq!(
        numbers(&first),
        [s.beijing.clone(), s.screen.clone(), s.apart.clone()]
    );
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = search(&s.world, &format!("limit=3&cursor={cursor}")).await;
    assert_eq!(numbers(&second), vec![s.refund.clone()]);
    assert!(second.get("next_cursor").is_none());

    let oldest = search(&s.world, "sort=oldest&limit=2").await;
    assert_eq!(numbers(&oldest), [s.refund.clone(), s.apart.clone()]);
    let relevance = search(&s.world, "q=商家&limit=2").await;
    let cursor = relevance["next_cursor"].as_str().unwrap();
    let rest = search(&s.world, &format!("q=商家&limit=2&cursor={cursor}")).await;
    let mut all = numbers(&relevance);
    all.extend(numbers(&rest));
    all.sort();
    let mut expected = vec![s.refund.clone(), s.apart.clone(), s.beijing.clone()];
    expected.sort();
    assert_eq!(all, expected);
}

/// Leaves a gap of `ids` unused ids before the next published complaint.
async fn skip_published_ids(world: &World, ids: i64) {
    use sea_orm::{ConnectionTrait, DbBackend};

    let db = &world.app.state.db;
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => format!(
            "SELECT setval(pg_get_serial_sequence('published_complaints', 'id'), \
             (SELECT max(id) FROM published_complaints) + {ids})"
        ),
        _ => format!(
            "UPDATE sqlite_sequence SET seq = seq + {ids} WHERE name = 'published_complaints'"
        ),
    };
    db.execute_unprepared(&sql).await.unwrap();
}

/// PostgreSQL looks for a word's matches in ranges of ids that widen from
/// the newest row back (20,000 ids, then wider as the matches found suggest): matches
/// 300,000 ids apart are all found, in order, counted, and paged across.
#[tokio::test]
async fn matches_far_apart_are_found_in_order_and_paged() {
    let s = seeded().await;
    skip_published_ids(&s.world, 300_000).await;
    let newest = published(
        &s.world,
        "电视买回来第二天就黑屏，申请退款被拒绝。",
        "110105",
        "goods.appliances",
    )
    .await;

    let page = search(&s.world, "q=退款&sort=newest&limit=1").await;
    assert_eq!(numbers(&page), vec![newest.clone()]);
    assert_eq!(page["total"], 3);
    assert_eq!(page["total_exact"], true);
    assert_eq!(count(&page["facets"]["region"], "110000"), 2);
    assert_eq!(count(&page["facets"]["region"], "440000"), 1);

    let mut pages = numbers(&page);
    let mut cursor = page["next_cursor"].as_str().unwrap().to_owned();
    loop {
        let next = search(
            &s.world,
            &format!("q=退款&sort=newest&limit=1&cursor={cursor}"),
        )
        .await;
        pages.extend(numbers(&next));
        match next["next_cursor"].as_str() {
            Some(next) => cursor = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(pages, [newest.clone(), s.beijing.clone(), s.refund.clone()]);

    let oldest = search(&s.world, "q=退款&sort=oldest&limit=2").await;
    assert_eq!(numbers(&oldest), [s.refund.clone(), s.beijing.clone()]);
    let cursor = oldest["next_cursor"].as_str().unwrap();
    let rest = search(
        &s.world,
        &format!("q=退款&sort=oldest&limit=2&cursor={cursor}"),
    )
    .await;
    assert_eq!(numbers(&rest), vec![newest.clone()]);

    let first = search(&s.world, "q=退款&limit=2").await;
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = search(&s.world, &format!("q=退款&limit=2&cursor={cursor}")).await;
    let mut all = numbers(&first);
    all.extend(numbers(&second));
    all.sort();
    let mut expected = vec![newest, s.beijing.clone(), s.refund.clone()];
    expected.sort();
    assert_eq!(all, expected);
}

#[tokio::test]
async fn bad_search_parameters_are_named() {
    let world = world_with(spawn_app().await, false).await;
    let cases = [
        ("q=!!!", "q", "no_words"),
        ("region_code=44", "region_code", "invalid_format"),
        ("region_code=999999", "region_code", "unknown_region"),
        ("category_code=nothing", "category_code", "unknown_category"),
        ("limit=0", "limit", "out_of_range"),
        ("limit=101", "limit", "out_of_range"),
        ("cursor=abc", "cursor", "invalid_format"),
        (
            "filed_from=2024-02-01&filed_to=2024-01-01",
            "filed_from",
            "out_of_range",
        ),
    ];
    for (query, field, code) in cases {
        let reply = world
            .app
            .get(&format!("/api/v1/public/complaints?{query}"), None)
            .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {}",
            reply.body
        );
        assert_eq!(
            reply.field_codes(),
            [(field.to_owned(), code.to_owned())],
            "{query}"
        );
    }
    let long = "退".repeat(101);
    let reply = world
        .app
        .get(&format!("/api/v1/public/complaints?q={long}"), None)
        .await;
    assert_eq!(
        reply.field_codes(),
        [("q".to_owned(), "invalid_query".to_owned())]
    );
    let unknown = world
        .app
        .get("/api/v1/public/complaints/20990101000001", None)
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_query_never_highlights_inside_a_placeholder() {
    let world = world_with(spawn_app().await, false).await;
    let number = published(
        &world,
        "请打电话13800138000联系我，新买的手机屏幕裂了。",
        "440305",
        "goods.daily",
    )
    .await;

    let page = search(&world, "q=手机").await;

    assert_eq!(numbers(&page), vec![number]);
    let hit = &page["items"][0];
    let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
    assert!(
        snippet.iter().collect::<String>().contains("【手机号】"),
        "{hit}"
    );
    let marked: Vec<String> = hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let (start, end) = (m[0].as_u64().unwrap(), m[1].as_u64().unwrap());
            snippet[start as usize - 1..end as usize + 1]
                .iter()
                .collect()
        })
        .collect();
    assert_eq!(marked, vec!["的手机屏"], "{hit}");
}

/// Relevance is BM25 on both setups: more mentions of the words in a
/// shorter text rank higher, with a filter as without one; on SQLite the
/// order is exactly that of FTS5's own `rank`.
#[tokio::test]
async fn relevance_ranks_more_mentions_in_shorter_texts_first() {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};

    let world = world_with(spawn_app().await, false).await;
    let thrice = published(
        &world,
        "商家拒绝退款，我多次申请退款，客服却说退款要等一个月以后。",
        "440305",
        "goods.appliances",
    )
    .await;
    let once_long = published(
        &world,
        "健身房突然关门，预付的会员费无法退款，商家联系不上，也不回消息，门店已经搬走了，很多会员都在找他们。",
        "440305",
        "services.sales",
    )
    .await;
    let twice = published(
        &world,
        "申请退款被拒绝了两次，退款理由写得很清楚，商家就是不理。",
        "110105",
        "goods.daily",
    )
    .await;
    let once_short = published(
        &world,
        "买的耳机一直有杂音，要求退款，商家说不能处理。",
        "440106",
        "goods.daily",
    )
    .await;

    let all = numbers(&search(&world, "q=退款").await);
    let guangdong = numbers(&search(&world, "q=退款&region_code=440000").await);
    let second_page = search(&world, "q=退款&limit=2").await;
    let cursor = second_page["next_cursor"].as_str().unwrap();
    let rest = numbers(&search(&world, &format!("q=退款&limit=2&cursor={cursor}")).await);

    let expected = vec![
        thrice.clone(),
        twice.clone(),
        once_short.clone(),
        once_long.clone(),
    ];
    assert_eq!(all, expected);
    assert_eq!(guangdong, vec![thrice, once_short, once_long]);
    assert_eq!(rest, expected[2..]);

    let db = &world.app.state.db;
    if db.get_database_backend() == DbBackend::Sqlite {
        let sql = "SELECT p.number FROM published_search s \
                   JOIN published_complaints p ON p.id = s.rowid \
                   WHERE published_search MATCH '\"退款\"' ORDER BY s.rank, p.id DESC";
        let rows = db
            .query_all_raw(Statement::from_string(DbBackend::Sqlite, sql))
            .await
            .unwrap();
        let by_fts5: Vec<String> = rows
            .iter()
            .map(|row| row.try_get_by_index(0).unwrap())
            .collect();
        assert_eq!(by_fts5, expected);
    }
}
