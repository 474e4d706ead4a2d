use reqwest::StatusCode;

use crate::helpers::spawn_app;

const COMMITTED: &str = include_str!("../../../openapi/openapi.json");

#[test]
fn the_committed_openapi_document_matches_the_code() {
    let generated = api::openapi::document_json();

    assert!(
        generated == COMMITTED,
        "openapi/openapi.json is out of date: run `cargo xtask openapi` and commit the result"
    );
}

#[tokio::test]
async fn the_served_document_is_the_committed_one() {
    let app = spawn_app().await;

    let served = app.get("/api/v1/openapi.json", None).await;
    let committed: serde_json::Value = serde_json::from_str(COMMITTED).unwrap();

    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.body, committed);
}

#[test]
fn every_operation_is_documented_with_its_errors() {
    let document: serde_json::Value = serde_json::from_str(&api::openapi::document_json()).unwrap();

    let mut undocumented = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            let has_error = responses
                .keys()
                .any(|status| status.starts_with('4') || status.starts_with('5'));
            let public = path == "/healthz";
            if operation["summary"].is_null() || (!has_error && !public) {
                undocumented.push(format!("{method} {path}"));
            }
        }
    }

    assert!(
        undocumented.is_empty(),
        "operations without summary or error responses: {undocumented:?}"
    );
}
