//! Complete cases through every path of the state machine, over HTTP.

use reqwest::StatusCode;
use serde_json::json;

use crate::cases::{World, date_in, world, world_with};
use crate::helpers::spawn_app;

fn running_deadline<'a>(
    complaint: &'a serde_json::Value,
    kind: &str,
) -> Option<&'a serde_json::Value> {
    complaint["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == kind && d["status"] == "running")
}

async fn offer(world: &World, id: &str) {
    let perform_by = date_in(&world.app, 5);
    world
        .step(&world.handler, id, json!({"action": "make_offer", "terms": "全额退款 3299 元", "amount_fen": 329900, "perform_by": perform_by}))
        .await;
}

#[tokio::test]
async fn a_member_business_reconciles_and_the_consumer_rates_the_closed_case() {
    let world = world().await;
    let id = world.file().await;

    let accepted = world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    assert_eq!(accepted["state"], "reconciling");
    assert!(
        running_deadline(&accepted, "reconciliation").is_some(),
        "{accepted}"
    );
    assert_eq!(accepted["deadlines"][0]["status"], "met");

    offer(&world, &id).await;
    let consumer_view = world.complaint(&world.consumer, &id).await.body;
    assert_eq!(consumer_view["pending_offer"]["amount_fen"], 329900);
    assert_eq!(
        consumer_view["allowed_actions"],
        json!(["accept_offer", "decline_offer", "withdraw"])
    );

    let agreed = world
        .step(&world.consumer, &id, json!({"action": "accept_offer"}))
        .await;
    assert_eq!(agreed["state"], "awaiting_performance");
    assert_eq!(agreed["agreement"]["reached_in"], "reconciliation");
    assert!(running_deadline(&agreed, "performance").is_some());

    let closed = world
        .step(
            &world.consumer,
            &id,
            json!({"action": "confirm_performance"}),
        )
        .await;
    assert_eq!(closed["state"], "closed");
    assert_eq!(closed["outcome"], "resolved");

    let rated = world
        .step(
            &world.consumer,
            &id,
            json!({"action": "rate", "score": 5, "comment": "处理及时"}),
        )
        .await;
    assert_eq!(rated["rating"], 5);
    let again = world
        .act(&world.consumer, &id, json!({"action": "rate", "score": 1}))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["code"], "invalid_transition");

    let kinds = world.timeline_kinds(&world.consumer, &id).await;
    assert_eq!(
        kinds,
        [
            "filed",
            "accepted",
            "offer_made",
            "offer_accepted",
            "performance_confirmed",
            // The consumer consented when filing: closing publishes it.
            "published",
            "rated"
        ]
    );
    assert_eq!(world.record(&id).await["chain_intact"], true);
}

#[tokio::test]
async fn a_declined_offer_goes_to_mediation_and_ends_in_an_agreement() {
    let world = world().await;
    let id = world.file().await;
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    offer(&world, &id).await;

    let waiting = world
        .step(&world.consumer, &id, json!({"action": "decline_offer", "reason": "只愿意维修，不符合三包", "escalate": false}))
        .await;
    assert_eq!(waiting["state"], "reconciling");
    offer(&world, &id).await;
    let mediating = world
        .step(
            &world.consumer,
            &id,
            json!({"action": "decline_offer", "reason": "仍然不接受", "escalate": true}),
        )
        .await;
    assert_eq!(mediating["state"], "mediating");
    assert!(
        mediating["mediator_id"].is_string(),
        "a mediator is assigned: {mediating}"
    );
    assert!(running_deadline(&mediating, "mediation").is_some());

    let missing_consent = world
        .act(&world.mediator, &id, json!({"action": "record_agreement", "terms": "更换新机", "perform_by": date_in(&world.app, 10), "consumer_agreed": true, "business_agreed": false}))
        .await;
    assert_eq!(missing_consent.status, StatusCode::UNPROCESSABLE_ENTITY);

    let agreed = world
        .step(&world.mediator, &id, json!({"action": "record_agreement", "terms": "更换新机", "perform_by": date_in(&world.app, 10), "consumer_agreed": true, "business_agreed": true}))
        .await;
    assert_eq!(agreed["state"], "awaiting_performance");
    assert_eq!(agreed["agreement"]["reached_in"], "mediation");
    let closed = world
        .step(
            &world.consumer,
            &id,
            json!({"action": "confirm_performance"}),
        )
        .await;
    assert_eq!(closed["outcome"], "resolved");
}

#[tokio::test]
async fn a_complaint_against_a_non_member_goes_straight_to_mediation_which_can_fail() {
    let world = world_with(spawn_app().await, false).await;
    let id = world.file().await;

    let handler_before = world.complaint(&world.handler, &id).await;
    assert_eq!(handler_before.status, StatusCode::NOT_FOUND);
    let accepted = world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    assert_eq!(accepted["state"], "mediating");
    assert_eq!(accepted["business_was_member"], false);

    let ended = world
        .step(&world.mediator, &id, json!({"action": "end_mediation", "reason": "business_refused", "note": "经营者拒绝参加调解"}))
        .await;
    assert_eq!(ended["state"], "closed");
    assert_eq!(ended["outcome"], "mediation_failed");
    let timeline = world
        .app
        .get(
            &format!("/api/v1/complaints/{id}/timeline"),
            Some(&world.consumer),
        )
        .await
        .body;
    let last = timeline.as_array().unwrap().last().unwrap();
    assert!(
        last["payload"]["guidance"]["zh"]
            .as_str()
            .unwrap()
            .contains("12315"),
        "{last}"
    );
}

#[tokio::test]
async fn a_silent_business_misses_the_reconciliation_deadline_once() {
    let mut world = world().await;
    let id = world.file().await;
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;

    let early = world.days_pass(3).await;
    assert_eq!(early.expired, 0);
    let late = world.days_pass(40).await;
    assert_eq!(late.expired, 1);
    let again = world.days_pass(0).await;
    assert_eq!(again.expired, 0);

    let complaint = world.complaint(&world.consumer, &id).await.body;
    assert_eq!(complaint["state"], "mediating");
    assert_eq!(complaint["business_missed_deadline"], true);
    let reconciliation = complaint["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "reconciliation")
        .unwrap();
    assert_eq!(reconciliation["status"], "missed");
    assert!(
        world
            .timeline_kinds(&world.handler, &id)
            .await
            .contains(&"reconciliation_deadline_missed".to_owned())
    );
}

#[tokio::test]
async fn rejection_needs_a_reason_from_the_list() {
    let world = world().await;
    let id = world.file().await;

    let unexplained = world
        .act(
            &world.intake,
            &id,
            json!({"action": "reject", "reason": "other"}),
        )
        .await;
    assert_eq!(unexplained.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unexplained.body["errors"][0]["field"], "note");
    let unknown = world
        .act(
            &world.intake,
            &id,
            json!({"action": "reject", "reason": "bored"}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);

    let rejected = world
        .step(
            &world.intake,
            &id,
            json!({"action": "reject", "reason": "duplicate"}),
        )
        .await;
    assert_eq!(rejected["outcome"], "rejected");
    assert!(
        rejected["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["status"] != "running")
    );
    assert_eq!(
        world.complaint(&world.handler, &id).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_transferred_complaint_arrives_at_the_other_association_as_submitted() {
    let world = world().await;
    let id = world.file().await;
    let zhejiang = world.app.association_id("330000").await;
    let zhejiang_intake = world
        .app
        .staff_token(&zhejiang, "zj.intake", &["intake_officer"])
        .await;

    let moved = world
        .step(&world.intake, &id, json!({"action": "transfer", "association_id": zhejiang, "reason": "经营者实际经营地在浙江"}))
        .await;
    assert_eq!(moved["state"], "submitted");
    assert_eq!(moved["association"]["id"], zhejiang);
    let acceptance: Vec<_> = moved["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["status"].as_str().unwrap())
        .collect();
    assert_eq!(acceptance, ["cancelled", "running"]);

    assert_eq!(
        world.complaint(&world.intake, &id).await.status,
        StatusCode::NOT_FOUND
    );
    let accepted = world
        .step(&zhejiang_intake, &id, json!({"action": "accept"}))
        .await;
    assert_eq!(accepted["state"], "reconciling");
}

#[tokio::test]
async fn an_information_request_stops_the_clock_and_closes_the_case_when_unanswered() {
    let mut world = world().await;
    let id = world.file().await;

    let asked = world
        .step(
            &world.intake,
            &id,
            json!({"action": "request_info", "question": "请补充购物小票。"}),
        )
        .await;
    assert_eq!(asked["state"], "info_requested");
    let acceptance = &asked["deadlines"][0];
    assert_eq!(acceptance["pause_reason"], "请补充购物小票。");
    assert!(acceptance["paused_at"].is_string());

    let swept = world.days_pass(40).await;
    assert_eq!(
        swept.expired, 1,
        "only the information deadline expires; acceptance is paused"
    );
    let closed = world.complaint(&world.consumer, &id).await.body;
    assert_eq!(closed["state"], "closed");
    assert_eq!(closed["outcome"], "rejected");
    assert!(
        world
            .timeline_kinds(&world.consumer, &id)
            .await
            .contains(&"info_request_expired".to_owned())
    );
}

#[tokio::test]
async fn an_answered_request_resumes_the_acceptance_clock_with_the_days_left() {
    let mut world = world().await;
    let id = world.file().await;
    let before = world.complaint(&world.intake, &id).await.body;
    let days_left = before["deadlines"][0]["working_days_left"]
        .as_u64()
        .unwrap();

    world
        .step(
            &world.intake,
            &id,
            json!({"action": "request_info", "question": "请补充订单截图。"}),
        )
        .await;
    world.days_pass(14).await;
    let answered = world
        .step(
            &world.consumer,
            &id,
            json!({"action": "answer_info", "answer": "订单号 SO-20241120-0042"}),
        )
        .await;

    assert_eq!(answered["state"], "submitted");
    let acceptance = &answered["deadlines"][0];
    assert!(acceptance["paused_at"].is_null());
    assert_eq!(acceptance["status"], "running");
    let left = acceptance["working_days_left"].as_u64().unwrap();
    assert!(
        left + 1 >= days_left && left <= days_left,
        "{left} of {days_left} working days left after the pause"
    );
    assert_eq!(answered["deadlines"][1]["status"], "met");
}

#[tokio::test]
async fn the_consumer_may_withdraw_until_the_case_closes() {
    let world = world().await;
    let id = world.file().await;
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;

    let withdrawn = world
        .step(
            &world.consumer,
            &id,
            json!({"action": "withdraw", "reason": "已自行协商解决"}),
        )
        .await;
    assert_eq!(withdrawn["outcome"], "withdrawn");
    assert!(
        withdrawn["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["status"] != "running")
    );
    let late = world
        .act(&world.consumer, &id, json!({"action": "withdraw"}))
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert_eq!(late.body["code"], "invalid_transition");
}

#[tokio::test]
async fn an_agreement_not_carried_out_by_its_date_is_flagged() {
    let mut world = world().await;
    let id = world.file().await;
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    offer(&world, &id).await;
    world
        .step(&world.consumer, &id, json!({"action": "accept_offer"}))
        .await;

    world.days_pass(7).await;
    let closed = world.complaint(&world.consumer, &id).await.body;
    assert_eq!(closed["state"], "closed");
    assert_eq!(closed["outcome"], "not_performed");
}

#[tokio::test]
async fn an_illegal_action_names_the_state_and_what_is_allowed() {
    let world = world().await;
    let id = world.file().await;

    let early = world
        .act(&world.consumer, &id, json!({"action": "accept_offer"}))
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert_eq!(early.body["code"], "invalid_transition");
    let detail = early.body["detail"].as_str().unwrap();
    assert!(
        detail.contains("submitted") && detail.contains("withdraw"),
        "{detail}"
    );

    let offer_too_soon = world
        .act(
            &world.handler,
            &id,
            json!({"action": "make_offer", "terms": "退款", "perform_by": date_in(&world.app, 3)}),
        )
        .await;
    assert_eq!(
        offer_too_soon.status,
        StatusCode::NOT_FOUND,
        "the business cannot see the case before acceptance"
    );
}

#[tokio::test]
async fn a_stale_if_match_is_refused_and_the_etag_tracks_the_version() {
    let world = world().await;
    let id = world.file().await;
    let read = world.complaint(&world.intake, &id).await;
    let etag = read.headers["etag"].to_str().unwrap().to_owned();
    assert_eq!(etag, "\"1\"");

    world
        .step(
            &world.intake,
            &id,
            json!({"action": "request_info", "question": "请补充发票。"}),
        )
        .await;
    let stale = world
        .app
        .client
        .post(world.app.url(&format!("/api/v1/complaints/{id}/actions")))
        .bearer_auth(&world.consumer)
        .header("If-Match", &etag)
        .json(&json!({"action": "answer_info", "answer": "发票已上传"}))
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    let body: serde_json::Value = stale.json().await.unwrap();
    assert_eq!(body["code"], "precondition_failed");

    let fresh = world
        .app
        .client
        .post(world.app.url(&format!("/api/v1/complaints/{id}/actions")))
        .bearer_auth(&world.consumer)
        .header("If-Match", "\"2\"")
        .json(&json!({"action": "answer_info", "answer": "发票已上传"}))
        .send()
        .await
        .unwrap();
    assert_eq!(fresh.status(), StatusCode::OK);
    assert_eq!(fresh.headers()["etag"], "\"3\"");
}

#[tokio::test]
async fn concurrent_conflicting_actions_leave_exactly_one_winner() {
    let world = world().await;
    let id = world.file().await;

    let (accept, reject) = tokio::join!(
        world.act(&world.intake, &id, json!({"action": "accept"})),
        world.act(
            &world.intake,
            &id,
            json!({"action": "reject", "reason": "duplicate"})
        ),
    );
    let statuses = [accept.status, reject.status];
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT),
        "{statuses:?}"
    );
    let kinds = world.timeline_kinds(&world.intake, &id).await;
    assert_eq!(kinds.len(), 2, "{kinds:?}");
}

#[tokio::test]
async fn an_association_sets_its_own_deadlines_for_new_cases() {
    let world = world().await;
    let path = format!("/api/v1/associations/{}/deadline-policy", world.association);
    let defaults = world.app.get(&path, None).await;
    assert_eq!(
        defaults.body,
        json!({"acceptance_days": 7, "information_days": 15, "reconciliation_days": 10, "mediation_days": 45})
    );

    let wrong = world.app.put(&path, Some(&world.admin), json!({"acceptance_days": 0, "information_days": 15, "reconciliation_days": 10, "mediation_days": 500})).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.body["errors"].as_array().unwrap().len(), 2);
    let set = world.app.put(&path, Some(&world.admin), json!({"acceptance_days": 3, "information_days": 15, "reconciliation_days": 10, "mediation_days": 45})).await;
    assert_eq!(set.status, StatusCode::OK);

    let id = world.file().await;
    let complaint = world.complaint(&world.intake, &id).await.body;
    let left = complaint["deadlines"][0]["working_days_left"]
        .as_u64()
        .unwrap();
    assert!((2..=3).contains(&left), "{left} working days left of 3");
}

#[tokio::test]
async fn the_mediator_sets_a_session_that_both_parties_see() {
    let world = world().await;
    let id = world.file().await;
    let path = format!("/api/v1/complaints/{id}/mediation-sessions");
    let starts_at = (chrono::Utc::now() + chrono::Duration::days(3)).to_rfc3339();
    let session = json!({"starts_at": starts_at, "place": "广东省消费者委员会调解室"});

    let too_early = world
        .app
        .post(&path, Some(&world.mediator), session.clone())
        .await;
    assert_eq!(
        too_early.status,
        StatusCode::CONFLICT,
        "not in mediation yet"
    );
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    offer(&world, &id).await;
    world
        .step(
            &world.consumer,
            &id,
            json!({"action": "decline_offer", "reason": "不接受", "escalate": true}),
        )
        .await;

    let by_consumer = world
        .app
        .post(&path, Some(&world.consumer), session.clone())
        .await;
    assert_eq!(by_consumer.status, StatusCode::FORBIDDEN);
    let past = world
        .app
        .post(
            &path,
            Some(&world.mediator),
            json!({"starts_at": "2020-01-01T00:00:00Z", "place": "调解室"}),
        )
        .await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    let set = world.app.post(&path, Some(&world.mediator), session).await;
    assert_eq!(set.status, StatusCode::CREATED, "{}", set.body);

    for token in [&world.consumer, &world.handler] {
        assert!(
            world
                .timeline_kinds(token, &id)
                .await
                .contains(&"mediation_session_scheduled".to_owned())
        );
    }
}

#[tokio::test]
async fn membership_counts_as_it_stands_at_acceptance() {
    let world = world_with(spawn_app().await, false).await;
    let id = world.file().await;

    let joined = world
        .app
        .put(
            &format!("/api/v1/businesses/{}/membership", world.business_id),
            Some(&world.admin),
            json!({"member": true}),
        )
        .await;
    assert_eq!(joined.status, StatusCode::OK);
    let accepted = world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    assert_eq!(accepted["state"], "reconciling");
    assert_eq!(accepted["business_was_member"], true);
}

#[tokio::test]
async fn an_offer_whose_date_has_passed_cannot_be_accepted() {
    let mut world = world().await;
    let id = world.file().await;
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    world
        .step(
            &world.handler,
            &id,
            json!({"action": "make_offer", "terms": "退款", "perform_by": date_in(&world.app, 1)}),
        )
        .await;

    world.days_pass(3).await;
    let late = world
        .act(&world.consumer, &id, json!({"action": "accept_offer"}))
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert_eq!(
        world.complaint(&world.consumer, &id).await.body["state"],
        "reconciling"
    );
}

#[tokio::test]
async fn unknown_fields_in_an_action_are_refused() {
    let world = world().await;
    let id = world.file().await;

    let padded = world
        .act(
            &world.intake,
            &id,
            json!({"action": "accept", "note": "顺便"}),
        )
        .await;
    assert_eq!(
        padded.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        padded.body
    );
    assert_eq!(
        world.complaint(&world.intake, &id).await.body["state"],
        "submitted"
    );
}

#[tokio::test]
async fn rating_closes_thirty_days_after_the_case() {
    let mut world = world().await;
    let id = world.file().await;
    world
        .step(&world.consumer, &id, json!({"action": "withdraw"}))
        .await;

    world.days_pass(31).await;
    let complaint = world.complaint(&world.consumer, &id).await.body;
    assert_eq!(complaint["allowed_actions"], json!([]));
    let late = world
        .act(&world.consumer, &id, json!({"action": "rate", "score": 3}))
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert_eq!(late.body["code"], "invalid_transition");
}

#[tokio::test]
async fn a_case_closed_while_its_acceptance_clock_was_stopped_cancels_that_deadline() {
    let mut world = world().await;
    let id = world.file().await;
    world
        .step(
            &world.intake,
            &id,
            json!({"action": "request_info", "question": "请补充凭证。"}),
        )
        .await;

    world.days_pass(40).await;
    let complaint = world.complaint(&world.consumer, &id).await.body;
    let statuses: Vec<&str> = complaint["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["cancelled", "missed"]);
}

#[tokio::test]
async fn a_wrong_value_in_an_action_names_its_field() {
    let world = world().await;
    let id = world.file().await;

    let cases = [
        (
            json!({"action": "reject", "reason": "bored"}),
            "reason",
            "unknown_value",
        ),
        (json!({"action": "dance"}), "action", "unknown_value"),
        (
            json!({"action": "decline_offer", "reason": "不要", "escalate": "yes"}),
            "escalate",
            "invalid_type",
        ),
        (
            json!({"action": "rate", "score": 256}),
            "score",
            "invalid_type",
        ),
        (
            json!({"action": "make_offer", "terms": "退款", "perform_by": "2026-13-01"}),
            "perform_by",
            "invalid_type",
        ),
    ];
    for (body, field, code) in cases {
        let reply = world.act(&world.intake, &id, body.clone()).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(
            reply.body["errors"][0]["field"], field,
            "{body}: {}",
            reply.body
        );
        assert_eq!(
            reply.body["errors"][0]["code"], code,
            "{body}: {}",
            reply.body
        );
    }
}

#[tokio::test]
async fn a_deadline_running_into_2027_counts_its_days_with_the_2027_calendar() {
    use api::clock::Clock;
    let app = spawn_app().await;
    // Monday 2026-12-28, 10:00 in Beijing.
    let start: chrono::DateTime<chrono::Utc> = "2026-12-28T02:00:00Z".parse().unwrap();
    app.clock.advance(start - app.clock.now());
    let world = world_with(app, true).await;

    let id = world.file().await;
    let complaint = world.complaint(&world.consumer, &id).await.body;

    // Seven working days: 29, 30, 31 December, then 1, 4, 5 and 6 January.
    // The 2027 file holds no days until the State Council's notice is out,
    // so 1 January (a Friday) still counts; when the notice is added to
    // api/data/holidays/2027.json this due date moves past the holiday.
    let acceptance = running_deadline(&complaint, "acceptance").unwrap();
    assert_eq!(acceptance["due_at"], "2027-01-06T16:00:00Z");
    assert_eq!(acceptance["working_days_left"], 7);
}
