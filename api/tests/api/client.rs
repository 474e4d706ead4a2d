//! The typed client in `shared` against a real server: tokens, refresh and
//! signing in again, idempotent filing, typed refusals, retries after 429;
//! a browser's sign-in without the password, resumed from a kept refresh
//! token, and the language of the server's messages.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Duration as Days;
use serde_json::Value;
use shared::ErrorCode;
use shared::cases::{ActionRequest, FileComplaintRequest};
use shared::client::{Client, ClientError, RetryPolicy, SessionChange};

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

/// Every change of the sign-in, as the hook heard it.
fn recorded(client: &Client) -> Arc<Mutex<Vec<SessionChange>>> {
    let heard = Arc::new(Mutex::new(Vec::new()));
    let sink = heard.clone();
    client.on_session_change(move |change| sink.lock().unwrap().push(change.clone()));
    heard
}

#[tokio::test]
async fn a_login_without_the_password_tells_each_token_pair_and_ends_with_its_session() {
    let world = world().await;
    let client = Client::new(&world.app.url(""));
    let heard = recorded(&client);

    let tokens = client
        .login_tokens_only("13800138000", "wang2024!")
        .await
        .unwrap();
    world.app.clock.advance(Days::seconds(901));
    let after_refresh: Value = client.get("/api/v1/me").await.unwrap();
    let kept = client.refresh_token();
    world.app.clock.advance(Days::days(31));
    let after_expiry = client.get::<Value>("/api/v1/me").await.unwrap_err();

    assert_eq!(after_refresh["phone"], "13800138000");
    assert!(
        matches!(after_expiry, ClientError::SignedOut),
        "{after_expiry:?}"
    );
    let heard = heard.lock().unwrap().clone();
    assert_eq!(heard.len(), 3, "{heard:?}");
    assert_eq!(
        heard[0],
        SessionChange::Renewed {
            refresh_token: tokens.refresh_token.clone()
        }
    );
    assert_eq!(
        Some(heard[1].clone()),
        kept.map(|refresh_token| SessionChange::Renewed { refresh_token })
    );
    assert_ne!(
        heard[1], heard[0],
        "a refresh hands out a new refresh token"
    );
    assert_eq!(heard[2], SessionChange::Ended);
    assert_eq!(client.refresh_token(), None);
}

#[tokio::test]
async fn a_kept_refresh_token_resumes_the_session_once_in_another_client() {
    let world = world().await;
    let first = Client::new(&world.app.url(""));
    first
        .login_tokens_only("13800138000", "wang2024!")
        .await
        .unwrap();
    let kept = first.refresh_token().unwrap();
    let after_reload = first.fresh();
    let replayed = first.fresh();
    let heard = recorded(&replayed);

    after_reload.resume(&kept).await.unwrap();
    let me: Value = after_reload.get("/api/v1/me").await.unwrap();
    let refused = replayed.resume(&kept).await.unwrap_err();

    assert_eq!(me["phone"], "13800138000");
    assert_ne!(after_reload.refresh_token(), Some(kept));
    assert!(matches!(refused, ClientError::SignedOut), "{refused:?}");
    assert_eq!(*heard.lock().unwrap(), vec![SessionChange::Ended]);
    assert!(replayed.access_token().is_none());
}

#[tokio::test]
async fn the_language_set_on_the_client_picks_the_language_of_refusals() {
    let world = world().await;
    let client = Client::new(&world.app.url("")).with_retry(RetryPolicy::none());

    client.set_language(Some("en"));
    let in_english = client.get::<Value>("/api/v1/me").await.unwrap_err();
    client.fresh().set_language(Some("zh-CN"));
    let still_english = client.get::<Value>("/api/v1/me").await.unwrap_err();
    let clone = client.clone();
    clone.set_language(Some("zh-CN"));
    let in_chinese = client.get::<Value>("/api/v1/me").await.unwrap_err();

    let detail = |error: &ClientError| error.problem().unwrap().detail.clone();
    assert!(
        detail(&in_english).starts_with("Log in first"),
        "{in_english}"
    );
    assert_eq!(detail(&still_english), detail(&in_english));
    assert!(detail(&in_chinese).starts_with("请先登录"), "{in_chinese}");
}
