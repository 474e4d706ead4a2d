//! Handing a case in mediation to another mediator, and each mediator's own
//! list of cases.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{World, date_in, world};

/// Files, accepts, and takes the standard case into mediation.
async fn in_mediation(world: &World) -> String {
    let id = world.file().await;
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    world
        .step(
            &world.handler,
            &id,
            json!({"action": "make_offer", "terms": "免费维修一次", "perform_by": date_in(&world.app, 14)}),
        )
        .await;
    let mediating = world
        .step(
            &world.consumer,
            &id,
            json!({"action": "decline_offer", "reason": "只同意维修", "escalate": true}),
        )
        .await;
    assert_eq!(mediating["state"], "mediating", "{mediating}");
    id
}

async fn user_id(world: &World, token: &str) -> String {
    let me = world.app.get("/api/v1/me", Some(token)).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    me.body["id"].as_str().unwrap().to_owned()
}

async fn assign(world: &World, token: &str, id: &str, mediator: &str) -> crate::helpers::Reply {
    world
        .app
        .put(
            &format!("/api/v1/complaints/{id}/mediator"),
            Some(token),
            json!({"mediator_id": mediator}),
        )
        .await
}

async fn assigned_to_me(world: &World, token: &str) -> Vec<Value> {
    let list = world
        .app
        .get("/api/v1/complaints?assigned_to_me=true", Some(token))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    list.body["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn intake_hands_a_case_in_mediation_to_another_mediator() {
    let world = world().await;
    let second = world
        .app
        .staff_token(&world.association, "gd.mediator2", &["mediator"])
        .await;
    let first_id = user_id(&world, &world.mediator).await;
    let second_id = user_id(&world, &second).await;
    let id = in_mediation(&world).await;
    let before = world.complaint(&world.intake, &id).await;
    let first_holder = before.body["mediator_id"].as_str().unwrap().to_owned();

    let choices = world
        .app
        .get(
            &format!("/api/v1/complaints/{id}/mediators"),
            Some(&world.intake),
        )
        .await;
    let hidden = world
        .app
        .get(
            &format!("/api/v1/complaints/{id}/mediators"),
            Some(&world.consumer),
        )
        .await;

    assert_eq!(choices.status, StatusCode::OK, "{}", choices.body);
    let choices = choices.body.as_array().unwrap().clone();
    assert_eq!(choices.len(), 2, "{choices:?}");
    let holder = choices.iter().find(|c| c["current"] == true).unwrap();
    assert_eq!(holder["id"], first_holder.as_str());
    assert_eq!(holder["cases_in_mediation"], 1);
    assert_eq!(choices[0]["cases_in_mediation"], 0, "least busy first");
    assert_eq!(hidden.status, StatusCode::FORBIDDEN, "{}", hidden.body);

    let target = if first_holder == first_id {
        &second_id
    } else {
        &first_id
    };
    let moved = assign(&world, &world.intake, &id, target).await;

    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    assert_eq!(moved.body["mediator_id"], target.as_str());
    assert_ne!(moved.header("etag"), before.header("etag"));
    let staff_sees = world.timeline_kinds(&world.intake, &id).await;
    assert!(staff_sees.contains(&"mediator_assigned".to_owned()));
    let consumer_sees = world.timeline_kinds(&world.consumer, &id).await;
    assert!(!consumer_sees.contains(&"mediator_assigned".to_owned()));
    assert_eq!(world.record(&id).await["chain_intact"], true);
    let (new_token, old_token) = if target == &second_id {
        (&second, &world.mediator)
    } else {
        (&world.mediator, &second)
    };
    let mine = assigned_to_me(&world, new_token).await;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["id"], id.as_str());
    assert!(assigned_to_me(&world, old_token).await.is_empty());
    let told = world
        .app
        .get("/api/v1/notifications", Some(new_token))
        .await;
    assert!(told.body.to_string().contains("mediator"), "{}", told.body);
}

#[tokio::test]
async fn only_intake_may_assign_and_only_to_a_mediator_of_the_association() {
    let world = world().await;
    let mediator_id = user_id(&world, &world.mediator).await;
    let intake_id = user_id(&world, &world.intake).await;
    let accepted = world.file().await;
    world
        .step(&world.intake, &accepted, json!({"action": "accept"}))
        .await;
    let id = in_mediation(&world).await;

    let by_consumer = assign(&world, &world.consumer, &id, &mediator_id).await;
    let by_business = assign(&world, &world.handler, &id, &mediator_id).await;
    let by_mediator = assign(&world, &world.mediator, &id, &mediator_id).await;
    let to_intake = assign(&world, &world.intake, &id, &intake_id).await;
    let not_mediating = assign(&world, &world.intake, &accepted, &mediator_id).await;
    let stale = world
        .app
        .client
        .put(world.app.url(&format!("/api/v1/complaints/{id}/mediator")))
        .bearer_auth(&world.intake)
        .header("If-Match", "\"1\"")
        .json(&json!({"mediator_id": mediator_id}))
        .send()
        .await
        .unwrap();

    assert_eq!(
        by_consumer.status,
        StatusCode::FORBIDDEN,
        "{}",
        by_consumer.body
    );
    assert_eq!(
        by_business.status,
        StatusCode::FORBIDDEN,
        "{}",
        by_business.body
    );
    assert_eq!(
        by_mediator.status,
        StatusCode::FORBIDDEN,
        "{}",
        by_mediator.body
    );
    assert_eq!(to_intake.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        to_intake.field_codes(),
        vec![("mediator_id".to_owned(), "not_a_mediator".to_owned())]
    );
    assert_eq!(
        not_mediating.status,
        StatusCode::CONFLICT,
        "{}",
        not_mediating.body
    );
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    let unchanged = world.timeline_kinds(&world.intake, &id).await;
    assert!(!unchanged.contains(&"mediator_assigned".to_owned()));
}
