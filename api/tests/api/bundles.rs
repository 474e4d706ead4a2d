//! Case bundles: exported, checked, tampered with, imported into another
//! association, and referral to the market regulator.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{World, filing, world};
use crate::evidence::{PDF, PNG, uploaded};
use crate::helpers::TestApp;

const VERIFY: &str = "/api/v1/case-bundles/verification";
const IMPORT: &str = "/api/v1/case-bundles";

/// A case with two evidence files, accepted and with a message, so that its
/// timeline has several entries.
async fn case_with_evidence(world: &World) -> String {
    let photo = uploaded(&world.app, &world.consumer, "冰箱.png", PNG).await;
    let invoice = uploaded(&world.app, &world.consumer, "发票.pdf", PDF).await;
    let mut body = filing(&world.business_id);
    body["evidence"] = json!([photo, invoice]);
    let filed = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), body)
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let id = filed.body["id"].as_str().unwrap().to_owned();
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    let message = world
        .app
        .post(
            &format!("/api/v1/complaints/{id}/messages"),
            Some(&world.consumer),
            json!({"body": "冰箱仍不制冷，请尽快处理。"}),
        )
        .await;
    assert_eq!(message.status, StatusCode::CREATED, "{}", message.body);
    id
}

async fn export(app: &TestApp, token: &str, id: &str) -> Value {
    let reply = app
        .get(&format!("/api/v1/complaints/{id}/bundle"), Some(token))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body
}

async fn verify(app: &TestApp, token: &str, bundle: &Value) -> Value {
    let reply = app.post(VERIFY, Some(token), bundle.clone()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body
}

/// Each break as (kind, record, sequence or file name).
fn breaks(report: &Value) -> Vec<(String, String, String)> {
    report["breaks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let place = match (&b["sequence"], &b["file_name"]) {
                (Value::Number(n), _) => n.to_string(),
                (_, Value::String(name)) => name.clone(),
                _ => String::new(),
            };
            (
                b["kind"].as_str().unwrap().to_owned(),
                b["record"].as_str().unwrap().to_owned(),
                place,
            )
        })
        .collect()
}

/// Zhejiang's intake officer: another association on the same platform.
async fn other_intake(app: &TestApp) -> String {
    let zhejiang = app.association_id("330000").await;
    app.staff_token(&zhejiang, "zj.intake", &["intake_officer"])
        .await
}

async fn count(app: &TestApp, token: &str) -> usize {
    let reply = app.get("/api/v1/complaints?limit=200", Some(token)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["items"].as_array().unwrap().len()
}

#[tokio::test]
async fn an_exported_bundle_verifies_and_downloads_as_an_attachment() {
    let world = world().await;
    let id = case_with_evidence(&world).await;

    let reply = world
        .app
        .get(
            &format!("/api/v1/complaints/{id}/bundle"),
            Some(&world.intake),
        )
        .await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let disposition = reply.header("content-disposition").unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"case-"),
        "{disposition}"
    );
    let bundle = reply.body;
    assert_eq!(bundle["format"], "redress.case-bundle/1");
    assert_eq!(
        bundle["case"]["business"]["credit_code"],
        crate::cases::CREDIT_CODE
    );
    assert_eq!(bundle["parties"]["consumer"]["phone"], "13800138000");
    assert_eq!(bundle["evidence"].as_array().unwrap().len(), 2);
    let kinds: Vec<&str> = bundle["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.first(), Some(&"filed"));
    assert!(
        kinds.contains(&"accepted") && kinds.contains(&"message"),
        "{kinds:?}"
    );
    let report = verify(&world.app, &world.intake, &bundle).await;
    assert_eq!(report["intact"], true, "{report}");
    assert_eq!(report["computed_digest"], bundle["digest"]);
    assert_eq!(breaks(&report), vec![]);
}

#[tokio::test]
async fn a_changed_entry_is_named_by_its_sequence() {
    let world = world().await;
    let id = case_with_evidence(&world).await;
    let mut bundle = export(&world.app, &world.intake, &id).await;

    let message = bundle["timeline"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["kind"] == "message")
        .unwrap();
    message["payload"]["body"] = json!("商家已经退款。");
    let sequence = message["sequence"].to_string();
    let report = verify(&world.app, &world.intake, &bundle).await;

    assert_eq!(report["intact"], false);
    assert_eq!(
        breaks(&report),
        vec![
            ("digest_mismatch".into(), "bundle".into(), String::new()),
            ("entry_altered".into(), "timeline".into(), sequence),
        ]
    );
}

#[tokio::test]
async fn a_changed_evidence_byte_is_named_by_its_file() {
    let world = world().await;
    let id = case_with_evidence(&world).await;
    let mut bundle = export(&world.app, &world.intake, &id).await;

    let file = &mut bundle["evidence"][1];
    let name = file["file_name"].as_str().unwrap().to_owned();
    let mut bytes = base64_decode(file["content_base64"].as_str().unwrap());
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01;
    file["content_base64"] = json!(base64_encode(&bytes));
    let report = verify(&world.app, &world.intake, &bundle).await;

    assert_eq!(report["intact"], false);
    assert_eq!(
        breaks(&report),
        vec![
            ("digest_mismatch".into(), "bundle".into(), String::new()),
            ("evidence_altered".into(), "evidence".into(), name),
        ]
    );
}

#[tokio::test]
async fn a_removed_entry_breaks_the_link_of_the_next_and_a_fresh_digest_does_not_hide_it() {
    let world = world().await;
    let id = case_with_evidence(&world).await;
    let mut bundle = export(&world.app, &world.intake, &id).await;

    bundle["timeline"].as_array_mut().unwrap().remove(1);
    // A forger recomputes the digest; the chain still shows the gap.
    bundle["digest"] = json!(digest_of(&bundle));
    let report = verify(&world.app, &world.intake, &bundle).await;

    assert_eq!(report["intact"], false);
    assert_eq!(
        breaks(&report),
        vec![
            ("entry_unlinked".into(), "timeline".into(), "3".into()),
            (
                "timeline_truncated".into(),
                "timeline".into(),
                last_sequence(&bundle)
            ),
        ]
    );
}

#[tokio::test]
async fn a_bundle_imported_into_another_association_becomes_a_case_whose_bundle_verifies() {
    let world = world().await;
    let id = case_with_evidence(&world).await;
    let original = export(&world.app, &world.intake, &id).await;
    let receiver = other_intake(&world.app).await;

    let imported = world
        .app
        .post(IMPORT, Some(&receiver), original.clone())
        .await;

    assert_eq!(imported.status, StatusCode::CREATED, "{}", imported.body);
    assert_eq!(imported.body["created"], true);
    assert_eq!(imported.body["bundle_digest"], original["digest"]);
    let new_id = imported.body["complaint_id"].as_str().unwrap().to_owned();
    assert_ne!(new_id, id);
    let case = world.complaint(&receiver, &new_id).await;
    assert_eq!(case.status, StatusCode::OK, "{}", case.body);
    assert_eq!(case.body["state"], "submitted");
    assert_eq!(case.body["description"], original["case"]["description"]);
    let kinds = world.timeline_kinds(&receiver, &new_id).await;
    assert_eq!(kinds, vec!["imported"]);
    let again = export(&world.app, &receiver, &new_id).await;
    let report = verify(&world.app, &receiver, &again).await;
    assert_eq!(report["intact"], true, "{report}");
    assert_eq!(
        again["timeline"][0]["payload"]["bundle_digest"],
        original["digest"]
    );
    // The first platform's timeline travels on, unchanged and still checked.
    assert_eq!(again["prior_records"][0]["entries"], original["timeline"]);
    assert_eq!(
        again["prior_records"][0]["bundle_digest"],
        original["digest"]
    );
    let contents = |bundle: &Value| -> Vec<(String, String)> {
        bundle["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["sha256"].as_str().unwrap().to_owned(),
                    f["content_base64"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(contents(&again), contents(&original));
    let first_file = again["evidence"][0]["id"].as_str().unwrap();
    let bytes = download(&world.app, &receiver, first_file).await;
    assert_eq!(
        bytes,
        base64_decode(original["evidence"][0]["content_base64"].as_str().unwrap())
    );
}

#[tokio::test]
async fn importing_the_same_bundle_twice_gives_the_same_case() {
    let world = world().await;
    let id = case_with_evidence(&world).await;
    let bundle = export(&world.app, &world.intake, &id).await;
    let receiver = other_intake(&world.app).await;

    let first = world
        .app
        .post(IMPORT, Some(&receiver), bundle.clone())
        .await;
    let second = world.app.post(IMPORT, Some(&receiver), bundle).await;

    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    assert_eq!(second.body["created"], false);
    assert_eq!(second.body["complaint_id"], first.body["complaint_id"]);
    assert_eq!(count(&world.app, &receiver).await, 1);
}

#[tokio::test]
async fn a_broken_bundle_is_refused_with_each_break_and_nothing_is_created() {
    let world = world().await;
    let id = case_with_evidence(&world).await;
    let mut bundle = export(&world.app, &world.intake, &id).await;
    let receiver = other_intake(&world.app).await;

    bundle["case"]["description"] = json!("被篡改的描述：商家已全额退款，消费者满意。");
    bundle["timeline"][0]["kind"] = json!("withdrawn");
    let reply = world.app.post(IMPORT, Some(&receiver), bundle).await;

    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert_eq!(reply.code(), "bundle_broken");
    assert_eq!(
        reply.field_codes(),
        vec![
            ("bundle".to_owned(), "digest_mismatch".to_owned()),
            ("timeline[1]".to_owned(), "entry_altered".to_owned()),
        ]
    );
    assert_eq!(count(&world.app, &receiver).await, 0);
}

#[tokio::test]
async fn only_the_handling_association_exports_and_only_intake_and_admins_import() {
    let world = world().await;
    let id = case_with_evidence(&world).await;
    let bundle = export(&world.app, &world.mediator, &id).await;
    let receiver = other_intake(&world.app).await;
    let admin = world.app.admin_token().await;

    let foreign = world
        .app
        .get(&format!("/api/v1/complaints/{id}/bundle"), Some(&receiver))
        .await;
    let consumer = world
        .app
        .get(
            &format!("/api/v1/complaints/{id}/bundle"),
            Some(&world.consumer),
        )
        .await;
    let platform = world
        .app
        .get(&format!("/api/v1/complaints/{id}/bundle"), Some(&admin))
        .await;
    let by_mediator = world
        .app
        .post(IMPORT, Some(&world.mediator), bundle.clone())
        .await;
    let by_consumer = world.app.post(VERIFY, Some(&world.consumer), bundle).await;

    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    assert_eq!(consumer.status, StatusCode::FORBIDDEN);
    assert_eq!(platform.status, StatusCode::FORBIDDEN);
    assert_eq!(by_mediator.status, StatusCode::FORBIDDEN);
    assert_eq!(by_consumer.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_referral_is_recorded_on_the_timeline_the_consumer_reads() {
    let world = world().await;
    let id = world.file().await;

    let referred = world
        .app
        .post(
            &format!("/api/v1/complaints/{id}/referrals"),
            Some(&world.mediator),
            json!({"regulator": "深圳市市场监督管理局", "note": "经营者拒不参加调解，移送处理。"}),
        )
        .await;

    assert_eq!(referred.status, StatusCode::CREATED, "{}", referred.body);
    assert_eq!(referred.body["regulator"], "深圳市市场监督管理局");
    assert_eq!(
        referred.body["bundle_url"],
        format!("/api/v1/complaints/{id}/bundle")
    );
    let kinds = world.timeline_kinds(&world.consumer, &id).await;
    assert_eq!(kinds.last().map(String::as_str), Some("referred"));
    let listed = world
        .app
        .get(
            &format!("/api/v1/complaints/{id}/referrals"),
            Some(&world.consumer),
        )
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    assert_eq!(listed.body.as_array().unwrap().len(), 1);
    assert_eq!(listed.body[0]["note"], "经营者拒不参加调解，移送处理。");
    let bundle = export(&world.app, &world.intake, &id).await;
    assert_eq!(
        verify(&world.app, &world.intake, &bundle).await["intact"],
        true
    );
}

#[tokio::test]
async fn a_party_cannot_refer_and_an_empty_referral_names_its_fields() {
    let world = world().await;
    let id = world.file().await;
    let path = format!("/api/v1/complaints/{id}/referrals");

    let by_consumer = world
        .app
        .post(
            &path,
            Some(&world.consumer),
            json!({"regulator": "市监局", "note": "请处理"}),
        )
        .await;
    let empty = world
        .app
        .post(
            &path,
            Some(&world.intake),
            json!({"regulator": " ", "note": ""}),
        )
        .await;

    assert_eq!(by_consumer.status, StatusCode::FORBIDDEN);
    assert_eq!(
        empty.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        empty.body
    );
    let fields: Vec<String> = empty.field_codes().into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, vec!["regulator", "note"]);
}

fn last_sequence(bundle: &Value) -> String {
    bundle["timeline"].as_array().unwrap().last().unwrap()["sequence"].to_string()
}

/// The digest as the bundle documentation defines it, computed here
/// independently of the server: sorted members, no whitespace.
fn digest_of(bundle: &Value) -> String {
    use sha2::{Digest, Sha256};
    let mut body = bundle.clone();
    body.as_object_mut().unwrap().remove("digest");
    // serde_json's map keeps members sorted, and `to_string` adds no whitespace.
    let canonical = serde_json::to_string(&body).unwrap();
    Sha256::digest(canonical.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn download(app: &TestApp, token: &str, evidence: &str) -> Vec<u8> {
    let response = app
        .client
        .get(app.url(&format!("/api/v1/evidence/{evidence}/content")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.bytes().await.unwrap().to_vec()
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
