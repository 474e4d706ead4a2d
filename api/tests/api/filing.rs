//! Filing: field checks in both languages, idempotency keys, numbers and routing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{filing, world};

fn fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn every_invalid_field_is_named_at_once_in_the_callers_language() {
    let world = world().await;
    let body = json!({
        "business": {"name": "", "credit_code": "91440300MA5G8XQK1T", "region_code": "999999"},
        "region_code": "12",
        "category_code": "goods.nothing",
        "nature_code": "whatever",
        "purchase_date": "2099-01-01",
        "amount_fen": -5,
        "channel": "online_platform",
        "description": "太短了",
        "demands": ["other"],
        "consent_to_publish": false,
    });

    let chinese = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), body.clone())
        .await;
    assert_eq!(
        chinese.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        chinese.body
    );
    let mut named = fields(&chinese.body);
    named.sort();
    assert_eq!(
        named,
        [
            "amount_fen",
            "business.credit_code",
            "business.name",
            "business.region_code",
            "category_code",
            "channel_platform",
            "description",
            "nature_code",
            "other_demand",
            "purchase_date",
            "region_code",
        ]
    );
    let code_error = chinese.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == "business.credit_code")
        .unwrap();
    assert!(
        code_error["message"].as_str().unwrap().contains("应为 8"),
        "{code_error}"
    );

    let english = world
        .app
        .client
        .post(world.app.url("/api/v1/complaints"))
        .bearer_auth(&world.consumer)
        .header("Accept-Language", "en")
        .json(&body)
        .send()
        .await
        .unwrap();
    let english: Value = english.json().await.unwrap();
    let description = english["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == "description")
        .unwrap();
    assert_eq!(description["code"], "too_short");
    assert!(
        description["message"]
            .as_str()
            .unwrap()
            .contains("at least 20"),
        "{description}"
    );

    let listed = world
        .app
        .get("/api/v1/complaints", Some(&world.consumer))
        .await;
    assert_eq!(listed.body["items"], json!([]), "nothing was half-written");
}

#[tokio::test]
async fn a_description_over_the_limit_is_refused_not_cut() {
    let world = world().await;
    let mut body = filing(&world.business_id);
    body["description"] = json!("很".repeat(5001));

    let reply = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), body)
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.body["errors"][0]["code"], "too_long");
}

#[tokio::test]
async fn only_consumers_file() {
    let world = world().await;
    for token in [&world.intake, &world.handler, &world.admin] {
        let reply = world
            .app
            .post(
                "/api/v1/complaints",
                Some(token),
                filing(&world.business_id),
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
    }
}

async fn file_with_key(
    world: &crate::cases::World,
    key: &str,
    body: &Value,
) -> (StatusCode, Value) {
    let response = world
        .app
        .client
        .post(world.app.url("/api/v1/complaints"))
        .bearer_auth(&world.consumer)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

#[tokio::test]
async fn a_retried_filing_returns_the_first_complaint_and_files_nothing_twice() {
    let world = world().await;
    let body = filing(&world.business_id);

    let (first_status, first) = file_with_key(&world, "7d4e-retry-1", &body).await;
    let (second_status, second) = file_with_key(&world, "7d4e-retry-1", &body).await;
    assert_eq!(first_status, StatusCode::CREATED);
    assert_eq!(second_status, StatusCode::OK);
    assert_eq!(first["id"], second["id"]);
    assert_eq!(first["number"], second["number"]);

    let mut other = body.clone();
    other["amount_fen"] = json!(1);
    let (status, problem) = file_with_key(&world, "7d4e-retry-1", &other).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["code"], "idempotency_key_reused");

    let listed = world
        .app
        .get("/api/v1/complaints", Some(&world.consumer))
        .await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn racing_retries_with_one_key_create_one_complaint() {
    let world = world().await;
    let body = filing(&world.business_id);

    let attempts = (0..6).map(|_| file_with_key(&world, "race-key", &body));
    let replies = futures_util::future::join_all(attempts).await;

    let ids: std::collections::BTreeSet<String> = replies
        .iter()
        .map(|(status, body)| {
            assert!(status.is_success(), "{status}: {body}");
            body["id"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 1);
    let created = replies
        .iter()
        .filter(|(status, _)| *status == StatusCode::CREATED)
        .count();
    assert_eq!(created, 1);
}

#[tokio::test]
async fn a_key_expires_after_a_day() {
    let world = world().await;
    let body = filing(&world.business_id);
    let (_, first) = file_with_key(&world, "day-old", &body).await;

    world.app.clock.advance(chrono::Duration::hours(25));
    let consumer = world.app.access_token("13800138000", "wang2024!").await;
    let later = world
        .app
        .client
        .post(world.app.url("/api/v1/complaints"))
        .bearer_auth(&consumer)
        .header("Idempotency-Key", "day-old")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(later.status(), StatusCode::CREATED);
    let later: Value = later.json().await.unwrap();
    assert_ne!(later["id"], first["id"]);
}

#[tokio::test]
async fn numbers_are_unique_readable_and_check_themselves() {
    let world = world().await;
    let mut numbers = Vec::new();
    for _ in 0..3 {
        let id = world.file().await;
        numbers.push(
            world.complaint(&world.consumer, &id).await.body["number"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }

    let mut sorted = numbers.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, numbers, "unique and in filing order");
    for number in &numbers {
        assert!(
            shared::complaints::ComplaintNumber::parse(number).is_some(),
            "{number}"
        );
        let shape: Vec<usize> = number.split('-').map(str::len).collect();
        assert_eq!(shape, [8, 6, 1], "{number}");
    }
}

#[tokio::test]
async fn a_new_business_is_created_from_the_filing_and_routed_by_its_region() {
    let world = world().await;
    let hangzhou = world.app.association_id("330000").await;
    let mut body = filing(&world.business_id);
    body["business"] = json!({"name": "杭州某某健身会所", "credit_code": "91330100MA2H3KLM0C", "region_code": "330106"});

    let filed = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), body.clone())
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    assert_eq!(filed.body["association"]["id"], hangzhou);
    assert_eq!(filed.body["business"]["name"], "杭州某某健身会所");

    let again = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), body)
        .await;
    assert_eq!(
        again.body["business"]["id"], filed.body["business"]["id"],
        "the same code finds the same record"
    );
}
