use base64::Engine;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{JWT_SECRET, spawn_app};

#[tokio::test]
async fn a_consumer_registers_logs_in_refreshes_reads_me_and_logs_out() {
    let app = spawn_app().await;

    let registered = app.register("+86 139-0013-9000", "wang2024!").await;
    let tokens = app.tokens("13900139000", "wang2024!").await;
    let access = tokens["access_token"].as_str().unwrap();
    let me = app.get("/api/v1/me", Some(access)).await;
    let refreshed = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": tokens["refresh_token"]}),
        )
        .await;
    let new_access = refreshed.body["access_token"].as_str().unwrap();
    let logged_out = app
        .post("/api/v1/auth/logout", Some(new_access), json!({}))
        .await;
    let after_logout = app.get("/api/v1/me", Some(new_access)).await;

    assert_eq!(registered.status, StatusCode::CREATED);
    assert_eq!(registered.body["phone"], "13900139000");
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 900);
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["kind"], "consumer");
    assert_eq!(me.body["display_name"], "王女士");
    assert_eq!(refreshed.status, StatusCode::OK);
    assert_ne!(refreshed.body["refresh_token"], tokens["refresh_token"]);
    assert_eq!(logged_out.status, StatusCode::NO_CONTENT);
    assert_eq!(after_logout.status, StatusCode::UNAUTHORIZED);
    assert_eq!(after_logout.code(), "unauthenticated");
}

#[tokio::test]
async fn registering_by_email_works_and_the_address_is_lower_cased() {
    let app = spawn_app().await;

    let registered = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"email": "Li.Na@Example.CN", "password": "lina-2024", "display_name": "李女士"}),
        )
        .await;
    let login = app.login("li.na@example.cn", "lina-2024").await;

    assert_eq!(
        registered.status,
        StatusCode::CREATED,
        "{}",
        registered.body
    );
    assert_eq!(registered.body["email"], "li.na@example.cn");
    assert_eq!(login.status, StatusCode::OK);
}

#[tokio::test]
async fn registering_the_same_phone_twice_is_a_conflict() {
    let app = spawn_app().await;
    app.register("13800138000", "wang2024!").await;

    let again = app.register("138 0013 8000", "other2024!").await;

    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.code(), "conflict");
    assert_eq!(
        again.field_codes(),
        vec![("phone".to_owned(), "taken".to_owned())]
    );
}

#[tokio::test]
async fn registration_reports_every_invalid_field_at_once() {
    let app = spawn_app().await;

    let reply = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"phone": "010-12345678", "password": "short", "display_name": "  "}),
        )
        .await;

    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.code(), "validation_failed");
    assert_eq!(
        reply.field_codes(),
        vec![
            ("phone".to_owned(), "invalid_format".to_owned()),
            ("password".to_owned(), "too_short".to_owned()),
            ("display_name".to_owned(), "required".to_owned()),
        ]
    );
}

#[tokio::test]
async fn registration_without_phone_or_email_is_refused() {
    let app = spawn_app().await;

    let reply = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"password": "wang2024!", "display_name": "王"}),
        )
        .await;

    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.field_codes(),
        vec![("phone".to_owned(), "required".to_owned())]
    );
}

#[tokio::test]
async fn weak_passwords_are_refused_with_a_reason() {
    let app = spawn_app().await;

    let simple = app.register("13800138001", "abcdefghij").await;
    let common = app.register("13800138002", "password123").await;

    assert_eq!(
        simple.field_codes(),
        vec![("password".to_owned(), "too_simple".to_owned())]
    );
    assert_eq!(
        common.field_codes(),
        vec![("password".to_owned(), "too_common".to_owned())]
    );
}

#[tokio::test]
async fn a_wrong_password_is_invalid_credentials() {
    let app = spawn_app().await;
    app.register("13800138000", "wang2024!").await;

    let wrong = app.login("13800138000", "wang2025!").await;
    let unknown = app.login("13700137000", "wang2024!").await;

    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.code(), "invalid_credentials");
    assert_eq!(unknown.code(), "invalid_credentials");
}

#[tokio::test]
async fn repeated_failures_slow_down_then_lock_and_say_so() {
    let app = spawn_app().await;
    app.register("13800138000", "wang2024!").await;

    for _ in 0..4 {
        assert_eq!(
            app.login("13800138000", "nope-2024").await.code(),
            "invalid_credentials"
        );
    }
    let fifth = app.login("13800138000", "nope-2024").await;
    let right_but_too_soon = app.login("13800138000", "wang2024!").await;
    app.clock.advance(chrono::Duration::seconds(2));
    let after_waiting = app.login("13800138000", "wang2024!").await;

    assert_eq!(fifth.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(fifth.code(), "login_throttled");
    assert_eq!(fifth.header("retry-after"), Some("1"));
    assert_eq!(right_but_too_soon.code(), "login_throttled");
    assert_eq!(after_waiting.status, StatusCode::OK);
}

#[tokio::test]
async fn ten_failures_lock_the_account_for_fifteen_minutes() {
    let app = spawn_app().await;
    app.register("13800138000", "wang2024!").await;

    let mut last = None;
    for _ in 0..10 {
        // Long enough to sit out each growing wait, short of forgetting.
        app.clock.advance(chrono::Duration::seconds(20));
        last = Some(app.login("13800138000", "nope-2024").await);
    }
    let locked = last.unwrap();
    app.clock.advance(chrono::Duration::minutes(14));
    let still_locked = app.login("13800138000", "wang2024!").await;
    app.clock.advance(chrono::Duration::minutes(2));
    let unlocked = app.login("13800138000", "wang2024!").await;

    assert_eq!(locked.code(), "login_throttled");
    assert_eq!(locked.header("retry-after"), Some("900"));
    assert_eq!(still_locked.code(), "login_throttled");
    assert_eq!(unlocked.status, StatusCode::OK);
}

#[tokio::test]
async fn a_refresh_token_works_once_and_its_reuse_ends_the_session() {
    let app = spawn_app().await;
    app.register("13800138000", "wang2024!").await;
    let first = app.tokens("13800138000", "wang2024!").await;

    let second = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": first["refresh_token"]}),
        )
        .await;
    let replayed = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": first["refresh_token"]}),
        )
        .await;
    let after_replay = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": second.body["refresh_token"]}),
        )
        .await;
    let access_after_replay = app
        .get("/api/v1/me", second.body["access_token"].as_str())
        .await;

    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(replayed.status, StatusCode::UNAUTHORIZED);
    assert_eq!(replayed.code(), "invalid_refresh_token");
    assert_eq!(after_replay.code(), "invalid_refresh_token");
    assert_eq!(access_after_replay.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn logging_out_with_the_refresh_token_alone_ends_the_session() {
    let app = spawn_app().await;
    app.register("13800138000", "wang2024!").await;
    let tokens = app.tokens("13800138000", "wang2024!").await;

    let logged_out = app
        .post(
            "/api/v1/auth/logout",
            None,
            json!({"refresh_token": tokens["refresh_token"]}),
        )
        .await;
    let refresh = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": tokens["refresh_token"]}),
        )
        .await;
    let me = app.get("/api/v1/me", tokens["access_token"].as_str()).await;

    assert_eq!(logged_out.status, StatusCode::NO_CONTENT);
    assert_eq!(refresh.code(), "invalid_refresh_token");
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn logging_out_without_any_token_is_unauthenticated() {
    let app = spawn_app().await;

    let reply = app.post("/api/v1/auth/logout", None, json!({})).await;

    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.code(), "unauthenticated");
}

/// The document lets the logout body be `null`: it reads as no body.
#[tokio::test]
async fn logging_out_with_a_null_body_ends_the_bearer_session() {
    let app = spawn_app().await;
    app.register("13800138000", "wang2024!").await;
    let tokens = app.tokens("13800138000", "wang2024!").await;
    let access = tokens["access_token"].as_str();

    let logged_out = app.post("/api/v1/auth/logout", access, json!(null)).await;
    let me = app.get("/api/v1/me", access).await;
    let anonymous = app.post("/api/v1/auth/logout", None, json!(null)).await;

    assert_eq!(logged_out.status, StatusCode::NO_CONTENT);
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.code(), "unauthenticated");
}

#[tokio::test]
async fn an_expired_access_token_is_refused() {
    let app = spawn_app().await;
    let token = app.consumer_token("13800138000").await;

    app.clock.advance(chrono::Duration::seconds(901));
    let reply = app.get("/api/v1/me", Some(&token)).await;

    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(
        reply.body["detail"].as_str().unwrap().contains("过期"),
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn tampered_unsigned_and_foreign_tokens_are_refused() {
    let app = spawn_app().await;
    let token = app.consumer_token("13800138000").await;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let parts: Vec<&str> = token.split('.').collect();
    let mut claims: serde_json::Value =
        serde_json::from_slice(&engine.decode(parts[1]).unwrap()).unwrap();
    claims["kind"] = json!("platform_admin");
    let forged_payload = engine.encode(claims.to_string());

    let tampered = format!("{}.{forged_payload}.{}", parts[0], parts[2]);
    let unsigned = format!(
        "{}.{forged_payload}.",
        engine.encode(r#"{"alg":"none","typ":"JWT"}"#)
    );
    let foreign_key =
        jsonwebtoken::EncodingKey::from_secret(b"another-key-another-key-another-key").unwrap();
    let foreign =
        jsonwebtoken::encode(&jsonwebtoken::Header::default(), &claims, &foreign_key).unwrap();
    let own_key = jsonwebtoken::EncodingKey::from_secret(JWT_SECRET.as_bytes()).unwrap();
    let control =
        jsonwebtoken::encode(&jsonwebtoken::Header::default(), &claims, &own_key).unwrap();

    for bad in [tampered, unsigned, foreign, "not-a-jwt".to_owned()] {
        let reply = app.get("/api/v1/me", Some(&bad)).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{bad}");
        assert_eq!(reply.code(), "unauthenticated");
    }
    assert_eq!(
        app.get("/api/v1/me", Some(&control)).await.status,
        StatusCode::OK,
        "a correctly signed token passes"
    );
}

#[tokio::test]
async fn a_non_bearer_authorization_header_is_refused() {
    let app = spawn_app().await;

    let response = app
        .client
        .get(app.url("/api/v1/me"))
        .header("authorization", "Basic YWRtaW46YWRtaW4=")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions_but_keeps_this_one() {
    let app = spawn_app().await;
    let this = app.consumer_token("13800138000").await;
    let other = app.access_token("13800138000", "wang2024!").await;

    let wrong_current = app
        .put(
            "/api/v1/me/password",
            Some(&this),
            json!({"current_password": "x", "new_password": "new-pass-2024"}),
        )
        .await;
    let changed = app
        .put(
            "/api/v1/me/password",
            Some(&this),
            json!({"current_password": "wang2024!", "new_password": "new-pass-2024"}),
        )
        .await;

    assert_eq!(
        wrong_current.field_codes(),
        vec![("current_password".to_owned(), "incorrect".to_owned())]
    );
    assert_eq!(changed.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/me", Some(&this)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/v1/me", Some(&other)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("13800138000", "wang2024!").await.code(),
        "invalid_credentials"
    );
    assert_eq!(
        app.login("13800138000", "new-pass-2024").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_admin_created_on_first_start_can_log_in() {
    let app = spawn_app().await;

    let token = app.admin_token().await;
    let me = app.get("/api/v1/me", Some(&token)).await;

    assert_eq!(me.body["kind"], "platform_admin");
    assert_eq!(me.body["login_name"], "admin");
}

#[tokio::test]
async fn parallel_wrong_passwords_cannot_outrun_the_throttle() {
    let app = spawn_app().await;
    app.register("13800138000", "wang2024!").await;

    let attempts = (0..25).map(|_| app.login("13800138000", "nope-2024"));
    let replies = futures_util::future::join_all(attempts).await;
    let checked = replies
        .iter()
        .filter(|r| r.code() == "invalid_credentials")
        .count();
    let throttled = replies
        .iter()
        .filter(|r| r.code() == "login_throttled")
        .count();

    assert_eq!(checked + throttled, 25, "no other answer, and never a 500");
    assert!(
        checked <= 5,
        "{checked} passwords were checked; the throttle allows 5"
    );
}

#[tokio::test]
async fn strangers_can_slow_but_not_lock_out_an_account_from_elsewhere() {
    let app = crate::helpers::spawn_app_with(|s| s.trust_proxy = true).await;
    let from = |address: String| {
        app.client
            .post(app.url("/api/v1/auth/login"))
            .header("x-forwarded-for", address)
            .json(&json!({"login": "admin", "password": "wrong-2024"}))
            .send()
    };

    for n in 1..=11 {
        app.clock.advance(chrono::Duration::seconds(61));
        from(format!("10.12.0.{n}")).await.unwrap();
    }
    let right_away = app.login("admin", crate::helpers::ADMIN_PASSWORD).await;
    app.clock.advance(chrono::Duration::seconds(61));
    let a_minute_later = app.login("admin", crate::helpers::ADMIN_PASSWORD).await;

    assert_eq!(right_away.code(), "login_throttled");
    assert!(
        right_away
            .header("retry-after")
            .unwrap()
            .parse::<u32>()
            .unwrap()
            <= 60
    );
    assert_eq!(a_minute_later.status, StatusCode::OK);
}

#[tokio::test]
async fn guessing_the_current_password_is_throttled_too() {
    let app = spawn_app().await;
    let token = app.consumer_token("13800138000").await;
    let wrong = json!({"current_password": "guess-2024", "new_password": "new-pass-2024"});

    let mut last = None;
    for _ in 0..5 {
        last = Some(
            app.put("/api/v1/me/password", Some(&token), wrong.clone())
                .await,
        );
    }
    let right_too_soon = app
        .put(
            "/api/v1/me/password",
            Some(&token),
            json!({"current_password": "wang2024!", "new_password": "new-pass-2024"}),
        )
        .await;

    assert_eq!(last.unwrap().code(), "login_throttled");
    assert_eq!(right_too_soon.code(), "login_throttled");
}

#[tokio::test]
async fn a_login_too_long_to_exist_is_simply_wrong() {
    let app = spawn_app().await;

    let reply = app.login(&"x".repeat(10_000), "wang2024!").await;
    let nul = app.login("ab\u{0}c", "wang2024!").await;

    assert_eq!(reply.code(), "invalid_credentials");
    assert_eq!(nul.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn resetting_the_admin_password_ends_its_sessions() {
    let app = spawn_app().await;
    let old_session = app.admin_token().await;
    let db = sea_orm::Database::connect(app.database_url.as_str())
        .await
        .unwrap();

    let new_password = api::secrets::Secret::new("Reset-pass-2025");
    api::accounts::bootstrap::reset_admin_password(&db, Some(&new_password))
        .await
        .unwrap();
    let weak =
        api::accounts::bootstrap::reset_admin_password(&db, Some(&api::secrets::Secret::new("1")))
            .await;

    assert_eq!(
        app.get("/api/v1/me", Some(&old_session)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("admin", crate::helpers::ADMIN_PASSWORD)
            .await
            .code(),
        "invalid_credentials"
    );
    assert_eq!(
        app.login("admin", "Reset-pass-2025").await.status,
        StatusCode::OK
    );
    assert!(weak.unwrap_err().to_string().contains("too weak"));
}
