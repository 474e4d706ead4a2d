//! Disclosure (阳光公开): each rule publishes at its event and not before;
//! consent, staff edits, taking down and the business's public reply.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{World, date_in, filing, world, world_with};
use crate::helpers::spawn_app;

/// Files a complaint with this consent and description; returns (id, number).
pub async fn file_with(world: &World, consent: bool, description: &str) -> (String, String) {
    let mut body = filing(&world.business_id);
    body["consent_to_publish"] = json!(consent);
    body["description"] = json!(description);
    let filed = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), body)
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    (
        filed.body["id"].as_str().unwrap().to_owned(),
        filed.body["number"].as_str().unwrap().to_owned(),
    )
}

pub async fn public(world: &World, number: &str) -> (StatusCode, Value) {
    let reply = world
        .app
        .get(&format!("/api/v1/public/complaints/{number}"), None)
        .await;
    (reply.status, reply.body)
}

const DESCRIPTION: &str =
    "我是王女士，电话 138 0013 8000，在门店买的冰箱三天后不制冷，门店拒绝退款，只同意维修。";

#[tokio::test]
async fn a_complaint_against_a_non_member_is_published_when_accepted_and_not_before() {
    let world = world_with(spawn_app().await, false).await;
    let (id, number) = file_with(&world, false, DESCRIPTION).await;

    assert_eq!(public(&world, &number).await.0, StatusCode::NOT_FOUND);
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;

    let (status, page) = public(&world, &number).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["reason"], "non_member_accepted");
    assert_eq!(page["state"], "mediating");
    let description = page["description"].as_str().unwrap();
    assert!(!description.contains("13800138000") && !description.contains("138 0013 8000"));
    assert!(!description.contains("王女士"), "{description}");
    assert!(description.contains("【手机号】"), "{description}");
    let stages: Vec<&str> = page["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(stages, ["filed", "accepted", "published"]);
    let kinds = world.timeline_kinds(&world.consumer, &id).await;
    assert_eq!(kinds.last().map(String::as_str), Some("published"));
}

#[tokio::test]
async fn a_member_complaint_is_published_when_the_reconciliation_deadline_passes() {
    let mut world = world().await;
    let (id, number) = file_with(&world, false, DESCRIPTION).await;
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;

    world.days_pass(3).await;
    assert_eq!(public(&world, &number).await.0, StatusCode::NOT_FOUND);
    world.days_pass(30).await;

    let (status, page) = public(&world, &number).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["reason"], "deadline_missed");
    assert_eq!(page["deadline_met"], false);
    let missed: Vec<&Value> = page["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "reconciliation")
        .collect();
    assert_eq!(missed.len(), 1);
    assert_eq!(missed[0]["status"], "missed");
}

/// Settles the complaint by an offer the consumer accepts and the business carries out.
async fn settle(world: &World, id: &str) {
    world
        .step(&world.intake, id, json!({"action": "accept"}))
        .await;
    let offer = json!({"action": "make_offer", "terms": "全额退款 3299 元", "amount_fen": 329900, "perform_by": date_in(&world.app, 3)});
    world.step(&world.handler, id, offer).await;
    world
        .step(&world.consumer, id, json!({"action": "accept_offer"}))
        .await;
    world
        .step(
            &world.consumer,
            id,
            json!({"action": "confirm_performance"}),
        )
        .await;
}

#[tokio::test]
async fn any_other_complaint_is_published_when_it_closes_with_consent() {
    let world = world().await;
    let (id, number) = file_with(&world, true, DESCRIPTION).await;
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    let offer = json!({"action": "make_offer", "terms": "全额退款 3299 元", "amount_fen": 329900, "perform_by": date_in(&world.app, 3)});
    world.step(&world.handler, &id, offer).await;
    world
        .step(&world.consumer, &id, json!({"action": "accept_offer"}))
        .await;
    assert_eq!(public(&world, &number).await.0, StatusCode::NOT_FOUND);

    world
        .step(
            &world.consumer,
            &id,
            json!({"action": "confirm_performance"}),
        )
        .await;
    let (status, page) = public(&world, &number).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["reason"], "closed_with_consent");
    assert_eq!(page["outcome"], "resolved");
    assert_eq!(page["amount_recovered_fen"], 329900);
    assert_eq!(page["deadline_met"], true);
    assert_eq!(page["replies"][0]["kind"], "offer");
    assert_eq!(page["replies"][0]["text"], "全额退款 3299 元");
}

#[tokio::test]
async fn without_consent_or_after_withdrawing_it_a_closed_complaint_stays_private() {
    let world = world().await;
    let (without, without_number) = file_with(&world, false, DESCRIPTION).await;
    let (withdrawn, withdrawn_number) = file_with(&world, true, DESCRIPTION).await;

    let reply = world
        .app
        .delete(
            &format!("/api/v1/complaints/{withdrawn}/consent"),
            Some(&world.consumer),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.body["consent_to_publish"], false);
    assert!(reply.body["consent_withdrawn_at"].is_string());
    settle(&world, &without).await;
    settle(&world, &withdrawn).await;

    assert_eq!(
        public(&world, &without_number).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        public(&world, &withdrawn_number).await.0,
        StatusCode::NOT_FOUND
    );
    let kinds = world.timeline_kinds(&world.consumer, &withdrawn).await;
    assert!(kinds.contains(&"consent_withdrawn".to_owned()), "{kinds:?}");
    assert!(!kinds.contains(&"published".to_owned()), "{kinds:?}");
}

#[tokio::test]
async fn rejected_and_withdrawn_complaints_are_not_published_on_closing() {
    let world = world().await;
    let (rejected, rejected_number) = file_with(&world, true, DESCRIPTION).await;
    let (withdrawn, withdrawn_number) = file_with(&world, true, DESCRIPTION).await;

    world
        .step(
            &world.intake,
            &rejected,
            json!({"action": "reject", "reason": "not_consumer_dispute"}),
        )
        .await;
    world
        .step(&world.consumer, &withdrawn, json!({"action": "withdraw"}))
        .await;

    assert_eq!(
        public(&world, &rejected_number).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        public(&world, &withdrawn_number).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn consent_is_the_consumers_alone_and_ends_with_publication() {
    let world = world_with(spawn_app().await, false).await;
    let (id, _) = file_with(&world, true, DESCRIPTION).await;
    let consent = format!("/api/v1/complaints/{id}/consent");

    let by_intake = world.app.delete(&consent, Some(&world.intake)).await;
    assert_eq!(
        by_intake.status,
        StatusCode::FORBIDDEN,
        "{}",
        by_intake.body
    );
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;

    let too_late = world.app.delete(&consent, Some(&world.consumer)).await;
    assert_eq!(too_late.status, StatusCode::CONFLICT);
    assert_eq!(too_late.code(), "already_published");
    let given_again = world
        .app
        .put(&consent, Some(&world.consumer), json!({}))
        .await;
    assert_eq!(given_again.status, StatusCode::OK, "{}", given_again.body);
    let handler = world
        .app
        .put(&consent, Some(&world.handler), json!({}))
        .await;
    assert_eq!(handler.status, StatusCode::FORBIDDEN, "{}", handler.body);
}

#[tokio::test]
async fn rules_are_set_per_association_by_its_admin() {
    let world = world_with(spawn_app().await, false).await;
    let path = format!(
        "/api/v1/associations/{}/disclosure-rules",
        world.association
    );
    let defaults = world.app.get(&path, None).await;
    assert_eq!(defaults.status, StatusCode::OK);
    assert_eq!(defaults.body["publish_non_members_on_acceptance"], true);

    let off = json!({"publish_non_members_on_acceptance": false, "publish_missed_deadlines": true, "publish_closed_with_consent": true});
    let by_intake = world.app.put(&path, Some(&world.intake), off.clone()).await;
    assert_eq!(by_intake.status, StatusCode::FORBIDDEN);
    let missing = world
        .app
        .put(
            &path,
            Some(&world.admin),
            json!({"publish_missed_deadlines": true}),
        )
        .await;
    assert_eq!(
        missing.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        missing.body
    );
    let set = world.app.put(&path, Some(&world.admin), off).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);

    let (id, number) = file_with(&world, false, DESCRIPTION).await;
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    assert_eq!(public(&world, &number).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_preview_shows_the_text_with_placeholders_before_filing() {
    let world = world().await;
    let reply = world
        .app
        .post(
            "/api/v1/publication-preview",
            Some(&world.consumer),
            json!({"description": "我是王女士，邮箱 wang.li@example.com，身份证 11010519491231002X。"}),
        )
        .await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        reply.body["description"],
        "我是【姓名】，邮箱 【邮箱】，身份证 【身份证号】。"
    );
    let kinds: Vec<&str> = reply.body["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["resident_id", "email", "name"]);
    let empty = world
        .app
        .post(
            "/api/v1/publication-preview",
            Some(&world.consumer),
            json!({"description": ""}),
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let anonymous = world
        .app
        .post(
            "/api/v1/publication-preview",
            None,
            json!({"description": "x"}),
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn staff_edit_the_public_text_and_every_edit_is_logged() {
    let world = world_with(spawn_app().await, false).await;
    let (id, number) = file_with(&world, true, DESCRIPTION).await;
    let path = format!("/api/v1/complaints/{id}/public-text");
    let edited = "消费者在门店购买的冰箱三天后不制冷，门店拒绝退款，只同意维修。";

    let leaky = world
        .app
        .put(
            &path,
            Some(&world.intake),
            json!({"description": "请拨打 13912345678 联系"}),
        )
        .await;
    assert_eq!(leaky.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        leaky.field_codes(),
        [("description".to_owned(), "personal_information".to_owned())]
    );
    let by_consumer = world
        .app
        .put(&path, Some(&world.consumer), json!({"description": edited}))
        .await;
    assert_eq!(by_consumer.status, StatusCode::FORBIDDEN);
    let saved = world
        .app
        .put(
            &path,
            Some(&world.intake),
            json!({"description": edited, "note": "改写第一人称"}),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(saved.body["preview"]["description"], edited);
    assert_eq!(saved.body["preview"]["edited_by_staff"], true);

    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    assert_eq!(public(&world, &number).await.1["description"], edited);
    let after = "消费者购买的冰箱不制冷，门店拒绝退款。";
    let again = world
        .app
        .put(&path, Some(&world.intake), json!({"description": after}))
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(public(&world, &number).await.1["description"], after);

    let edits = world
        .app
        .get(&format!("{path}/edits"), Some(&world.intake))
        .await;
    assert_eq!(edits.status, StatusCode::OK);
    let edits = edits.body.as_array().unwrap().clone();
    assert_eq!(edits.len(), 2);
    assert!(edits[0]["before"].as_str().unwrap().contains("【手机号】"));
    assert_eq!(edits[0]["after"], edited);
    assert_eq!(edits[0]["note"], "改写第一人称");
    assert_eq!(edits[1]["before"], edited);
    let by_consumer = world
        .app
        .get(&format!("{path}/edits"), Some(&world.consumer))
        .await;
    assert_eq!(by_consumer.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_complaint_taken_down_leaves_the_public_pages_for_good() {
    let world = world_with(spawn_app().await, false).await;
    let (id, number) = file_with(&world, true, DESCRIPTION).await;
    let path = format!("/api/v1/complaints/{id}/unpublication");

    let early = world
        .app
        .post(&path, Some(&world.admin), json!({"reason": "法院裁定"}))
        .await;
    assert_eq!(early.code(), "not_published");
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    let by_intake = world
        .app
        .post(&path, Some(&world.intake), json!({"reason": "法院裁定"}))
        .await;
    assert_eq!(by_intake.status, StatusCode::FORBIDDEN);
    let down = world
        .app
        .post(&path, Some(&world.admin), json!({"reason": "法院裁定"}))
        .await;
    assert_eq!(down.status, StatusCode::OK, "{}", down.body);

    assert_eq!(public(&world, &number).await.0, StatusCode::NOT_FOUND);
    let search = world
        .app
        .get("/api/v1/public/complaints?q=冰箱", None)
        .await;
    assert_eq!(search.body["total"], 0, "{}", search.body);
    let edit = world
        .app
        .put(
            &format!("/api/v1/complaints/{id}/public-text"),
            Some(&world.intake),
            json!({"description": "消费者反映冰箱不制冷。"}),
        )
        .await;
    assert_eq!(edit.status, StatusCode::CONFLICT, "{}", edit.body);
    assert_eq!(edit.code(), "not_published");
    world
        .step(&world.consumer, &id, json!({"action": "withdraw"}))
        .await;
    assert_eq!(public(&world, &number).await.0, StatusCode::NOT_FOUND);
    let twice = world
        .app
        .post(&path, Some(&world.admin), json!({"reason": "法院裁定"}))
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_business_replies_once_in_public() {
    let world = world_with(spawn_app().await, false).await;
    let (id, number) = file_with(&world, true, DESCRIPTION).await;
    let path = format!("/api/v1/complaints/{id}/public-comment");
    let text = json!({"text": "已联系王女士（13800138000）办理退款，并整改门店售后。"});

    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    let by_consumer = world
        .app
        .post(&path, Some(&world.consumer), text.clone())
        .await;
    assert_eq!(by_consumer.status, StatusCode::FORBIDDEN);
    let posted = world
        .app
        .post(&path, Some(&world.handler), text.clone())
        .await;
    assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.body);
    let twice = world.app.post(&path, Some(&world.handler), text).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);

    let comment = public(&world, &number).await.1["business_comment"].clone();
    assert_eq!(
        comment["text"],
        "已联系【姓名】（【手机号】）办理退款，并整改门店售后。"
    );
    assert_eq!(
        posted.body, comment,
        "the answer is the comment as published"
    );
    assert!(posted.body["at"].is_string(), "{}", posted.body);
}

#[tokio::test]
async fn a_business_comments_only_on_a_published_complaint() {
    let world = world().await;
    let (id, _) = file_with(&world, true, DESCRIPTION).await;
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;

    let early = world
        .app
        .post(
            &format!("/api/v1/complaints/{id}/public-comment"),
            Some(&world.handler),
            json!({"text": "我们会尽快处理"}),
        )
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert_eq!(early.code(), "not_published");
}

#[tokio::test]
async fn the_public_business_record_shows_its_published_complaints_and_case_publicity() {
    let world = world_with(spawn_app().await, false).await;
    let (id, number) = file_with(&world, false, DESCRIPTION).await;
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    let listed = world
        .app
        .post(
            &format!("/api/v1/businesses/{}/case-publicity", world.business_id),
            Some(&world.mediator),
            json!({"ground": "refused_mediation", "statement": "经两次书面通知，拒不参加调解。", "complaint_ids": [id]}),
        )
        .await;
    assert_eq!(listed.status, StatusCode::CREATED, "{}", listed.body);

    let record = world
        .app
        .get(
            &format!("/api/v1/public/businesses/{}", world.business_id),
            None,
        )
        .await;
    assert_eq!(record.status, StatusCode::OK, "{}", record.body);
    assert_eq!(record.body["published_complaints"], 1);
    assert_eq!(
        record.body["latest_complaints"][0]["number"],
        number.as_str()
    );
    let listings = record.body["case_publicity"].as_array().unwrap();
    assert_eq!(listings.len(), 1);
    assert_eq!(listings[0]["ground"], "refused_mediation");
    assert_eq!(listings[0]["complaint_numbers"][0], number.as_str());
}
