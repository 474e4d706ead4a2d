//! The per-address rate limit on `/api/v1/public/…`.

use reqwest::StatusCode;

use crate::helpers::{Reply, TestApp, reply, spawn_app_with};

const PUBLIC: &str = "/api/v1/public/case-publicity";

/// One request a second, three at once; addresses from `X-Forwarded-For`.
async fn limited_app() -> TestApp {
    spawn_app_with(|settings| {
        settings.public_rate_limit = 60;
        settings.public_rate_burst = 3;
        settings.trust_proxy = true;
    })
    .await
}

async fn get_from(app: &TestApp, path: &str, address: &str) -> Reply {
    let sent = app
        .client
        .get(app.url(path))
        .header("x-forwarded-for", address)
        .header("accept-language", "en")
        .send()
        .await
        .expect("the request reaches the server");
    reply(sent).await
}

#[tokio::test]
async fn the_request_after_the_burst_is_refused_with_retry_after() {
    let app = limited_app().await;

    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(get_from(&app, PUBLIC, "203.0.113.7").await.status);
    }
    let refused = get_from(&app, PUBLIC, "203.0.113.7").await;

    assert_eq!(statuses, [StatusCode::OK; 3]);
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.code(), "rate_limited");
    assert_eq!(refused.header("retry-after"), Some("1"));
    assert_eq!(
        refused.header("content-type"),
        Some("application/problem+json")
    );
    let detail = refused.body["detail"].as_str().unwrap();
    assert!(detail.contains("try again in 1 seconds"), "{detail}");
    assert!(refused.header("x-request-id").is_some());
}

#[tokio::test]
async fn another_address_and_other_endpoints_are_not_held_back() {
    let app = limited_app().await;
    for _ in 0..4 {
        get_from(&app, PUBLIC, "203.0.113.7").await;
    }

    let other_address = get_from(&app, PUBLIC, "198.51.100.20").await;
    let mut not_public = Vec::new();
    for _ in 0..6 {
        not_public.push(
            get_from(&app, "/api/v1/regions", "203.0.113.7")
                .await
                .status,
        );
    }
    let still_refused = get_from(&app, PUBLIC, "203.0.113.7").await;

    assert_eq!(other_address.status, StatusCode::OK);
    assert_eq!(not_public, [StatusCode::OK; 6]);
    assert_eq!(still_refused.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn requests_pass_again_once_retry_after_has_passed() {
    let app = limited_app().await;
    for _ in 0..3 {
        get_from(&app, PUBLIC, "203.0.113.7").await;
    }
    let refused = get_from(&app, PUBLIC, "203.0.113.7").await;
    let wait: i64 = refused.header("retry-after").unwrap().parse().unwrap();

    app.clock.advance(chrono::Duration::seconds(wait));
    let after = get_from(&app, PUBLIC, "203.0.113.7").await;
    let next = get_from(&app, PUBLIC, "203.0.113.7").await;

    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(after.status, StatusCode::OK, "{}", after.body);
    assert_eq!(
        next.status,
        StatusCode::TOO_MANY_REQUESTS,
        "one token came back"
    );
}

#[tokio::test]
async fn every_path_under_public_counts_however_it_is_spelled() {
    let app = limited_app().await;

    let business = format!(
        "/api/v1/public/businesses/{}/case-publicity",
        uuid::Uuid::now_v7()
    );
    let first = get_from(&app, &business, "203.0.113.7").await;
    let unknown = get_from(&app, "/api/v1/public/nothing-here", "203.0.113.7").await;
    let escaped = get_from(&app, "/api/v1/%70ublic/case-publicity", "203.0.113.7").await;
    let refused = get_from(&app, PUBLIC, "203.0.113.7").await;

    assert_eq!(first.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(escaped.status, StatusCode::OK);
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn without_a_trusted_proxy_the_forwarded_address_is_ignored() {
    let app = spawn_app_with(|settings| {
        settings.public_rate_limit = 60;
        settings.public_rate_burst = 1;
    })
    .await;

    let first = get_from(&app, PUBLIC, "203.0.113.7").await;
    let forged = get_from(&app, PUBLIC, "198.51.100.20").await;

    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(forged.status, StatusCode::TOO_MANY_REQUESTS);
}
