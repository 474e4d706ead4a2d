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

#[test]
fn every_reference_in_the_document_names_a_component() {
    let document: serde_json::Value = serde_json::from_str(&api::openapi::document_json()).unwrap();
    let mut references = Vec::new();
    collect_references(&document, &mut references);

    let dangling: Vec<&str> = references
        .iter()
        .map(String::as_str)
        .filter(|reference| {
            let resolved = reference
                .strip_prefix('#')
                .filter(|pointer| pointer.starts_with("/components/"))
                .and_then(|pointer| document.pointer(pointer));
            resolved.is_none()
        })
        .collect();

    assert!(
        references.len() > 100,
        "the document has only {} references; is it the whole API?",
        references.len()
    );
    assert!(
        dangling.is_empty(),
        "references that name no component: {dangling:?}"
    );
}

fn collect_references(value: &serde_json::Value, references: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(object) => {
            for (key, value) in object {
                match (key.as_str(), value) {
                    ("$ref", serde_json::Value::String(reference)) => {
                        references.push(reference.clone())
                    }
                    _ => collect_references(value, references),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                collect_references(item, references);
            }
        }
        _ => {}
    }
}

#[test]
fn every_operation_that_needs_a_sign_in_documents_the_401() {
    let document: serde_json::Value = serde_json::from_str(&api::openapi::document_json()).unwrap();

    let mut signed_in = 0;
    let mut undocumented = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let Some(requirements) = operation["security"].as_array() else {
                continue;
            };
            // An empty requirement among the alternatives lets anyone in.
            let anyone = requirements
                .iter()
                .any(|requirement| requirement.as_object().is_some_and(|r| r.is_empty()));
            if requirements.is_empty() || anyone {
                continue;
            }
            signed_in += 1;
            if operation["responses"].get("401").is_none() {
                undocumented.push(format!("{method} {path}"));
            }
        }
    }

    assert!(signed_in > 50, "only {signed_in} operations need a sign-in");
    assert!(
        undocumented.is_empty(),
        "operations that need a sign-in but do not document 401: {undocumented:?}"
    );
}

/// Every pattern the document gives a text field, with where it stands.
fn text_patterns(value: &serde_json::Value, at: &str, found: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(pattern) = map.get("pattern").and_then(|p| p.as_str()) {
                found.push((at.to_owned(), pattern.to_owned()));
            }
            for (key, inner) in map {
                text_patterns(inner, &format!("{at}/{key}"), found);
            }
        }
        serde_json::Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                text_patterns(inner, &format!("{at}/{index}"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn the_documented_text_patterns_are_the_ones_the_server_checks() {
    use shared::validation::{DISPLAY_TEXT_PATTERN, FREE_TEXT_PATTERN, MOBILE_NUMBER_PATTERN};
    let document: serde_json::Value = serde_json::from_str(&api::openapi::document_json()).unwrap();
    let mut found = Vec::new();
    text_patterns(&document, "", &mut found);

    // utoipa takes only literals: a hidden-character pattern typed into a
    // schema must be one of the two that shared::validation tests.
    let drifted: Vec<&(String, String)> = found
        .iter()
        .filter(|(_, pattern)| pattern.starts_with(r"^[^\u0000"))
        .filter(|(_, pattern)| pattern != DISPLAY_TEXT_PATTERN && pattern != FREE_TEXT_PATTERN)
        .collect();
    let phone = document
        .pointer("/components/schemas/RegisterRequest/properties/phone/pattern")
        .and_then(|p| p.as_str());

    assert!(
        found.len() >= 10,
        "only {} patterns: {found:?}",
        found.len()
    );
    assert!(
        drifted.is_empty(),
        "patterns that differ from shared::validation: {drifted:?}"
    );
    assert_eq!(phone, Some(MOBILE_NUMBER_PATTERN));
}
