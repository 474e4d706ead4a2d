//! Joining the platform: a business user applies, the serving association
//! reviews, approval makes a member from that moment, and a suspension
//! sends later acceptances to mediation until it is lifted.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{CREDIT_CODE, world, world_with};
use crate::evidence::{MP4, PDF, PNG, uploaded};
use crate::helpers::{Reply, TestApp, spawn_app};

pub const BUSINESS_PASSWORD: &str = "biz-pass-2024";

/// Registers a business account with this phone and returns its access token.
pub async fn business_account(app: &TestApp, phone: &str) -> String {
    let registered = app
        .post(
            "/api/v1/auth/register/business",
            None,
            json!({"phone": phone, "password": BUSINESS_PASSWORD, "display_name": "李经理"}),
        )
        .await;
    assert_eq!(
        registered.status,
        StatusCode::CREATED,
        "{}",
        registered.body
    );
    assert_eq!(registered.body["kind"], "business");
    app.access_token(phone, BUSINESS_PASSWORD).await
}

/// A complete application with this licence file.
pub fn application(licence: &str) -> Value {
    json!({
        "credit_code": CREDIT_CODE,
        "licensed_name": "深圳某某电器有限公司",
        "region_code": "440305",
        "industry_code": "goods.appliances",
        "licence_evidence_id": licence,
        "service_contacts": {"phone": "400-800-1234", "hours": "每天 9:00–21:00"},
        "commitment_accepted": true,
        "commitment_version": "2024-1",
    })
}

/// Uploads a licence photo and applies; returns the answer.
pub async fn apply(app: &TestApp, token: &str) -> Reply {
    let licence = uploaded(app, token, "营业执照.png", PNG).await;
    app.post(
        "/api/v1/joining-applications",
        Some(token),
        application(&licence),
    )
    .await
}

pub async fn decide(app: &TestApp, token: &str, id: &str, decision: Value) -> Reply {
    app.post(
        &format!("/api/v1/joining-applications/{id}/decision"),
        Some(token),
        decision,
    )
    .await
}

/// A business that joined by application: its owner's fresh token and its id.
pub struct Joined {
    pub owner: String,
    pub business_id: String,
}

/// Guangdong's intake officer approves an application by `owner_phone`.
pub async fn joined_business(app: &TestApp, owner_phone: &str) -> Joined {
    let guangdong = app.association_id("440000").await;
    let intake = app
        .staff_token(&guangdong, "gd.intake", &["intake_officer"])
        .await;
    let applicant = business_account(app, owner_phone).await;
    let applied = apply(app, &applicant).await;
    assert_eq!(applied.status, StatusCode::CREATED, "{}", applied.body);
    let id = applied.body["id"].as_str().unwrap();

    let approved = decide(app, &intake, id, json!({"decision": "approve"})).await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    Joined {
        owner: app.access_token(owner_phone, BUSINESS_PASSWORD).await,
        business_id: approved.body["business_id"].as_str().unwrap().to_owned(),
    }
}

async fn notification_kinds(app: &TestApp, token: &str) -> Vec<String> {
    let inbox = app.get("/api/v1/notifications", Some(token)).await;
    assert_eq!(inbox.status, StatusCode::OK, "{}", inbox.body);
    inbox.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_owned())
        .collect()
}

fn kinds(history: &Value) -> Vec<&str> {
    history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn an_application_asked_for_more_is_resubmitted_and_approved() {
    let app = spawn_app().await;
    let guangdong = app.association_id("440000").await;
    let intake = app
        .staff_token(&guangdong, "gd.intake", &["intake_officer"])
        .await;
    let applicant = business_account(&app, "13700137000").await;

    let applied = apply(&app, &applicant).await;
    assert_eq!(applied.status, StatusCode::CREATED, "{}", applied.body);
    assert_eq!(applied.body["state"], "submitted");
    assert_eq!(applied.body["association_id"], guangdong.as_str());
    let id = applied.body["id"].as_str().unwrap().to_owned();
    let queue = app
        .get("/api/v1/joining-applications", Some(&intake))
        .await
        .body;
    assert_eq!(queue["items"][0]["id"], id.as_str());
    let licence = applied.body["licence_evidence_id"].as_str().unwrap();
    let download = app
        .get(
            &format!("/api/v1/evidence/{licence}/content"),
            Some(&intake),
        )
        .await;
    assert_eq!(download.status, StatusCode::OK);

    let asked = decide(
        &app,
        &intake,
        &id,
        json!({"decision": "request_info", "note": "营业执照照片不清晰，请重新上传。"}),
    )
    .await;
    assert_eq!(asked.body["state"], "more_info_requested");
    assert_eq!(
        asked.body["decision_note"],
        "营业执照照片不清晰，请重新上传。"
    );
    let early = decide(&app, &intake, &id, json!({"decision": "approve"})).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert_eq!(early.code(), "invalid_transition");
    assert!(
        notification_kinds(&app, &applicant)
            .await
            .contains(&"joining_more_info_requested".to_owned())
    );

    let sharper = uploaded(&app, &applicant, "营业执照-清晰.pdf", PDF).await;
    let resubmitted = app
        .put(
            &format!("/api/v1/joining-applications/{id}"),
            Some(&applicant),
            application(&sharper),
        )
        .await;
    assert_eq!(resubmitted.status, StatusCode::OK, "{}", resubmitted.body);
    assert_eq!(resubmitted.body["state"], "submitted");
    assert_eq!(resubmitted.body["licence_evidence_id"], sharper.as_str());

    let approved = decide(&app, &intake, &id, json!({"decision": "approve"})).await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    assert_eq!(approved.body["state"], "approved");
    assert_eq!(
        kinds(&approved.body["history"]),
        [
            "submitted",
            "more_info_requested",
            "resubmitted",
            "approved"
        ]
    );
    let business_id = approved.body["business_id"].as_str().unwrap();
    let record = app
        .get(&format!("/api/v1/businesses/{business_id}"), None)
        .await
        .body;
    assert_eq!(record["member"], true);
    assert!(record["member_since"].is_string());
    assert_eq!(record["credit_code"], CREDIT_CODE);
    assert_eq!(record["service_contacts"]["phone"], "400-800-1234");
    assert!(record["suspended"].is_null());
    let history = app
        .get(
            &format!("/api/v1/businesses/{business_id}/membership-history"),
            None,
        )
        .await
        .body;
    assert_eq!(kinds(&history), ["joined"]);
    assert!(
        notification_kinds(&app, &applicant)
            .await
            .contains(&"joining_approved".to_owned())
    );
}

#[tokio::test]
async fn the_approved_applicant_owns_the_business_after_refreshing() {
    let app = spawn_app().await;
    let guangdong = app.association_id("440000").await;
    let intake = app
        .staff_token(&guangdong, "gd.intake", &["intake_officer"])
        .await;
    let tokens = {
        business_account(&app, "13700137001").await;
        app.tokens("13700137001", BUSINESS_PASSWORD).await
    };
    let before = tokens["access_token"].as_str().unwrap();
    let applied = apply(&app, before).await;
    let id = applied.body["id"].as_str().unwrap();

    decide(&app, &intake, id, json!({"decision": "approve"})).await;
    let refreshed = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": tokens["refresh_token"]}),
        )
        .await;

    let owner = refreshed.body["access_token"].as_str().unwrap();
    let me = app.get("/api/v1/me", Some(owner)).await.body;
    assert_eq!(me["business_role"], "owner");
    let business_id = me["business_id"].as_str().unwrap();
    let key = app
        .post(
            &format!("/api/v1/businesses/{business_id}/api-keys"),
            Some(owner),
            json!({"name": "客服系统", "scopes": ["read_cases"]}),
        )
        .await;
    assert_eq!(key.status, StatusCode::CREATED, "{}", key.body);
    let again = apply(&app, owner).await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);
    let mine = app
        .get("/api/v1/joining-applications/mine", Some(owner))
        .await;
    assert_eq!(mine.body[0]["state"], "approved");
}

#[tokio::test]
async fn a_rejected_application_says_why_and_the_applicant_may_apply_again() {
    let app = spawn_app().await;
    let guangdong = app.association_id("440000").await;
    let admin = app
        .staff_token(&guangdong, "gd.admin", &["association_admin"])
        .await;
    let applicant = business_account(&app, "13700137002").await;
    let id = apply(&app, &applicant).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let bare = decide(&app, &admin, &id, json!({"decision": "reject"})).await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bare.field_codes(), [("note".into(), "required".into())]);
    let rejected = decide(
        &app,
        &admin,
        &id,
        json!({"decision": "reject", "note": "营业执照上的名称与申请名称不一致。"}),
    )
    .await;

    assert_eq!(rejected.status, StatusCode::OK, "{}", rejected.body);
    let mine = app
        .get("/api/v1/joining-applications/mine", Some(&applicant))
        .await
        .body;
    assert_eq!(mine[0]["state"], "rejected");
    assert_eq!(
        mine[0]["decision_note"],
        "营业执照上的名称与申请名称不一致。"
    );
    assert!(
        notification_kinds(&app, &applicant)
            .await
            .contains(&"joining_rejected".to_owned())
    );
    let withdraw = app
        .post(
            &format!("/api/v1/joining-applications/{id}/withdraw"),
            Some(&applicant),
            json!({}),
        )
        .await;
    assert_eq!(withdraw.status, StatusCode::CONFLICT);
    assert_eq!(apply(&app, &applicant).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_complaint_accepted_before_joining_goes_to_mediation_and_one_after_to_reconciliation() {
    let world = world_with(spawn_app().await, false).await;
    let before = world.file().await;
    let waiting = world.file().await;
    let mediated = world
        .step(&world.intake, &before, json!({"action": "accept"}))
        .await;
    assert_eq!(mediated["state"], "mediating");
    let applicant = business_account(&world.app, "13700137003").await;
    let id = apply(&world.app, &applicant).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let approved = decide(
        &world.app,
        &world.intake,
        &id,
        json!({"decision": "approve"}),
    )
    .await;

    assert_eq!(
        approved.body["business_id"],
        world.business_id.as_str(),
        "the record with the same credit code joins"
    );
    let after = world
        .step(&world.intake, &waiting, json!({"action": "accept"}))
        .await;
    assert_eq!(after["state"], "reconciling");
    assert_eq!(after["business_was_member"], true);
    let earlier = world.complaint(&world.consumer, &before).await.body;
    assert_eq!(earlier["state"], "mediating");
}

#[tokio::test]
async fn another_association_can_neither_read_nor_decide_an_application() {
    let app = spawn_app().await;
    let zhejiang = app.association_id("330000").await;
    let guangdong = app.association_id("440000").await;
    let outsider = app
        .staff_token(&zhejiang, "zj.intake", &["intake_officer"])
        .await;
    let mediator = app
        .staff_token(&guangdong, "gd.mediator", &["mediator"])
        .await;
    let applicant = business_account(&app, "13700137004").await;
    let applied = apply(&app, &applicant).await.body;
    let id = applied["id"].as_str().unwrap();
    let licence = applied["licence_evidence_id"].as_str().unwrap();

    let path = format!("/api/v1/joining-applications/{id}");
    let read = app.get(&path, Some(&outsider)).await;
    let decided = decide(&app, &outsider, id, json!({"decision": "approve"})).await;
    let download = app
        .get(
            &format!("/api/v1/evidence/{licence}/content"),
            Some(&outsider),
        )
        .await;
    let queue = app
        .get("/api/v1/joining-applications", Some(&outsider))
        .await;
    let other_queue = app
        .get(
            &format!("/api/v1/joining-applications?association_id={guangdong}"),
            Some(&outsider),
        )
        .await;

    assert_eq!(read.status, StatusCode::NOT_FOUND);
    assert_eq!(decided.status, StatusCode::NOT_FOUND);
    assert_eq!(download.status, StatusCode::NOT_FOUND);
    assert_eq!(queue.body["items"], json!([]));
    assert_eq!(other_queue.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&path, Some(&mediator)).await.status,
        StatusCode::FORBIDDEN
    );
    let unchanged = app.get(&path, Some(&applicant)).await.body;
    assert_eq!(unchanged["state"], "submitted");
}

#[tokio::test]
async fn a_code_with_an_open_application_or_a_member_business_is_refused() {
    let app = spawn_app().await;
    let first = business_account(&app, "13700137005").await;
    let second = business_account(&app, "13700137006").await;
    assert_eq!(apply(&app, &first).await.status, StatusCode::CREATED);

    let duplicate = apply(&app, &second).await;
    assert_eq!(duplicate.status, StatusCode::CONFLICT);
    assert_eq!(duplicate.code(), "application_open");
    let twice = apply(&app, &first).await;
    assert_eq!(twice.code(), "application_open");

    let world = world().await;
    let late = business_account(&world.app, "13700137007").await;
    let member = apply(&world.app, &late).await;
    assert_eq!(member.status, StatusCode::CONFLICT);
    assert_eq!(member.code(), "already_member");
}

#[tokio::test]
async fn each_wrong_field_of_an_application_is_named() {
    let app = spawn_app().await;
    let applicant = business_account(&app, "13700137008").await;
    let consumer = app.consumer_token("13800138000").await;
    let video = uploaded(&app, &applicant, "执照.mp4", MP4).await;
    let mut body = application(&video);
    body["credit_code"] = json!("91440300MA5G8XQK19");
    body["industry_code"] = json!("goods.spaceships");
    body["commitment_accepted"] = json!(false);
    body["commitment_version"] = json!("2019-1");
    body["service_contacts"] = json!({"phone": "call us"});

    let refused = app
        .post("/api/v1/joining-applications", Some(&applicant), body)
        .await;

    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut codes = refused.field_codes();
    codes.sort();
    let expected: Vec<(String, String)> = [
        ("commitment_accepted", "required"),
        ("commitment_version", "outdated_commitment"),
        ("credit_code", "invalid_credit_code"),
        ("industry_code", "unknown_category"),
        ("licence_evidence_id", "not_an_image_or_pdf"),
        ("service_contacts.phone", "invalid_format"),
    ]
    .iter()
    .map(|(f, c)| ((*f).to_owned(), (*c).to_owned()))
    .collect();
    assert_eq!(codes, expected);
    let check = refused.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == "credit_code")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        check.contains("应为 8"),
        "names the check character: {check}"
    );
    let consumer_applies = app
        .post(
            "/api/v1/joining-applications",
            Some(&consumer),
            application(&video),
        )
        .await;
    assert_eq!(consumer_applies.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_licence_on_an_application_survives_the_sweep_of_abandoned_uploads() {
    let app = spawn_app().await;
    let applicant = business_account(&app, "13700137009").await;
    let applied = apply(&app, &applicant).await.body;
    let licence = applied["licence_evidence_id"].as_str().unwrap().to_owned();
    let stray = uploaded(&app, &applicant, "other.png", PNG).await;

    app.clock.advance(chrono::Duration::hours(25));
    let removed = api::evidence::cleanup::remove_orphans(&app.state)
        .await
        .unwrap();

    assert_eq!(removed, 1, "only the stray upload goes");
    let token = app.access_token("13700137009", BUSINESS_PASSWORD).await;
    let kept = app
        .get(&format!("/api/v1/evidence/{licence}/content"), Some(&token))
        .await;
    assert_eq!(kept.status, StatusCode::OK);
    let gone = app
        .get(&format!("/api/v1/evidence/{stray}"), Some(&token))
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_suspension_shows_publicly_and_sends_later_acceptances_to_mediation() {
    let world = world().await;
    let app = &world.app;
    let gd_admin = app
        .staff_token(&world.association, "gd.admin", &["association_admin"])
        .await;
    let zhejiang = app.association_id("330000").await;
    let zj_admin = app
        .staff_token(&zhejiang, "zj.admin", &["association_admin"])
        .await;
    let path = format!("/api/v1/businesses/{}/suspension", world.business_id);
    let reason = json!({"reason": "连续三个月未在时限内处理投诉"});

    let short = app
        .put(&path, Some(&gd_admin), json!({"reason": "差"}))
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    let foreign = app.put(&path, Some(&zj_admin), reason.clone()).await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let suspended = app.put(&path, Some(&gd_admin), reason.clone()).await;
    assert_eq!(suspended.status, StatusCode::OK, "{}", suspended.body);
    assert_eq!(
        app.put(&path, Some(&gd_admin), reason).await.status,
        StatusCode::CONFLICT
    );

    let record = app
        .get(&format!("/api/v1/businesses/{}", world.business_id), None)
        .await
        .body;
    assert_eq!(
        record["suspended"]["reason"],
        "连续三个月未在时限内处理投诉"
    );
    assert!(record["suspended"]["since"].is_string());
    assert_eq!(record["member"], true);
    assert!(
        notification_kinds(app, &world.handler)
            .await
            .contains(&"membership_changed".to_owned())
    );
    let during = world.file().await;
    let accepted = world
        .step(&world.intake, &during, json!({"action": "accept"}))
        .await;
    assert_eq!(accepted["state"], "mediating");

    let reinstated = app.delete(&path, Some(&gd_admin)).await;
    assert_eq!(reinstated.status, StatusCode::OK, "{}", reinstated.body);
    assert!(reinstated.body["suspended"].is_null());
    let after = world.file().await;
    let accepted = world
        .step(&world.intake, &after, json!({"action": "accept"}))
        .await;
    assert_eq!(accepted["state"], "reconciling");
    let history = app
        .get(
            &format!(
                "/api/v1/businesses/{}/membership-history",
                world.business_id
            ),
            None,
        )
        .await
        .body;
    assert_eq!(kinds(&history), ["joined", "suspended", "reinstated"]);
    assert_eq!(history[1]["reason"], "连续三个月未在时限内处理投诉");
}

#[tokio::test]
async fn a_business_account_registers_like_a_consumer_and_works_for_no_business() {
    let app = spawn_app().await;
    app.consumer_token("13800138000").await;
    let register = |body: Value| app.post("/api/v1/auth/register/business", None, body);

    let taken = register(
        json!({"phone": "13800138000", "password": BUSINESS_PASSWORD, "display_name": "李经理"}),
    )
    .await;
    let malformed =
        register(json!({"phone": "12345", "password": "short", "display_name": ""})).await;
    let token = business_account(&app, "13700137010").await;

    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert_eq!(malformed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(malformed.field_codes().len(), 3, "{}", malformed.body);
    let me = app.get("/api/v1/me", Some(&token)).await.body;
    assert_eq!(me["kind"], "business");
    assert!(me["business_id"].is_null());
    let files = app
        .post(
            "/api/v1/complaints",
            Some(&token),
            crate::cases::filing("00000000-0000-0000-0000-000000000000"),
        )
        .await;
    assert_eq!(files.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_uncoded_record_of_the_same_name_is_left_for_merging() {
    let app = spawn_app().await;
    let guangdong = app.association_id("440000").await;
    let intake = app
        .staff_token(&guangdong, "gd.intake", &["intake_officer"])
        .await;
    let consumer = app.consumer_token("13800138000").await;
    let mut by_name = crate::cases::filing("unused");
    by_name["business"] = json!({"name": "深圳某某电器有限公司", "region_code": "440305"});
    let filed = app
        .post("/api/v1/complaints", Some(&consumer), by_name)
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let uncoded = filed.body["business"]["id"].as_str().unwrap().to_owned();
    let applicant = business_account(&app, "13700137011").await;
    let id = apply(&app, &applicant).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let approved = decide(&app, &intake, &id, json!({"decision": "approve"})).await;

    let member = approved.body["business_id"].as_str().unwrap();
    assert_ne!(member, uncoded);
    let left = app
        .get(&format!("/api/v1/businesses/{uncoded}"), None)
        .await
        .body;
    assert_eq!(left["member"], false);
    assert!(left["credit_code"].is_null());
}
