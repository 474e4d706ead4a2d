use reqwest::StatusCode;

use crate::helpers::spawn_app;

#[tokio::test]
async fn healthz_and_readyz_answer() {
    let app = spawn_app().await;

    let health = app.get("/healthz", None).await;
    let ready = app.get("/readyz", None).await;

    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.body["status"], "ok");
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.body["status"], "ready");
}

#[tokio::test]
async fn a_plain_request_id_is_echoed_and_a_missing_one_generated() {
    let app = spawn_app().await;

    let given = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "mini-42.retry_1")
        .send()
        .await
        .unwrap();
    let hostile = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "a b\"<script>")
        .send()
        .await
        .unwrap();
    let absent = app.client.get(app.url("/healthz")).send().await.unwrap();

    assert_eq!(given.headers()["x-request-id"], "mini-42.retry_1");
    assert_ne!(hostile.headers()["x-request-id"], "a b\"<script>");
    assert_eq!(absent.headers()["x-request-id"].len(), 36);
}

#[tokio::test]
async fn client_routes_fall_back_to_the_spa_and_assets_are_served() {
    let app = spawn_app().await;

    let deep_link = app
        .client
        .get(app.url("/complaints/2026-000123"))
        .send()
        .await
        .unwrap();
    let deep_link_status = deep_link.status();
    let deep_link_body = deep_link.text().await.unwrap();
    let asset = app
        .client
        .get(app.url("/pkg/web.js"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let escape = app
        .client
        .get(app.url("/pkg/..%2F..%2Fredress.db"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    assert_eq!(deep_link_status, StatusCode::OK);
    assert!(deep_link_body.contains("redress test spa"));
    assert_eq!(asset, "export default 1;");
    assert!(
        escape.contains("redress test spa"),
        "a path escape gets the SPA, never a file outside it"
    );
}

#[tokio::test]
async fn a_missing_spa_build_says_how_to_build_it() {
    let app = spawn_app().await;
    std::fs::remove_file(app.web_dir.join("index.html")).unwrap();

    let reply = app.get("/", None).await;

    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        reply.body["detail"]
            .as_str()
            .unwrap()
            .contains("cargo xtask run")
    );
}

#[tokio::test]
async fn the_interactive_docs_are_served_without_a_cdn() {
    let app = spawn_app().await;

    let redirect = app.client.get(app.url("/docs")).send().await.unwrap();
    let page = app
        .client
        .get(app.url("/docs/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let script = app
        .client
        .get(app.url("/docs/swagger-ui-bundle.js"))
        .send()
        .await
        .unwrap();

    assert!(redirect.status().is_redirection());
    assert!(page.contains("swagger"), "{page}");
    assert!(
        !page.contains("https://"),
        "the docs page loads nothing from elsewhere"
    );
    assert_eq!(script.status(), StatusCode::OK);
}

#[tokio::test]
async fn cors_allows_only_configured_origins() {
    let app = spawn_app().await;
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/me"))
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization")
            .send()
    };

    let allowed = preflight("https://tousu.example.cn").await.unwrap();
    let refused = preflight("https://evil.example.com").await.unwrap();

    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://tousu.example.cn"
    );
    assert!(
        refused
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
}
