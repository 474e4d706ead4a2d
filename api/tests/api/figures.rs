//! A business's own figures: what it received, answered in time, settled,
//! and how consumers rated it.

use reqwest::StatusCode;
use serde_json::json;

use crate::cases::{date_in, world};

#[tokio::test]
async fn a_business_sees_how_it_handled_its_complaints() {
    let mut world = world().await;
    let settled = world.file().await;
    let silent = world.file().await;
    world.file().await;
    for id in [&settled, &silent] {
        world
            .step(&world.intake, id, json!({"action": "accept"}))
            .await;
    }
    world
        .step(
            &world.handler,
            &settled,
            json!({"action": "make_offer", "terms": "退款", "perform_by": date_in(&world.app, 3)}),
        )
        .await;
    world
        .step(&world.consumer, &settled, json!({"action": "accept_offer"}))
        .await;
    world
        .step(
            &world.consumer,
            &settled,
            json!({"action": "confirm_performance"}),
        )
        .await;
    world
        .step(
            &world.consumer,
            &settled,
            json!({"action": "rate", "score": 4}),
        )
        .await;
    world.days_pass(40).await;

    let path = format!("/api/v1/businesses/{}/figures", world.business_id);
    let figures = world.app.get(&path, Some(&world.handler)).await;
    assert_eq!(figures.status, StatusCode::OK, "{}", figures.body);
    let body = figures.body;
    assert_eq!(
        [
            &body["received"],
            &body["reconciliation_cases"],
            &body["answered_in_time"],
            &body["missed_deadline"],
            &body["reconciled"],
            &body["resolved"],
            &body["ratings"],
        ],
        [
            &json!(2),
            &json!(2),
            &json!(1),
            &json!(1),
            &json!(1),
            &json!(1),
            &json!(1)
        ],
        "{body}"
    );
    assert_eq!(body["average_rating"], 4.0);

    assert_eq!(
        world.app.get(&path, Some(&world.intake)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        world.app.get(&path, Some(&world.consumer)).await.status,
        StatusCode::FORBIDDEN
    );
    let backwards = world
        .app
        .get(
            &format!("{path}?from=2026-12-31&to=2026-01-01"),
            Some(&world.handler),
        )
        .await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    let long_ago = world
        .app
        .get(
            &format!("{path}?from=2020-01-01&to=2020-12-31"),
            Some(&world.handler),
        )
        .await;
    assert_eq!(long_ago.body["received"], 0);
    assert!(long_ago.body["average_rating"].is_null());
}

#[tokio::test]
async fn a_business_publishes_its_service_contacts() {
    let world = world().await;
    let path = format!("/api/v1/businesses/{}/contacts", world.business_id);

    let nothing = world
        .app
        .put(
            &path,
            Some(&world.handler),
            json!({"hours": "每天 9:00–21:00"}),
        )
        .await;
    assert_eq!(
        nothing.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        nothing.body
    );
    let bad = world
        .app
        .put(
            &path,
            Some(&world.handler),
            json!({"phone": "call me", "url": "ftp://x"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.body["errors"].as_array().unwrap().len(), 2);
    let by_staff = world
        .app
        .put(&path, Some(&world.intake), json!({"phone": "400-800-1234"}))
        .await;
    assert_eq!(by_staff.status, StatusCode::FORBIDDEN);

    let set = world
        .app
        .put(&path, Some(&world.handler), json!({"phone": "400-800-1234", "email": "Service@Example.cn", "hours": "每天 9:00–21:00"}))
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    let public = world
        .app
        .get(&format!("/api/v1/businesses/{}", world.business_id), None)
        .await;
    assert_eq!(public.body["service_contacts"]["phone"], "400-800-1234");
    assert_eq!(
        public.body["service_contacts"]["email"],
        "service@example.cn"
    );
}
