//! The typed client in `shared` against a real server: tokens, refresh and
//! signing in again, idempotent filing, typed refusals, retries after 429.

use std::time::Duration;

use chrono::Duration as Days;
use serde_json::Value;
use shared::ErrorCode;
use shared::cases::{ActionRequest, FileComplaintRequest};
use shared::client::{Client, ClientError, RetryPolicy};

use crate::cases::{filing, world};
use crate::helpers::spawn_app_with;

#[tokio::test]
async fn files_once_per_key_and_refusals_carry_their_code() {
    let world = world().await;
    let client = Client::new(&world.app.url(""));
    client.login("13800138000", "wang2024!").await.unwrap();
    let complaint: FileComplaintRequest =
        serde_json::from_value(filing(&world.business_id)).unwrap();

    let first = client
        .file_complaint(&complaint, "source-42")
        .await
        .unwrap();
    let again = client
        .file_complaint(&complaint, "source-42")
        .await
        .unwrap();
    let refused = client
        .act(first.id, &ActionRequest::AcceptOffer {})
        .await
        .unwrap_err();

    assert_eq!(first.id, again.id);
    assert_eq!(refused.code(), Some(ErrorCode::InvalidTransition));
    assert_eq!(refused.status(), Some(409));
    let mine: Value = client.get("/api/v1/complaints").await.unwrap();
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_expired_access_token_is_refreshed_and_an_expired_session_signs_in_again() {
    let world = world().await;
    let client = Client::new(&world.app.url(""));
    let tokens = client.login("13800138000", "wang2024!").await.unwrap();
    let borrowed = client.fresh();
    borrowed.use_tokens(&tokens);

    world.app.clock.advance(Days::seconds(901));
    let after_refresh: Value = client.get("/api/v1/me").await.unwrap();
    world.app.clock.advance(Days::days(31));
    let after_login: Value = client.get("/api/v1/me").await.unwrap();
    let without_password = borrowed.get::<Value>("/api/v1/me").await.unwrap_err();

    assert_eq!(after_refresh["phone"], "13800138000");
    assert_eq!(after_login["phone"], "13800138000");
    assert!(
        matches!(without_password, ClientError::SignedOut),
        "{without_password:?}"
    );
}

#[tokio::test]
async fn a_rate_limited_request_is_retried_after_the_wait_the_server_names() {
    let app = spawn_app_with(|settings| {
        settings.public_rate_limit = 60;
        settings.public_rate_burst = 1;
    })
    .await;
    let patient = Client::new(&app.url(""));
    let impatient = patient.fresh().with_retry(RetryPolicy::none());
    let path = "/api/v1/public/case-publicity";

    let _: Value = patient.get(path).await.unwrap();
    let refused = impatient.get::<Value>(path).await.unwrap_err();
    let clock = app.clock.clone();
    let later = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        clock.advance(Days::seconds(2));
    });
    let retried: Result<Value, _> = patient.get(path).await;
    later.await.unwrap();

    assert_eq!(refused.code(), Some(ErrorCode::RateLimited));
    assert!(retried.is_ok(), "{retried:?}");
}

#[tokio::test]
async fn refusals_come_in_the_language_the_client_asks_for() {
    let world = world().await;
    let client = Client::new(&world.app.url(""));
    let clone = client.clone();

    client.set_language("en");
    let in_english = clone
        .login("13800138000", "wrong-password")
        .await
        .unwrap_err();
    client.set_language("zh-CN");
    let in_chinese = clone
        .login("13800138000", "wrong-password")
        .await
        .unwrap_err();

    let detail = |error: &ClientError| error.problem().map(|p| p.detail.clone());
    assert_eq!(
        detail(&in_english).as_deref(),
        Some("The login or the password is wrong.")
    );
    assert_eq!(detail(&in_chinese).as_deref(), Some("账号或密码错误。"));
}
