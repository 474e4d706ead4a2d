//! Similar complaints and group complaints (集体投诉): proposed from similar
//! texts, confirmed by intake, joined by another consumer, answered by one
//! common offer that each consumer accepts or declines, and mediated by the
//! group's mediator.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{World, date_in, filing, world};
use crate::helpers::Reply;

/// Five consumers' words for one cause: the same fridge model that stopped
/// cooling, and a shop that only offers repair.
const SAME_CAUSE: [&str; 6] = [
    "购买的冰箱使用三天后不制冷，门店拒绝退换，只同意维修。",
    "新买的冰箱不制冷，门店拒绝退换货，只肯维修。",
    "冰箱买回来一周就不制冷了，门店拒绝退换，说只能维修。",
    "冰箱不制冷，联系门店要求退换被拒绝，只给维修。",
    "同款冰箱不制冷，门店拒绝退换，坚持维修处理。",
    "冰箱刚买就不制冷，门店拒绝退换，只答应维修。",
];
const OTHER_CAUSE: &str = "送货师傅上门安装空调时额外收取高价材料费，而且没有提供发票。";

/// Files the text as the consumer with this phone; answers the consumer's
/// token and the complaint's id.
async fn file_as(world: &World, phone: &str, description: &str) -> (String, String) {
    let token = world.app.consumer_token(phone).await;
    let mut body = filing(&world.business_id);
    body["description"] = json!(description);
    let filed = world
        .app
        .post("/api/v1/complaints", Some(&token), body)
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    (token, filed.body["id"].as_str().unwrap().to_owned())
}

/// Five consumers with the same cause, and one with another.
async fn same_cause_filed(world: &World) -> (Vec<(String, String)>, String) {
    let mut same = Vec::new();
    for (i, text) in SAME_CAUSE[..5].iter().enumerate() {
        same.push(file_as(world, &format!("1390013900{i}"), text).await);
    }
    let (_, other) = file_as(world, "13700137000", OTHER_CAUSE).await;
    (same, other)
}

async fn proposals(world: &World, query: &str) -> Reply {
    world
        .app
        .get(
            &format!(
                "/api/v1/associations/{}/group-proposals{query}",
                world.association
            ),
            Some(&world.intake),
        )
        .await
}

async fn confirm(world: &World, token: &str, ids: &[&String]) -> Reply {
    world
        .app
        .post(
            "/api/v1/group-complaints",
            Some(token),
            json!({"title": "某型号冰箱不制冷拒绝退换", "cause": "同一型号冰箱购买后不久不制冷，门店只同意维修。", "complaint_ids": ids}),
        )
        .await
}

async fn user_id(world: &World, token: &str) -> String {
    let me = world.app.get("/api/v1/me", Some(token)).await;
    me.body["id"].as_str().unwrap().to_owned()
}

fn ids_of(list: &Value, key: &str) -> Vec<String> {
    let mut ids: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item[key].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn similar_complaints_are_listed_for_staff_most_similar_first() {
    let world = world().await;
    let (same, other) = same_cause_filed(&world).await;

    let similar = world
        .app
        .get(
            &format!("/api/v1/complaints/{}/similar", same[0].1),
            Some(&world.intake),
        )
        .await;
    let by_consumer = world
        .app
        .get(
            &format!("/api/v1/complaints/{}/similar", same[0].1),
            Some(&same[0].0),
        )
        .await;

    assert_eq!(similar.status, StatusCode::OK, "{}", similar.body);
    let mut expected: Vec<String> = same[1..].iter().map(|(_, id)| id.clone()).collect();
    expected.sort();
    assert_eq!(ids_of(&similar.body, "id"), expected, "{}", similar.body);
    assert!(!similar.body.to_string().contains(&other));
    let scores: Vec<f64> = similar
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["similarity"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert_eq!(by_consumer.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn five_similar_complaints_within_thirty_days_are_proposed_as_a_group() {
    let mut world = world().await;
    let (same, other) = same_cause_filed(&world).await;

    let proposed = proposals(&world, "").await;
    let bigger_threshold = proposals(&world, "?min_size=6").await;
    let bad_threshold = proposals(&world, "?min_size=1").await;
    world.days_pass(31).await;
    let after_a_month = proposals(&world, "").await;

    assert_eq!(proposed.status, StatusCode::OK, "{}", proposed.body);
    let list = proposed.body.as_array().unwrap();
    assert_eq!(list.len(), 1, "{}", proposed.body);
    let mut expected: Vec<String> = same.iter().map(|(_, id)| id.clone()).collect();
    expected.sort();
    assert_eq!(ids_of(&list[0]["complaints"], "id"), expected);
    assert!(!proposed.body.to_string().contains(&other));
    assert_eq!(list[0]["business"]["id"], json!(world.business_id));
    let words = list[0]["common_words"].as_array().unwrap();
    assert!(words.contains(&json!("冰箱")), "{words:?}");
    assert_eq!(bigger_threshold.body, json!([]));
    assert_eq!(bad_threshold.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_threshold.field_codes()[0].0, "min_size");
    assert_eq!(after_a_month.body, json!([]), "filed over 30 days ago");
}

/// The whole life of a group: confirmed from the proposal, joined by a sixth
/// consumer, one common offer, three accept and three decline, and the
/// decliners' cases go to the group's mediator.
#[tokio::test]
async fn a_group_complaint_is_handled_once_and_each_consumer_answers_for_themselves() {
    let world = world().await;
    let (same, _) = same_cause_filed(&world).await;
    let first_five: Vec<&String> = same.iter().map(|(_, id)| id).collect();
    let confirmed = confirm(&world, &world.intake, &first_five).await;
    assert_eq!(confirmed.status, StatusCode::CREATED, "{}", confirmed.body);
    let group = confirmed.body["id"].as_str().unwrap().to_owned();
    let (late_token, late) = file_as(&world, "13900139009", SAME_CAUSE[5]).await;
    let mut members = same.clone();
    members.push((late_token.clone(), late.clone()));

    // The sixth consumer finds the group from their own case and joins it.
    let joinable = world
        .app
        .get(
            &format!("/api/v1/complaints/{late}/group-complaints"),
            Some(&late_token),
        )
        .await;
    let joined = world
        .app
        .post(
            &format!("/api/v1/group-complaints/{group}/members"),
            Some(&late_token),
            json!({"complaint_id": late}),
        )
        .await;
    for (_, id) in &members {
        world
            .step(&world.intake, id, json!({"action": "accept"}))
            .await;
    }
    let mediator = user_id(&world, &world.mediator).await;
    let named = world
        .app
        .put(
            &format!("/api/v1/group-complaints/{group}/mediator"),
            Some(&world.intake),
            json!({"mediator_id": mediator}),
        )
        .await;
    let seen_by_business = world
        .app
        .get(
            &format!("/api/v1/group-complaints/{group}"),
            Some(&world.handler),
        )
        .await;
    let offer = json!({"terms": "更换同型号新机并承担运费", "amount_fen": null, "perform_by": date_in(&world.app, 14)});
    let offered = world
        .app
        .post(
            &format!("/api/v1/group-complaints/{group}/offers"),
            Some(&world.handler),
            offer.clone(),
        )
        .await;
    for (i, (token, id)) in members.iter().enumerate() {
        let answer = if i % 2 == 0 {
            json!({"action": "accept_offer"})
        } else {
            json!({"action": "decline_offer", "reason": "只想退货退款", "escalate": true})
        };
        world.step(token, id, answer).await;
    }
    let again = world
        .app
        .post(
            &format!("/api/v1/group-complaints/{group}/offers"),
            Some(&world.handler),
            offer,
        )
        .await;
    let seen_by_consumer = world
        .app
        .get(
            &format!("/api/v1/group-complaints/{group}"),
            Some(&same[0].0),
        )
        .await;

    assert_eq!(confirmed.body["member_count"], 5);
    assert_eq!(joinable.status, StatusCode::OK, "{}", joinable.body);
    assert_eq!(ids_of(&joinable.body, "id"), vec![group.clone()]);
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    assert_eq!(joined.body["member_count"], 6);
    assert_eq!(
        ids_of(&joined.body["members"], "complaint_id"),
        vec![late.clone()]
    );
    assert_eq!(named.status, StatusCode::OK, "{}", named.body);
    assert_eq!(
        seen_by_business.body["members"].as_array().unwrap().len(),
        6
    );
    assert_eq!(offered.status, StatusCode::OK, "{}", offered.body);
    assert_eq!(offered.body["offered"].as_array().unwrap().len(), 6);
    assert_eq!(offered.body["skipped"], json!([]));
    for (i, (token, id)) in members.iter().enumerate() {
        let complaint = world.complaint(token, id).await.body;
        assert_eq!(complaint["group_id"], json!(group));
        if i % 2 == 0 {
            assert_eq!(complaint["state"], "awaiting_performance", "{complaint}");
        } else {
            assert_eq!(complaint["state"], "mediating", "{complaint}");
            assert_eq!(complaint["mediator_id"], json!(mediator));
        }
        let kinds = world.timeline_kinds(&world.intake, id).await;
        assert!(kinds.contains(&"joined_group".to_owned()), "{kinds:?}");
    }
    assert_eq!(
        again.status,
        StatusCode::CONFLICT,
        "nobody waits for an offer now"
    );
    assert_eq!(seen_by_consumer.body["member_count"], 6);
    assert_eq!(
        ids_of(&seen_by_consumer.body["members"], "complaint_id"),
        vec![same[0].1.clone()],
        "a consumer sees only their own complaint in the group"
    );
}

#[tokio::test]
async fn a_group_needs_two_open_complaints_of_one_business_in_no_other_group() {
    let world = world().await;
    let (same, other) = same_cause_filed(&world).await;
    let ids: Vec<&String> = same.iter().map(|(_, id)| id).collect();
    let other_business = world
        .app
        .post(
            "/api/v1/businesses",
            Some(&world.admin),
            json!({"name": "广州另一家电器店", "region_code": "440104"}),
        )
        .await;
    let mut body = filing(other_business.body["id"].as_str().unwrap());
    body["description"] = json!(SAME_CAUSE[0]);
    let elsewhere = world
        .app
        .post("/api/v1/complaints", Some(&same[0].0), body)
        .await;
    let elsewhere = elsewhere.body["id"].as_str().unwrap().to_owned();
    world
        .step(
            &same[4].0,
            &same[4].1,
            json!({"action": "withdraw", "reason": "已自行解决"}),
        )
        .await;

    let alone = confirm(&world, &world.intake, &ids[..1]).await;
    let mixed = confirm(&world, &world.intake, &[ids[0], &elsewhere]).await;
    let with_closed = confirm(&world, &world.intake, &[ids[0], ids[4]]).await;
    let by_mediator = confirm(&world, &world.mediator, &ids[..2]).await;
    let first = confirm(&world, &world.intake, &ids[..2]).await;
    let twice = confirm(&world, &world.intake, &[ids[1], ids[2]]).await;
    let group = first.body["id"].as_str().unwrap();
    let business_joins = world
        .app
        .post(
            &format!("/api/v1/group-complaints/{group}/members"),
            Some(&world.handler),
            json!({"complaint_id": ids[3]}),
        )
        .await;
    let someone_elses = world
        .app
        .post(
            &format!("/api/v1/group-complaints/{group}/members"),
            Some(&same[0].0),
            json!({"complaint_id": ids[3]}),
        )
        .await;
    let stranger = world.app.consumer_token("13600136000").await;
    let unseen = world
        .app
        .get(
            &format!("/api/v1/group-complaints/{group}"),
            Some(&stranger),
        )
        .await;
    let other_cause_joins = world
        .app
        .post(
            &format!("/api/v1/group-complaints/{group}/members"),
            Some(&world.intake),
            json!({"complaint_id": other}),
        )
        .await;

    assert_eq!(alone.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(alone.field_codes()[0].1, "invalid_count");
    assert_eq!(mixed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(mixed.field_codes()[0].1, "mixed_businesses");
    assert_eq!(
        with_closed.status,
        StatusCode::CONFLICT,
        "{}",
        with_closed.body
    );
    assert_eq!(by_mediator.status, StatusCode::FORBIDDEN);
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.body);
    assert_eq!(business_joins.status, StatusCode::FORBIDDEN);
    assert_eq!(someone_elses.status, StatusCode::NOT_FOUND);
    assert_eq!(unseen.status, StatusCode::NOT_FOUND);
    assert_eq!(
        other_cause_joins.status,
        StatusCode::OK,
        "staff judge the cause; any open case against the business may join"
    );
    let listed = world
        .app
        .get(
            &format!(
                "/api/v1/associations/{}/group-complaints",
                world.association
            ),
            Some(&world.mediator),
        )
        .await;
    assert_eq!(ids_of(&listed.body, "id"), vec![group.to_owned()]);
    assert_eq!(listed.body[0]["member_count"], 3);
}
