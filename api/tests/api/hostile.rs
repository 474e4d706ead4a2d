//! Hostile and broken input: query-language and SQL injection strings in the
//! search box and in text fields, very deep and very long JSON, and Unicode
//! edge cases. The server answers each with a result or a problem, never a
//! 5xx, and keeps what it stored exactly as it was sent.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::client::encode;

use crate::cases::{World, filing, world_with};
use crate::helpers::{TestApp, reply, spawn_app};
use crate::search::published;

/// Strings that mean something to SQL, to SQLite's FTS5 query language or to
/// PostgreSQL's tsquery, and so must be searched as plain words.
const INJECTIONS: [&str; 16] = [
    "' OR '1'='1",
    "\"; DROP TABLE complaints; --",
    "退款\" OR \"1\"=\"1",
    "退款 NEAR(质量 服务)",
    "退款 AND NOT 质量 OR *",
    "description:退款",
    "退款:* & !质量 | (服务",
    "'||pg_sleep(5)--",
    "%_%",
    "\\",
    ")(",
    "^退款",
    "{\"$gt\": \"\"}",
    "<script>alert(1)</script>",
    "1; SELECT * FROM users",
    "退款' UNION SELECT password_hash FROM users --",
];

async fn health_is_ok(app: &TestApp) {
    let health = app.get("/healthz", None).await;

    assert_eq!(health.status, StatusCode::OK, "{}", health.body);
}

#[tokio::test]
async fn query_language_and_sql_in_the_search_box_are_searched_as_words() {
    let world = world_with(spawn_app().await, false).await;
    let number = published(
        &world,
        "网购的手机到货后屏幕碎裂，联系商家申请退款被拒绝，客服一直推脱。",
        "440305",
        "goods.appliances",
    )
    .await;

    for injection in INJECTIONS {
        let reply = world
            .app
            .get(
                &format!("/api/v1/public/complaints?q={}", encode(injection)),
                None,
            )
            .await;

        match reply.status {
            StatusCode::OK => assert!(reply.body["items"].is_array(), "{}", reply.body),
            StatusCode::UNPROCESSABLE_ENTITY => assert_eq!(
                reply.field_codes(),
                [("q".to_owned(), "no_words".to_owned())],
                "{injection}"
            ),
            other => panic!("{injection}: {other} {}", reply.body),
        }
    }

    let after = world
        .app
        .get("/api/v1/public/complaints?q=%E9%80%80%E6%AC%BE", None)
        .await;
    assert_eq!(after.status, StatusCode::OK, "{}", after.body);
    let found: Vec<&str> = after.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["number"].as_str().unwrap())
        .collect();
    assert_eq!(found, [number.as_str()]);
}

#[tokio::test]
async fn a_word_inside_quotes_and_operator_signs_still_finds_its_complaint() {
    let world = world_with(spawn_app().await, false).await;
    let number = published(
        &world,
        "网购的手机到货后屏幕碎裂，联系商家申请退款被拒绝，客服一直推脱。",
        "440305",
        "goods.appliances",
    )
    .await;

    let reply = world
        .app
        .get(
            &format!("/api/v1/public/complaints?q={}", encode("\"退款\"* (^:)")),
            None,
        )
        .await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.body["items"][0]["number"], json!(number));
}

#[tokio::test]
async fn injection_strings_in_text_fields_are_stored_exactly_as_typed() {
    let world = world_with(spawn_app().await, true).await;
    let description = format!("冰箱坏了，门店拒绝退换。{}", INJECTIONS.join(" "));
    let mut body = filing(&world.business_id);
    body["description"] = json!(description);
    body["order_number"] = json!("SO-1'; DROP TABLE complaints; --");

    let filed = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), body)
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let id = filed.body["id"].as_str().unwrap();
    let read = world.complaint(&world.consumer, id).await;

    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert_eq!(read.body["description"], json!(description));
    assert_eq!(
        read.body["order_number"],
        json!("SO-1'; DROP TABLE complaints; --")
    );
    assert_eq!(filed_count(&world).await, 1);
}

async fn filed_count(world: &World) -> usize {
    let mine = world
        .app
        .get("/api/v1/complaints", Some(&world.consumer))
        .await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);

    mine.body["items"].as_array().unwrap().len()
}

async fn post_raw(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    body: String,
) -> crate::helpers::Reply {
    let mut request = app
        .client
        .post(app.url(path))
        .header("content-type", "application/json")
        .body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }

    reply(request.send().await.unwrap()).await
}

#[tokio::test]
async fn very_deeply_nested_json_is_a_400_problem_and_the_server_lives_on() {
    let world = world_with(spawn_app().await, true).await;
    let depth = 100_000;
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let in_a_field = format!(
        "{{\"description\": {}{}}}",
        "{\"a\":".repeat(depth),
        "1".to_owned() + &"}".repeat(depth)
    );

    for body in [nested, in_a_field] {
        let refused = post_raw(
            &world.app,
            "/api/v1/complaints",
            Some(&world.consumer),
            body,
        )
        .await;

        assert!(
            refused.status == StatusCode::BAD_REQUEST
                || refused.status == StatusCode::PAYLOAD_TOO_LARGE,
            "{}: {}",
            refused.status,
            refused.body
        );
        assert!(refused.body["code"].is_string(), "{}", refused.body);
    }
    health_is_ok(&world.app).await;
    assert_eq!(filed_count(&world).await, 0);
}

#[tokio::test]
async fn a_description_longer_than_allowed_is_refused_whole_not_cut() {
    let world = world_with(spawn_app().await, true).await;
    let mut body = filing(&world.business_id);
    body["description"] = json!("质量问题。".repeat(40_000));

    let refused = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), body)
        .await;

    assert!(
        refused.status == StatusCode::UNPROCESSABLE_ENTITY
            || refused.status == StatusCode::PAYLOAD_TOO_LARGE,
        "{}: {}",
        refused.status,
        refused.body
    );
    assert!(refused.body["code"].is_string(), "{}", refused.body);
    assert_eq!(filed_count(&world).await, 0);
}

#[tokio::test]
async fn a_lone_surrogate_escape_names_the_field() {
    let world = world_with(spawn_app().await, true).await;
    let mut body = filing(&world.business_id).to_string();
    body = body.replace("购买的冰箱", "购买的\\ud800冰箱");

    let refused = post_raw(
        &world.app,
        "/api/v1/complaints",
        Some(&world.consumer),
        body,
    )
    .await;

    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert_eq!(
        refused.field_codes(),
        [("description".to_owned(), "invalid_type".to_owned())]
    );
    assert_eq!(filed_count(&world).await, 0);
}

/// Right-to-left override, zero-width joiner and space, a byte order mark,
/// combining marks and emoji built from several code points.
fn unicode_edge_cases() -> Value {
    json!(
        "冰箱不制冷\u{202e}款退\u{202c}，门店\u{200b}拒绝\u{200d}退换\u{feff}。Cafe\u{301} 👨‍👩‍👧 🇨🇳 𠮷野家"
    )
}

#[tokio::test]
async fn unicode_edge_cases_in_a_description_come_back_unchanged_or_are_refused_by_name() {
    let world = world_with(spawn_app().await, true).await;
    let mut body = filing(&world.business_id);
    body["description"] = unicode_edge_cases();

    let filed = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), body)
        .await;

    match filed.status {
        StatusCode::CREATED => {
            let id = filed.body["id"].as_str().unwrap();
            let read = world.complaint(&world.consumer, id).await;
            assert_eq!(read.body["description"], unicode_edge_cases());
        }
        StatusCode::UNPROCESSABLE_ENTITY => {
            let fields = filed.field_codes();
            assert!(
                fields.iter().any(|(field, _)| field == "description"),
                "{}",
                filed.body
            );
        }
        other => panic!("{other}: {}", filed.body),
    }
}

#[tokio::test]
async fn unicode_edge_cases_in_a_display_name_never_cause_a_server_error() {
    let app = spawn_app().await;
    let names = [
        "\u{202e}李四",
        "\u{200b}",
        "👨‍👩‍👧",
        "王\u{0000}五",
        "Zoë\u{301}",
        "𠮷",
    ];

    for (index, name) in names.into_iter().enumerate() {
        let phone = format!("1380013810{index}");
        let reply = app
            .post(
                "/api/v1/auth/register",
                None,
                json!({"phone": phone, "password": "a-long-password", "display_name": name}),
            )
            .await;

        match reply.status {
            StatusCode::CREATED => {
                let token = app.access_token(&phone, "a-long-password").await;
                let me = app.get("/api/v1/me", Some(&token)).await;
                assert_eq!(me.body["display_name"], json!(name), "{}", me.body);
            }
            StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST => {
                assert!(reply.body["code"].is_string(), "{name:?}: {}", reply.body);
            }
            other => panic!("{name:?}: {other} {}", reply.body),
        }
    }
}
