//! A member business's systems use API keys on the same endpoints as the
//! browser, within the key's scopes; a revoked key stops at once.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{World, date_in, world};

async fn create_key(world: &World, scopes: Value) -> (String, String) {
    let created = world
        .app
        .post(
            &format!("/api/v1/businesses/{}/api-keys", world.business_id),
            Some(&world.handler),
            json!({"name": "客服系统", "scopes": scopes}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    (
        created.body["id"].as_str().unwrap().to_owned(),
        created.body["secret"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn a_key_works_within_its_scopes_and_stops_when_revoked() {
    let world = world().await;
    let id = world.file().await;
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    let (key_id, reader) = create_key(&world, json!(["read_cases"])).await;
    let (_, actor) = create_key(&world, json!(["read_cases", "act_on_cases"])).await;

    let listed = world.app.get("/api/v1/complaints", Some(&reader)).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(listed.body["items"][0]["id"], id.as_str());
    assert_eq!(world.complaint(&reader, &id).await.status, StatusCode::OK);

    let offer =
        json!({"action": "make_offer", "terms": "退款", "perform_by": date_in(&world.app, 5)});
    assert_eq!(
        world.act(&reader, &id, offer.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    let message = json!({"body": "系统自动回复：已收到"});
    let path = format!("/api/v1/complaints/{id}/messages");
    assert_eq!(
        world
            .app
            .post(&path, Some(&reader), message.clone())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(world.act(&actor, &id, offer).await.status, StatusCode::OK);
    assert_eq!(
        world.app.post(&path, Some(&actor), message).await.status,
        StatusCode::CREATED
    );

    let keys_path = format!("/api/v1/businesses/{}/api-keys", world.business_id);
    let revoked = world
        .app
        .delete(&format!("{keys_path}/{key_id}"), Some(&world.handler))
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    let after = world.app.get("/api/v1/complaints", Some(&reader)).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);

    let keys = world.app.get(&keys_path, Some(&world.handler)).await.body;
    let entry = keys
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == key_id.as_str())
        .unwrap();
    assert!(entry["revoked_at"].is_string());
    assert!(entry["last_used_at"].is_string());
    assert!(
        keys.to_string().find("rdk_").is_none(),
        "secrets are never listed: {keys}"
    );
}

#[tokio::test]
async fn a_key_is_no_person_and_a_wrong_secret_is_refused() {
    let world = world().await;
    let (_, key) = create_key(&world, json!(["read_cases"])).await;

    assert_eq!(
        world.app.get("/api/v1/me", Some(&key)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        world
            .app
            .get("/api/v1/notifications", Some(&key))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let keys_path = format!("/api/v1/businesses/{}/api-keys", world.business_id);
    assert_eq!(
        world.app.get(&keys_path, Some(&key)).await.status,
        StatusCode::FORBIDDEN,
        "keys do not make keys"
    );

    let forged = format!("{}x", &key[..key.len() - 1]);
    let refused = world.app.get("/api/v1/complaints", Some(&forged)).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.body["code"], "unauthenticated");
}

#[tokio::test]
async fn only_the_business_own_users_manage_its_keys() {
    let world = world().await;
    let keys_path = format!("/api/v1/businesses/{}/api-keys", world.business_id);
    let body = json!({"name": "ERP", "scopes": ["read_cases"]});

    for token in [&world.consumer, &world.intake, &world.admin] {
        assert_eq!(
            world
                .app
                .post(&keys_path, Some(token), body.clone())
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
    let empty = world
        .app
        .post(
            &keys_path,
            Some(&world.handler),
            json!({"name": "", "scopes": []}),
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.body["errors"].as_array().unwrap().len(), 2);
}
