//! Surge alerts for an association's staff, and the consumer warnings they
//! issue and withdraw.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{World, filing, world_with};
use crate::helpers::spawn_app_with;

/// A world whose tokens outlive weeks of the test clock moving.
async fn world() -> World {
    let app = spawn_app_with(|settings| {
        settings.access_token_ttl = 365 * 24 * 3600;
        settings.refresh_token_ttl = 365 * 24 * 3600;
    })
    .await;
    world_with(app, false).await
}

async fn register_business(world: &World, name: &str) -> String {
    let created = world
        .app
        .post(
            "/api/v1/businesses",
            Some(&world.admin),
            json!({"name": name, "region_code": "440305"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    created.body["id"].as_str().unwrap().to_owned()
}

/// Files `count` complaints against the business; returns their numbers.
async fn file(world: &World, business_id: &str, category: &str, count: usize) -> Vec<String> {
    let mut numbers = Vec::new();
    for _ in 0..count {
        let mut body = filing(business_id);
        body["category_code"] = json!(category);
        let filed = world
            .app
            .post("/api/v1/complaints", Some(&world.consumer), body)
            .await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
        numbers.push(filed.body["number"].as_str().unwrap().to_owned());
    }
    numbers
}

fn alerts_path(world: &World) -> String {
    format!("/api/v1/associations/{}/alerts", world.association)
}

fn alerts_of<'a>(body: &'a Value, dimension: &str) -> Vec<&'a Value> {
    body["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|alert| alert["dimension"] == dimension)
        .collect()
}

#[tokio::test]
async fn a_surge_against_one_business_alerts_and_a_steady_busy_business_does_not() {
    let world = world().await;
    let steady = register_business(&world, "深圳某某通信营业厅").await;
    let gym = register_business(&world, "深圳某某健身工作室").await;
    // Eight weeks of six complaints a week against the busy business.
    for _ in 0..8 {
        file(&world, &steady, "goods.appliances", 6).await;
        world.app.clock.advance(Duration::days(7));
    }

    let usual = file(&world, &steady, "goods.appliances", 7).await;
    let planted = file(&world, &gym, "services.education.training", 6).await;
    let reply = world
        .app
        .get(&alerts_path(&world), Some(&world.intake))
        .await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.body["window_days"], 7);
    assert_eq!(reply.body["baseline_windows"], 8);
    let businesses = alerts_of(&reply.body, "business");
    assert_eq!(businesses.len(), 1, "{}", reply.body);
    let alert = businesses[0];
    assert_eq!(alert["key"], gym.as_str());
    assert_eq!(alert["label"], "深圳某某健身工作室");
    assert_eq!(alert["current_count"], 6);
    assert_eq!(alert["baseline_counts"], json!([0, 0, 0, 0, 0, 0, 0, 0]));
    assert_eq!(alert["baseline_mean"], 0.0);
    assert_eq!(alert["evidence_total"], 6);
    let evidence: Vec<&str> = alert["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["number"].as_str().unwrap())
        .collect();
    assert_eq!(evidence, planted);
    assert!(usual.iter().all(|n| !evidence.contains(&n.as_str())));
    // The new kind of complaint surges too; the busy kind (13 against a
    // steady 6 a week) and the region (13 against 6) do not.
    let categories = alerts_of(&reply.body, "category");
    assert_eq!(categories.len(), 1, "{}", reply.body);
    assert_eq!(categories[0]["key"], "services.education.training");
    assert_eq!(categories[0]["label"], "培训服务");
    assert!(alerts_of(&reply.body, "region").is_empty());
}

#[tokio::test]
async fn alerts_are_for_the_associations_own_staff_only() {
    let world = world().await;
    let zhejiang = world.app.association_id("330000").await;
    let other_admin = world
        .app
        .staff_token(&zhejiang, "zj.admin", &["association_admin"])
        .await;
    let path = alerts_path(&world);

    let other = world.app.get(&path, Some(&other_admin)).await;
    let consumer = world.app.get(&path, Some(&world.consumer)).await;
    let business = world.app.get(&path, Some(&world.handler)).await;
    let anonymous = world.app.get(&path, None).await;
    let own = world.app.get(&path, Some(&world.mediator)).await;

    assert_eq!(other.status, StatusCode::FORBIDDEN, "{}", other.body);
    assert_eq!(consumer.status, StatusCode::FORBIDDEN, "{}", consumer.body);
    assert_eq!(business.status, StatusCode::FORBIDDEN, "{}", business.body);
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    assert_eq!(own.body["alerts"], json!([]));
}

#[tokio::test]
async fn issuing_a_warning_with_bad_input_names_every_wrong_field() {
    let world = world().await;

    let reply = world
        .app
        .post(
            &format!("/api/v1/associations/{}/warnings", world.association),
            Some(&world.intake),
            json!({"title": " ", "body": "太短", "business_id": uuid::Uuid::now_v7(), "category_code": "goods.nothing", "region_code": "999999"}),
        )
        .await;

    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    let mut fields = reply.field_codes();
    fields.sort();
    assert_eq!(
        fields,
        vec![
            ("body".to_owned(), "too_short".to_owned()),
            ("business_id".to_owned(), "unknown_business".to_owned()),
            ("category_code".to_owned(), "unknown_category".to_owned()),
            ("region_code".to_owned(), "unknown_region".to_owned()),
            ("title".to_owned(), "invalid_length".to_owned()),
        ]
    );
}

#[tokio::test]
async fn an_issued_warning_is_public_until_it_is_withdrawn() {
    let world = world().await;
    let warnings = format!("/api/v1/associations/{}/warnings", world.association);
    let issued = world
        .app
        .post(
            &warnings,
            Some(&world.mediator),
            json!({"title": "某某电器退换货投诉增多", "body": "近一周本会收到多起该商家冰箱退换货投诉，请消费者保留发票和三包凭证。", "business_id": world.business_id, "region_code": "440305"}),
        )
        .await;
    assert_eq!(issued.status, StatusCode::CREATED, "{}", issued.body);
    let id = issued.body["id"].as_i64().unwrap();

    let listed = world.app.get("/api/v1/public/warnings", None).await;
    let by_business = world
        .app
        .get(
            &format!("/api/v1/public/warnings?business_id={}", world.business_id),
            None,
        )
        .await;
    let by_other = world
        .app
        .get(
            &format!(
                "/api/v1/public/warnings?business_id={}",
                uuid::Uuid::now_v7()
            ),
            None,
        )
        .await;
    let one = world
        .app
        .get(&format!("/api/v1/public/warnings/{id}"), None)
        .await;

    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    assert_eq!(listed.body["items"][0]["id"], id);
    assert_eq!(by_business.body["items"][0]["id"], id);
    assert_eq!(by_other.body["items"], json!([]));
    assert_eq!(one.status, StatusCode::OK, "{}", one.body);
    assert_eq!(one.body["business_name"], "深圳某某电器有限公司");
    assert!(one.body.get("issued_by").is_none(), "{}", one.body);

    let zhejiang = world.app.association_id("330000").await;
    let other_admin = world
        .app
        .staff_token(&zhejiang, "zj.admin", &["association_admin"])
        .await;
    let withdrawal = format!("{warnings}/{id}/withdrawal");
    let refused = world
        .app
        .post(&withdrawal, Some(&other_admin), json!({}))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);

    let withdrawn = world
        .app
        .post(&withdrawal, Some(&world.intake), json!({}))
        .await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.body);
    assert!(withdrawn.body["withdrawn_at"].is_string());

    let listed = world.app.get("/api/v1/public/warnings", None).await;
    let one = world
        .app
        .get(&format!("/api/v1/public/warnings/{id}"), None)
        .await;
    let staff_list = world.app.get(&warnings, Some(&world.intake)).await;
    assert_eq!(listed.body["items"], json!([]));
    assert_eq!(one.status, StatusCode::NOT_FOUND, "{}", one.body);
    assert_eq!(staff_list.body["items"][0]["id"], id);
    assert!(staff_list.body["items"][0]["withdrawn_at"].is_string());
}
