use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{reply, spawn_app};

#[tokio::test]
async fn malformed_json_is_a_400_problem() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(r#"{"login": "13800138000", "#)
        .send()
        .await
        .unwrap();
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let reply = reply(response).await;

    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(content_type, "application/problem+json");
    assert_eq!(reply.code(), "malformed_json");
    assert_eq!(reply.body["type"], "/problems/malformed_json");
    assert_eq!(reply.body["status"], 400);
    assert!(reply.body["request_id"].is_string());
}

#[tokio::test]
async fn a_wrong_type_names_the_field() {
    let app = spawn_app().await;

    let reply = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"login": 13800138000_u64, "password": "x"}),
        )
        .await;

    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.field_codes(),
        vec![("login".to_owned(), "invalid_type".to_owned())]
    );
}

#[tokio::test]
async fn an_unknown_enum_value_names_the_field() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let association = app.association_id("440000").await;

    let reply = app
        .post(
            &format!("/api/v1/associations/{association}/staff"),
            Some(&admin),
            json!({"login_name": "li.lei", "display_name": "李雷", "password": "staff-pass-1", "roles": ["boss"]}),
        )
        .await;

    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.field_codes(),
        vec![("roles[0]".to_owned(), "unknown_value".to_owned())]
    );
}

#[tokio::test]
async fn unknown_and_missing_fields_are_named() {
    let app = spawn_app().await;

    let unknown = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"login": "a", "password": "b", "pasword": "c"}),
        )
        .await;
    let missing = app
        .post("/api/v1/auth/login", None, json!({"login": "a"}))
        .await;

    assert_eq!(
        unknown.field_codes(),
        vec![("pasword".to_owned(), "unknown_field".to_owned())]
    );
    assert_eq!(
        missing.field_codes(),
        vec![("password".to_owned(), "required".to_owned())]
    );
}

#[tokio::test]
async fn an_oversized_body_is_a_413_problem() {
    let app = spawn_app().await;
    let huge = "字".repeat(40 * 1024);

    let reply = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"phone": "13800138000", "password": "wang2024!", "display_name": huge}),
        )
        .await;

    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.code(), "payload_too_large");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_415_problem() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .body("login=admin")
        .send()
        .await
        .unwrap();
    let reply = reply(response).await;

    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(reply.code(), "unsupported_media_type");
}

#[tokio::test]
async fn missing_auth_is_a_401_problem() {
    let app = spawn_app().await;

    let reply = app.get("/api/v1/me", None).await;

    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.code(), "unauthenticated");
}

#[tokio::test]
async fn patch_is_not_allowed_on_a_known_path() {
    let app = spawn_app().await;

    let reply = app
        .send(reqwest::Method::PATCH, "/api/v1/me", None, Some(json!({})))
        .await;

    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.code(), "method_not_allowed");
}

#[tokio::test]
async fn an_unknown_api_path_is_a_404_problem() {
    let app = spawn_app().await;

    let reply = app.get("/api/v1/no-such-thing", None).await;

    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.code(), "not_found");
}

#[tokio::test]
async fn a_malformed_id_in_the_path_is_a_404_problem() {
    let app = spawn_app().await;

    let reply = app.get("/api/v1/associations/not-a-uuid", None).await;

    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.code(), "not_found");
}

#[tokio::test]
async fn a_bad_query_parameter_is_a_422_problem() {
    let app = spawn_app().await;

    let wrong_type = app.get("/api/v1/regions?limit=many", None).await;
    let out_of_range = app.get("/api/v1/regions?limit=500", None).await;
    let bad_cursor = app.get("/api/v1/regions?cursor=%%%", None).await;

    assert_eq!(wrong_type.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        out_of_range.field_codes(),
        vec![("limit".to_owned(), "out_of_range".to_owned())]
    );
    assert_eq!(bad_cursor.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn messages_follow_accept_language() {
    let app = spawn_app().await;

    let zh = app.client.get(app.url("/api/v1/me")).send().await.unwrap();
    let en = app
        .client
        .get(app.url("/api/v1/me"))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap();
    let (zh, en) = (reply(zh).await, reply(en).await);

    assert_eq!(zh.body["title"], "未登录或登录已失效");
    assert_eq!(en.body["title"], "Not authenticated");
    assert_eq!(zh.code(), en.code());
}

#[tokio::test]
async fn a_bad_query_parameter_is_named_and_a_nul_in_one_is_refused_on_every_list() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;

    let bad_limit = app
        .get("/api/v1/associations?limit=many", Some(&admin))
        .await;
    let nul_parent = app.get("/api/v1/regions?parent_code=44%00", None).await;
    let nul_cursor = app
        .get("/api/v1/notifications?cursor=%00", Some(&admin))
        .await;

    assert_eq!(
        bad_limit.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        bad_limit.body
    );
    assert_eq!(bad_limit.field_codes()[0].0, "limit");
    for reply in [nul_parent, nul_cursor] {
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            reply.body
        );
        assert_eq!(reply.field_codes()[0].1, "nul_character");
    }
}

#[tokio::test]
async fn a_body_that_is_not_utf8_is_a_400_problem() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(b"{\"login\": \"\xc3\xfb\xb3\xc6\", \"password\": \"x\"}".to_vec())
        .send()
        .await
        .unwrap();
    let reply = reply(response).await;

    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert_eq!(reply.code(), "malformed_json");
}
