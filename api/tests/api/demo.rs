//! The demo server's clock: only with `--demo`, only for platform admins,
//! never before a recorded event, and deadlines run out as it moves.

use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use serde_json::json;

use crate::cases::{filing, world_with};
use crate::helpers::{spawn_app, spawn_app_with};

fn time(value: &serde_json::Value) -> DateTime<Utc> {
    value.as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_server_not_in_demo_mode_keeps_its_clock() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let consumer = app.consumer_token("13800138000").await;

    let read = app.get("/api/v1/demo/clock", Some(&admin)).await;
    let moved = app
        .put(
            "/api/v1/demo/clock",
            Some(&admin),
            json!({"now": "2030-01-01T00:00:00Z"}),
        )
        .await;
    let by_consumer = app
        .put(
            "/api/v1/demo/clock",
            Some(&consumer),
            json!({"now": "2030-01-01T00:00:00Z"}),
        )
        .await;

    assert_eq!(read.status, StatusCode::NOT_FOUND);
    assert_eq!(read.code(), "demo_mode_off");
    assert_eq!(moved.status, StatusCode::NOT_FOUND, "{}", moved.body);
    assert_eq!(moved.code(), "demo_mode_off");
    assert!(moved.body["detail"].as_str().unwrap().contains("--demo"));
    assert_eq!(by_consumer.status, StatusCode::FORBIDDEN);
    let now = app.state.clock.now();
    assert!(now.signed_duration_since(Utc::now()).num_seconds().abs() < 60);
}

#[tokio::test]
async fn the_demo_clock_lets_a_deadline_run_out_and_never_goes_back_over_events() {
    let app = spawn_app_with(|settings| settings.demo = true).await;
    let world = world_with(app, true).await;
    let start: DateTime<Utc> = "2018-03-01T08:00:00Z".parse().unwrap();
    let set = world
        .app
        .put(
            "/api/v1/demo/clock",
            Some(&world.admin),
            json!({"now": start}),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    assert_eq!(time(&set.body["now"]), start);

    let filed = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), {
            let mut body = filing(&world.business_id);
            body["purchase_date"] = json!("2018-02-20");
            body
        })
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let id = filed.body["id"].as_str().unwrap().to_owned();
    assert_eq!(time(&filed.body["filed_at"]), start);
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;

    let back = world
        .app
        .put(
            "/api/v1/demo/clock",
            Some(&world.admin),
            json!({"now": start - Duration::days(1)}),
        )
        .await;
    assert_eq!(back.status, StatusCode::CONFLICT, "{}", back.body);
    assert_eq!(back.code(), "clock_backwards");

    let later = world
        .app
        .put(
            "/api/v1/demo/clock",
            Some(&world.admin),
            json!({"now": start + Duration::days(40)}),
        )
        .await;
    assert_eq!(later.status, StatusCode::OK, "{}", later.body);
    assert_eq!(later.body["expired"], 1);
    assert_eq!(time(&later.body["latest_event"]), start);
    let complaint = world.complaint(&world.consumer, &id).await.body;
    assert_eq!(complaint["state"], "mediating");
    assert_eq!(complaint["business_missed_deadline"], true);

    let read = world
        .app
        .get("/api/v1/demo/clock", Some(&world.admin))
        .await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(time(&read.body["latest_event"]) > start + Duration::days(39));
}

#[tokio::test]
async fn a_wrong_clock_body_names_the_field() {
    let app = spawn_app_with(|settings| settings.demo = true).await;
    let admin = app.admin_token().await;

    let wrong = app
        .put(
            "/api/v1/demo/clock",
            Some(&admin),
            json!({"now": "yesterday"}),
        )
        .await;
    let missing = app.put("/api/v1/demo/clock", Some(&admin), json!({})).await;

    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        wrong.body
    );
    assert_eq!(
        missing.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        missing.body
    );
}
