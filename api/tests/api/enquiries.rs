//! Enquiries (咨询): a consumer asks, the association serving their region
//! answers or turns the question into a complaint, and an answered one is
//! published, redacted, as a question and answer.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{World, world};

const QUESTION: &str =
    "我是王女士，电话13912345678。在网上买的羽绒服收到后不合适，拆了吊牌还能七天无理由退货吗？";

async fn ask(world: &World, token: &str, consent: bool) -> String {
    let asked = world
        .app
        .post(
            "/api/v1/enquiries",
            Some(token),
            json!({"question": QUESTION, "region_code": "440305", "consent_to_publish": consent}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.body);
    assert_eq!(asked.body["state"], "open");
    assert_eq!(asked.body["association_id"], world.association.as_str());
    asked.body["id"].as_str().unwrap().to_owned()
}

async fn answer(world: &World, token: &str, id: &str) -> Value {
    let answered = world
        .app
        .post(
            &format!("/api/v1/enquiries/{id}/answer"),
            Some(token),
            json!({"answer": "可以。网购商品自收到之日起七日内可以无理由退货，拆吊牌不影响，但商品应当完好。王女士可拨打13912345678以外的客服电话联系商家。"}),
        )
        .await;
    assert_eq!(answered.status, StatusCode::OK, "{}", answered.body);
    answered.body
}

#[tokio::test]
async fn the_consumer_asks_staff_answer_and_the_consumer_is_told_and_sees_it() {
    let world = world().await;
    let id = ask(&world, &world.consumer, true).await;

    let answered = answer(&world, &world.intake, &id).await;

    assert_eq!(answered["state"], "answered");
    let seen = world
        .app
        .get(&format!("/api/v1/enquiries/{id}"), Some(&world.consumer))
        .await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.body);
    assert!(
        seen.body["answer"]
            .as_str()
            .unwrap()
            .contains("七日内可以无理由退货")
    );
    let inbox = world
        .app
        .get("/api/v1/notifications", Some(&world.consumer))
        .await;
    let kinds: Vec<&str> = inbox.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"enquiry_answered"), "{kinds:?}");
    let staff_inbox = world
        .app
        .get("/api/v1/notifications", Some(&world.intake))
        .await;
    assert_eq!(staff_inbox.body["items"][0]["kind"], "enquiry_asked");
}

#[tokio::test]
async fn consumers_see_only_their_own_and_staff_only_their_associations() {
    let world = world().await;
    let id = ask(&world, &world.consumer, true).await;
    let stranger = world.app.consumer_token("13700137000").await;
    let zhejiang = world.app.association_id("330000").await;
    let foreign = world
        .app
        .staff_token(&zhejiang, "zj.admin", &["association_admin"])
        .await;

    for token in [&stranger, &foreign] {
        let seen = world
            .app
            .get(&format!("/api/v1/enquiries/{id}"), Some(token))
            .await;
        assert_eq!(seen.status, StatusCode::NOT_FOUND, "{}", seen.body);
        let listed = world.app.get("/api/v1/enquiries", Some(token)).await;
        assert_eq!(listed.body["items"], json!([]));
    }
    let foreign_answer = world
        .app
        .post(
            &format!("/api/v1/enquiries/{id}/answer"),
            Some(&foreign),
            json!({"answer": "不是本协会的咨询"}),
        )
        .await;
    assert_eq!(foreign_answer.status, StatusCode::NOT_FOUND);
    let consumer_answer = world
        .app
        .post(
            &format!("/api/v1/enquiries/{id}/answer"),
            Some(&stranger),
            json!({"answer": "消费者不能答复"}),
        )
        .await;
    assert_eq!(consumer_answer.status, StatusCode::FORBIDDEN);
    let own = world
        .app
        .get("/api/v1/enquiries", Some(&world.mediator))
        .await;
    assert_eq!(own.body["items"][0]["id"], id.as_str());
}

#[tokio::test]
async fn converting_files_a_linked_complaint_that_follows_the_normal_lifecycle() {
    let world = world().await;
    let id = ask(&world, &world.consumer, false).await;

    let converted = world
        .app
        .post(
            &format!("/api/v1/enquiries/{id}/complaint"),
            Some(&world.intake),
            json!({
                "business": {"id": world.business_id},
                "category_code": "goods.appliances",
                "nature_code": "after_sales",
                "demands": ["refund"],
            }),
        )
        .await;

    assert_eq!(converted.status, StatusCode::CREATED, "{}", converted.body);
    assert_eq!(converted.body["state"], "converted");
    let complaint_id = converted.body["complaint_id"].as_str().unwrap().to_owned();
    let complaint = world.complaint(&world.consumer, &complaint_id).await;
    assert_eq!(complaint.status, StatusCode::OK, "{}", complaint.body);
    assert_eq!(complaint.body["state"], "submitted");
    assert_eq!(complaint.body["description"], QUESTION);
    let timeline = world
        .app
        .get(
            &format!("/api/v1/complaints/{complaint_id}/timeline"),
            Some(&world.intake),
        )
        .await;
    assert_eq!(timeline.body[0]["kind"], "filed");
    assert_eq!(timeline.body[0]["payload"]["enquiry_id"], id.as_str());
    let accepted = world
        .step(&world.intake, &complaint_id, json!({"action": "accept"}))
        .await;
    assert_eq!(accepted["state"], "reconciling");
    let again = world
        .app
        .post(
            &format!("/api/v1/enquiries/{id}/answer"),
            Some(&world.intake),
            json!({"answer": "已转投诉"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
}

#[tokio::test]
async fn converting_without_what_a_complaint_needs_names_the_fields_and_files_nothing() {
    let world = world().await;
    let id = ask(&world, &world.consumer, false).await;

    let refused = world
        .app
        .post(
            &format!("/api/v1/enquiries/{id}/complaint"),
            Some(&world.intake),
            json!({"business": {"id": world.business_id}, "category_code": "no.such", "nature_code": "quality", "demands": []}),
        )
        .await;

    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<(String, String)> = refused.field_codes();
    assert!(
        fields.iter().any(|(field, _)| field == "category_code"),
        "{fields:?}"
    );
    assert!(
        fields.iter().any(|(field, _)| field == "demands"),
        "{fields:?}"
    );
    let seen = world
        .app
        .get(&format!("/api/v1/enquiries/{id}"), Some(&world.consumer))
        .await;
    assert_eq!(seen.body["state"], "open");
    assert_eq!(seen.body["complaint_id"], Value::Null);
}

#[tokio::test]
async fn a_published_question_shows_without_the_consumers_name_or_phone() {
    let world = world().await;
    let id = ask(&world, &world.consumer, true).await;
    answer(&world, &world.intake, &id).await;

    let published = world
        .app
        .post(
            &format!("/api/v1/enquiries/{id}/publication"),
            Some(&world.intake),
            json!({}),
        )
        .await;

    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
    let public = world.app.get("/api/v1/public/questions", None).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.body);
    let item = &public.body["items"][0];
    let text = format!("{}{}", item["question"], item["answer"]);
    assert!(text.contains("无理由退货"), "{text}");
    assert!(!text.contains("13912345678"), "{text}");
    assert!(!text.contains("王女士"), "{text}");
    let found = world.app.get("/api/v1/public/questions?q=吊牌", None).await;
    assert_eq!(found.body["items"].as_array().unwrap().len(), 1);
    let missed = world
        .app
        .get("/api/v1/public/questions?q=预付卡", None)
        .await;
    assert_eq!(missed.body["items"], json!([]));
}

#[tokio::test]
async fn without_consent_a_question_is_not_published_and_a_taken_down_one_is_gone() {
    let world = world().await;
    let private = ask(&world, &world.consumer, false).await;
    answer(&world, &world.intake, &private).await;
    let public = ask(&world, &world.consumer, true).await;
    answer(&world, &world.intake, &public).await;

    let refused = world
        .app
        .post(
            &format!("/api/v1/enquiries/{private}/publication"),
            Some(&world.intake),
            json!({}),
        )
        .await;
    let path = format!("/api/v1/enquiries/{public}/publication");
    let published = world.app.post(&path, Some(&world.intake), json!({})).await;
    let removed = world.app.delete(&path, Some(&world.intake)).await;

    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let listed = world.app.get("/api/v1/public/questions", None).await;
    assert_eq!(listed.body["items"], json!([]));
}
