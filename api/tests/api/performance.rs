//! An association's public performance figures: counts, handling times,
//! outcomes and deadlines over every complaint it handles.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::world;

async fn performance(
    app: &crate::helpers::TestApp,
    association: &str,
    query: &str,
) -> crate::helpers::Reply {
    app.get(
        &format!("/api/v1/public/associations/{association}/performance{query}"),
        None,
    )
    .await
}

fn outcome_count(figures: &Value, outcome: &str) -> u64 {
    figures["by_outcome"]
        .as_array()
        .unwrap()
        .iter()
        .find(|facet| facet["value"] == outcome)
        .map(|facet| facet["count"].as_u64().unwrap())
        .unwrap_or(0)
}

#[tokio::test]
async fn the_figures_follow_what_happened_to_each_complaint() {
    let mut world = world().await;
    let withdrawn = world.file().await;
    let open = world.file().await;
    let rejected = world.file().await;
    world.hours_pass(2).await;
    for id in [&withdrawn, &open] {
        world
            .step(&world.intake, id, json!({"action": "accept"}))
            .await;
    }
    world
        .step(
            &world.intake,
            &rejected,
            json!({"action": "reject", "reason": "duplicate"}),
        )
        .await;
    world.hours_pass(4).await;
    world
        .step(&world.consumer, &withdrawn, json!({"action": "withdraw"}))
        .await;

    let reply = performance(&world.app, &world.association, "").await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let figures = &reply.body;
    assert_eq!(figures["association_id"], world.association.as_str());
    assert_eq!(figures["filed"], 3);
    assert_eq!(figures["accepted"], 2);
    assert_eq!(figures["closed"], 2);
    assert_eq!(figures["open"], 1);
    assert_eq!(outcome_count(figures, "withdrawn"), 1);
    assert_eq!(outcome_count(figures, "rejected"), 1);
    assert_eq!(figures["time_to_accept"]["cases"], 2);
    assert_eq!(figures["time_to_accept"]["median_hours"], 2.0);
    assert_eq!(figures["time_to_close"]["cases"], 2);
    // Rejected after 2 hours, withdrawn after 6: the median is the lower, nine in ten the higher.
    assert_eq!(figures["time_to_close"]["median_hours"], 2.0);
    assert_eq!(figures["time_to_close"]["p90_hours"], 6.0);
    let months: u64 = figures["by_month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|month| month["filed"].as_u64().unwrap())
        .sum();
    assert_eq!(months, 3);
    let acceptance = figures["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|record| record["kind"] == "acceptance")
        .cloned()
        .expect("the acceptance deadlines are counted");
    assert_eq!(acceptance["missed"], 0, "{acceptance}");
    assert!(acceptance["met"].as_u64().unwrap() >= 2, "{acceptance}");
}

#[tokio::test]
async fn another_association_counts_none_of_them_and_the_period_is_checked() {
    let world = world().await;
    world.file().await;
    let zhejiang = world.app.association_id("330000").await;

    let elsewhere = performance(&world.app, &zhejiang, "").await;
    let backwards = performance(
        &world.app,
        &world.association,
        "?from=2026-12-01&to=2026-11-01",
    )
    .await;
    let unknown = performance(&world.app, "0192f0c4-0000-7000-8000-000000000000", "").await;
    let before_it = performance(
        &world.app,
        &world.association,
        "?from=2020-01-01&to=2020-12-31",
    )
    .await;

    assert_eq!(elsewhere.status, StatusCode::OK, "{}", elsewhere.body);
    assert_eq!(elsewhere.body["filed"], 0);
    assert_eq!(
        elsewhere.body["time_to_accept"]["median_hours"],
        Value::Null
    );
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        backwards.field_codes(),
        [("from".to_owned(), "out_of_range".to_owned())]
    );
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(before_it.body["filed"], 0);
}
