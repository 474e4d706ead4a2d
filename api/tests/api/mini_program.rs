//! Mini-program sign-in against fake WeChat and Alipay platforms on
//! 127.0.0.1: the first login binds a mobile number with a ticket, later
//! logins sign in directly, and every way it can go wrong has its answer.

use std::time::{Duration, Instant};

use api::clock::Clock;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{filing, world_with};
use crate::helpers::{Reply, TestApp, spawn_app, spawn_app_with};
use crate::platforms::{self, OTHER_WECHAT_APP_ID, Platform, SESSION_KEY, WECHAT_APP_ID};

async fn wechat_app(platform: &Platform) -> TestApp {
    let settings = platform.wechat_settings(WECHAT_APP_ID);
    spawn_app_with(|s| s.wechat = Some(settings)).await
}

async fn alipay_app(platform: &Platform) -> TestApp {
    let settings = platform.alipay_settings();
    spawn_app_with(|s| s.alipay = Some(settings)).await
}

async fn login(app: &TestApp, provider: &str, code: &str) -> Reply {
    app.post(
        &format!("/api/v1/auth/mini-program/{provider}/login"),
        None,
        json!({"code": code}),
    )
    .await
}

async fn bind(app: &TestApp, provider: &str, ticket: &str, phone: &str, password: &str) -> Reply {
    app.post(
        &format!("/api/v1/auth/mini-program/{provider}/binding"),
        None,
        json!({"binding_ticket": ticket, "phone": phone, "password": password, "display_name": "李女士"}),
    )
    .await
}

/// The ticket of a first login.
async fn ticket(app: &TestApp, provider: &str, code: &str) -> String {
    let first = login(app, provider, code).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.body["outcome"], "binding_required", "{}", first.body);
    first.body["binding_ticket"].as_str().unwrap().to_owned()
}

/// Binds the user behind `code` to a new account with this number; its tokens.
async fn bound_to_new_account(app: &TestApp, provider: &str, code: &str, phone: &str) -> Value {
    let ticket = ticket(app, provider, code).await;
    let bound = bind(app, provider, &ticket, phone, "alice-2024").await;
    assert_eq!(bound.status, StatusCode::CREATED, "{}", bound.body);
    bound.body
}

fn access(tokens: &Value) -> &str {
    tokens["access_token"].as_str().unwrap()
}

#[tokio::test]
async fn a_first_wechat_login_binds_a_new_account_whose_tokens_file_complaints() {
    let platform = platforms::wechat().await;
    let world = world_with(wechat_app(&platform).await, true).await;
    let app = &world.app;

    let first = login(app, "wechat", "code-alice").await;
    let ticket = first.body["binding_ticket"].as_str().unwrap_or_default();
    let bound = bind(app, "wechat", ticket, "139 0013 9001", "alice-2024").await;
    let me = app.get("/api/v1/me", Some(access(&bound.body))).await;
    let filed = app
        .post(
            "/api/v1/complaints",
            Some(access(&bound.body)),
            filing(&world.business_id),
        )
        .await;
    let refreshed = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": bound.body["refresh_token"]}),
        )
        .await;

    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.body["outcome"], "binding_required");
    assert_eq!(first.body["ticket_expires_in"], 600);
    assert!(ticket.starts_with("mpt_"), "{ticket}");
    assert_eq!(bound.status, StatusCode::CREATED, "{}", bound.body);
    assert_eq!(bound.body["token_type"], "Bearer");
    assert_eq!(bound.body["expires_in"], 900);
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["kind"], "consumer");
    assert_eq!(me.body["phone"], "13900139001");
    assert_eq!(me.body["display_name"], "李女士");
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    assert_eq!(refreshed.status, StatusCode::OK);
    let call = &platform.requests()[0];
    assert_eq!(call["appid"], WECHAT_APP_ID);
    assert_eq!(call["js_code"], "code-alice");
    assert_eq!(call["grant_type"], "authorization_code");
    for body in [&first.body, &bound.body, &me.body] {
        assert!(!body.to_string().contains(SESSION_KEY), "{body}");
    }
}

#[tokio::test]
async fn a_bound_wechat_user_signs_in_directly_as_the_same_account() {
    let platform = platforms::wechat().await;
    let app = wechat_app(&platform).await;
    let bound = bound_to_new_account(&app, "wechat", "code-alice", "13900139002").await;
    let first_me = app.get("/api/v1/me", Some(access(&bound))).await;

    let again = login(&app, "wechat", "code-alice").await;
    let me = app.get("/api/v1/me", Some(access(&again.body))).await;

    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.body["outcome"], "signed_in");
    assert_eq!(again.body["token_type"], "Bearer");
    assert!(again.body["refresh_token"].is_string());
    assert!(again.body.get("binding_ticket").is_none());
    assert_eq!(me.body["id"], first_me.body["id"]);
    assert!(!again.body.to_string().contains(SESSION_KEY));
}

#[tokio::test]
async fn an_existing_consumer_binds_with_its_password_and_the_ticket_works_once() {
    let platform = platforms::wechat().await;
    let app = wechat_app(&platform).await;
    let registered = app.register("13900139003", "wang2024!").await;
    let ticket = ticket(&app, "wechat", "code-wang").await;

    let wrong = bind(&app, "wechat", &ticket, "13900139003", "guess-2024").await;
    let right = bind(&app, "wechat", &ticket, "13900139003", "wang2024!").await;
    let reused = bind(&app, "wechat", &ticket, "13900139003", "wang2024!").await;
    let me = app.get("/api/v1/me", Some(access(&right.body))).await;

    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.code(), "invalid_credentials");
    assert_eq!(right.status, StatusCode::OK, "{}", right.body);
    assert_eq!(me.body["id"], registered.body["id"]);
    assert_eq!(reused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reused.code(), "invalid_binding_ticket");
}

#[tokio::test]
async fn an_expired_ticket_is_refused_and_a_fresh_one_works() {
    let platform = platforms::wechat().await;
    let app = wechat_app(&platform).await;
    let old = ticket(&app, "wechat", "code-alice").await;

    app.clock.advance(chrono::Duration::seconds(601));
    let expired = bind(&app, "wechat", &old, "13900139004", "alice-2024").await;
    let fresh = ticket(&app, "wechat", "code-alice").await;
    let bound = bind(&app, "wechat", &fresh, "13900139004", "alice-2024").await;

    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert_eq!(expired.code(), "invalid_binding_ticket");
    assert_eq!(bound.status, StatusCode::CREATED, "{}", bound.body);
}

#[tokio::test]
async fn a_ticket_of_one_platform_does_not_bind_on_another() {
    let (wechat, alipay) = (platforms::wechat().await, platforms::alipay().await);
    let (wechat_settings, alipay_settings) = (
        wechat.wechat_settings(WECHAT_APP_ID),
        alipay.alipay_settings(),
    );
    let app = spawn_app_with(|s| {
        s.wechat = Some(wechat_settings);
        s.alipay = Some(alipay_settings);
    })
    .await;
    let ticket = ticket(&app, "wechat", "code-alice").await;

    let elsewhere = bind(&app, "alipay", &ticket, "13900139005", "alice-2024").await;
    let here = bind(&app, "wechat", &ticket, "13900139005", "alice-2024").await;

    assert_eq!(elsewhere.code(), "invalid_binding_ticket");
    assert_eq!(here.status, StatusCode::CREATED, "{}", here.body);
}

#[tokio::test]
async fn the_platforms_error_codes_get_clear_answers() {
    let platform = platforms::wechat().await;
    let app = wechat_app(&platform).await;

    let used = login(&app, "wechat", "used").await;
    let invalid = login(&app, "wechat", "invalid").await;
    let risky = login(&app, "wechat", "risky").await;
    let quota = login(&app, "wechat", "quota").await;
    let busy = login(&app, "wechat", "busy").await;
    let html = login(&app, "wechat", "html").await;
    let empty = login(&app, "wechat", " ").await;

    assert_eq!(
        (used.status, used.code()),
        (StatusCode::UNAUTHORIZED, "invalid_login_code")
    );
    assert_eq!(
        (invalid.status, invalid.code()),
        (StatusCode::UNAUTHORIZED, "invalid_login_code")
    );
    assert_eq!(
        (risky.status, risky.code()),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    assert_eq!(
        (quota.status, quota.code()),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    assert_eq!(quota.header("retry-after"), Some("60"));
    assert_eq!(
        (busy.status, busy.code()),
        (StatusCode::SERVICE_UNAVAILABLE, "provider_unavailable")
    );
    assert_eq!(html.code(), "provider_unavailable");
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        empty.field_codes(),
        vec![("code".to_owned(), "required".to_owned())]
    );
}

#[tokio::test]
async fn app_settings_the_platform_refuses_are_a_503_for_the_client() {
    let platform = platforms::wechat().await;
    let mut settings = platform.wechat_settings(WECHAT_APP_ID);
    settings.app_secret = api::secrets::Secret::new("ffffffffffffffffffffffffffffffff");
    let app = spawn_app_with(|s| s.wechat = Some(settings)).await;

    let refused = login(&app, "wechat", "code-alice").await;

    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(refused.code(), "provider_unavailable");
    assert!(!refused.body.to_string().contains("ffffffff"));
}

#[tokio::test]
async fn an_unreachable_platform_is_a_503_that_names_it() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let platform = platforms::wechat().await;
    let mut settings = platform.wechat_settings(WECHAT_APP_ID);
    settings.base_url = url.parse().unwrap();
    let app = spawn_app_with(|s| s.wechat = Some(settings)).await;

    let down = login(&app, "wechat", "code-alice").await;
    let in_english = app
        .client
        .post(app.url("/api/v1/auth/mini-program/wechat/login"))
        .header("Accept-Language", "en")
        .json(&json!({"code": "code-alice"}))
        .send()
        .await
        .unwrap();
    let in_english = crate::helpers::reply(in_english).await;

    assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(down.code(), "provider_unavailable");
    assert!(down.body["detail"].as_str().unwrap().contains("微信"));
    assert!(
        in_english.body["detail"]
            .as_str()
            .unwrap()
            .contains("WeChat")
    );
    assert!(down.header("retry-after").is_some());
}

#[tokio::test]
async fn a_platform_slower_than_the_timeout_is_a_503_in_time() {
    let platform = platforms::wechat().await;
    let settings = platform.wechat_settings(WECHAT_APP_ID);
    let app = spawn_app_with(|s| {
        s.wechat = Some(settings);
        s.mini_program_timeout = 1;
    })
    .await;

    let started = Instant::now();
    let slow = login(&app, "wechat", "slow").await;

    assert_eq!(slow.code(), "provider_unavailable");
    assert!(started.elapsed() < Duration::from_millis(2500));
}

#[tokio::test]
async fn a_platform_without_settings_is_not_offered() {
    let app = spawn_app().await;

    let wechat = login(&app, "wechat", "code-alice").await;
    let alipay = login(&app, "alipay", "auth-zhang").await;
    let binding = bind(&app, "wechat", "mpt_x", "13900139006", "alice-2024").await;
    let unknown = login(&app, "qq", "code-alice").await;

    for reply in [&wechat, &alipay, &binding] {
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert_eq!(reply.code(), "mini_program_not_offered");
    }
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.code(), "not_found");
}

#[tokio::test]
async fn a_number_bound_to_another_wechat_user_is_refused_and_the_ticket_kept() {
    let platform = platforms::wechat().await;
    let app = wechat_app(&platform).await;
    bound_to_new_account(&app, "wechat", "code-alice", "13900139007").await;
    let bobs = ticket(&app, "wechat", "code-bob").await;

    let taken = bind(&app, "wechat", &bobs, "13900139007", "alice-2024").await;
    let own = bind(&app, "wechat", &bobs, "13900139008", "bob-pass-2024").await;

    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert_eq!(taken.code(), "already_bound");
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.body);
}

#[tokio::test]
async fn business_accounts_cannot_be_bound() {
    let platform = platforms::wechat().await;
    let app = wechat_app(&platform).await;
    let registered = app
        .post(
            "/api/v1/auth/register/business",
            None,
            json!({"phone": "13900139009", "password": "shop-2024!", "display_name": "店主"}),
        )
        .await;
    assert_eq!(registered.status, StatusCode::CREATED);
    let ticket = ticket(&app, "wechat", "code-shop").await;

    let guessed = bind(&app, "wechat", &ticket, "13900139009", "guess-2024").await;
    let refused = bind(&app, "wechat", &ticket, "13900139009", "shop-2024!").await;

    assert_eq!(guessed.code(), "invalid_credentials");
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.code(), "forbidden");
}

#[tokio::test]
async fn a_new_account_needs_what_registration_needs() {
    let platform = platforms::wechat().await;
    let app = wechat_app(&platform).await;
    let ticket = ticket(&app, "wechat", "code-alice").await;

    let bad_phone = bind(&app, "wechat", &ticket, "12345", "alice-2024").await;
    let unnamed = app
        .post(
            "/api/v1/auth/mini-program/wechat/binding",
            None,
            json!({"binding_ticket": ticket, "phone": "13900139010", "password": "short"}),
        )
        .await;

    assert_eq!(
        bad_phone.field_codes(),
        vec![("phone".to_owned(), "invalid_format".to_owned())]
    );
    assert_eq!(unnamed.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = unnamed.field_codes().into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, vec!["password", "display_name"]);
}

#[tokio::test]
async fn failed_codes_count_against_the_address_like_failed_passwords() {
    let platform = platforms::wechat().await;
    let app = wechat_app(&platform).await;

    for _ in 0..19 {
        assert_eq!(
            login(&app, "wechat", "invalid").await.code(),
            "invalid_login_code"
        );
    }
    let twentieth = login(&app, "wechat", "invalid").await;
    let good_but_too_soon = login(&app, "wechat", "code-alice").await;
    app.clock.advance(chrono::Duration::seconds(2));
    let after_waiting = login(&app, "wechat", "code-alice").await;

    assert_eq!(twentieth.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(twentieth.code(), "login_throttled");
    assert_eq!(twentieth.header("retry-after"), Some("1"));
    assert_eq!(good_but_too_soon.code(), "login_throttled");
    assert_eq!(
        after_waiting.status,
        StatusCode::OK,
        "{}",
        after_waiting.body
    );
}

#[tokio::test]
async fn wrong_passwords_while_binding_are_throttled_as_logins_are() {
    let platform = platforms::wechat().await;
    let app = wechat_app(&platform).await;
    app.register("13900139011", "wang2024!").await;
    let ticket = ticket(&app, "wechat", "code-wang").await;

    for _ in 0..4 {
        let wrong = bind(&app, "wechat", &ticket, "13900139011", "guess-2024").await;
        assert_eq!(wrong.code(), "invalid_credentials");
    }
    let fifth = bind(&app, "wechat", &ticket, "13900139011", "guess-2024").await;
    let password_login = app.login("13900139011", "wang2024!").await;
    app.clock.advance(chrono::Duration::seconds(2));
    let right = bind(&app, "wechat", &ticket, "13900139011", "wang2024!").await;

    assert_eq!(fifth.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(fifth.code(), "login_throttled");
    assert_eq!(password_login.code(), "login_throttled");
    assert_eq!(right.status, StatusCode::OK, "{}", right.body);
}

#[tokio::test]
async fn changing_the_password_unbinds_the_mini_program() {
    let platform = platforms::wechat().await;
    let app = wechat_app(&platform).await;
    let bound = bound_to_new_account(&app, "wechat", "code-alice", "13900139012").await;

    let changed = app
        .put(
            "/api/v1/me/password",
            Some(access(&bound)),
            json!({"current_password": "alice-2024", "new_password": "alice-2025"}),
        )
        .await;
    let ticket = ticket(&app, "wechat", "code-alice").await;
    let old = bind(&app, "wechat", &ticket, "13900139012", "alice-2024").await;
    let new = bind(&app, "wechat", &ticket, "13900139012", "alice-2025").await;

    assert_eq!(changed.status, StatusCode::NO_CONTENT);
    assert_eq!(old.code(), "invalid_credentials");
    assert_eq!(new.status, StatusCode::OK, "{}", new.body);
}

#[tokio::test]
async fn the_same_person_in_another_wechat_app_is_known_by_union_id() {
    let platform = platforms::wechat().await;
    let app = wechat_app(&platform).await;
    let bound = bound_to_new_account(&app, "wechat", "code-alice", "13900139013").await;
    let me = app.get("/api/v1/me", Some(access(&bound))).await;
    let other_app = platform.wechat_settings(OTHER_WECHAT_APP_ID);
    let replica = app.replica(|s| s.wechat = Some(other_app)).await;

    let elsewhere = login(&replica, "wechat", "code-alice").await;
    let again = login(&replica, "wechat", "code-alice").await;
    let bob = login(&replica, "wechat", "code-bob").await;
    let elsewhere_me = replica
        .get("/api/v1/me", Some(access(&elsewhere.body)))
        .await;

    assert_eq!(elsewhere.body["outcome"], "signed_in", "{}", elsewhere.body);
    assert_eq!(again.body["outcome"], "signed_in");
    assert_eq!(bob.body["outcome"], "binding_required");
    assert_eq!(elsewhere_me.body["id"], me.body["id"]);
    let open_ids: Vec<String> = platform
        .requests()
        .iter()
        .map(|r| r["appid"].clone())
        .collect();
    assert!(open_ids.contains(&OTHER_WECHAT_APP_ID.to_owned()));
}

#[tokio::test]
async fn an_alipay_user_binds_with_a_signed_request_then_signs_in_directly() {
    let platform = platforms::alipay().await;
    let app = alipay_app(&platform).await;

    let bound = bound_to_new_account(&app, "alipay", "auth-zhang", "13900139014").await;
    let again = login(&app, "alipay", "auth-zhang").await;
    let me = app.get("/api/v1/me", Some(access(&again.body))).await;
    let first_me = app.get("/api/v1/me", Some(access(&bound))).await;

    assert_eq!(again.body["outcome"], "signed_in", "{}", again.body);
    assert_eq!(me.body["id"], first_me.body["id"]);
    let call = &platform.requests()[0];
    assert_eq!(call["method"], "alipay.system.oauth.token");
    assert_eq!(call["sign_type"], "RSA2");
    assert_eq!(call["charset"], "utf-8");
    assert_eq!(call["version"], "1.0");
    let china_now = app
        .clock
        .now()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .format("%Y-%m-%d %H:%M:%S")
        .to_string();
    assert_eq!(call["timestamp"], china_now);
    assert!(!bound.to_string().contains("authusr"));
}

#[tokio::test]
async fn an_alipay_answer_not_signed_by_alipay_is_not_trusted() {
    let platform = platforms::alipay().await;
    let app = alipay_app(&platform).await;

    let forged = login(&app, "alipay", "forged-zhang").await;

    assert_eq!(forged.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(forged.code(), "provider_unavailable");
}

#[tokio::test]
async fn an_invalid_alipay_code_is_an_invalid_login_code() {
    let platform = platforms::alipay().await;
    let app = alipay_app(&platform).await;

    let expired = login(&app, "alipay", "expired").await;

    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert_eq!(expired.code(), "invalid_login_code");
}

#[tokio::test]
async fn a_request_signed_with_the_wrong_app_key_is_a_503() {
    let platform = platforms::alipay().await;
    let mut settings = platform.alipay_settings();
    settings.private_key =
        api::secrets::Secret::new(include_str!("../data/alipay-gateway-private.pem"));
    let app = spawn_app_with(|s| s.alipay = Some(settings)).await;

    let refused = login(&app, "alipay", "auth-zhang").await;

    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(refused.code(), "provider_unavailable");
}

#[test]
fn the_sign_in_endpoints_document_their_errors() {
    let document: Value = serde_json::from_str(&api::openapi::document_json()).unwrap();
    let statuses = |path: &str| -> Vec<String> {
        let responses = document["paths"][path]["post"]["responses"]
            .as_object()
            .unwrap();
        responses.keys().cloned().collect()
    };

    let login = statuses("/api/v1/auth/mini-program/{provider}/login");
    let binding = statuses("/api/v1/auth/mini-program/{provider}/binding");

    // 400, 413 and 415 are what any JSON body can be refused with (malformed,
    // too large, not JSON).
    assert_eq!(
        login,
        [
            "200", "400", "401", "403", "404", "413", "415", "422", "429", "503"
        ]
        .map(String::from)
    );
    assert_eq!(
        binding,
        [
            "200", "201", "400", "401", "403", "404", "409", "413", "415", "422", "429"
        ]
        .map(String::from)
    );
}
