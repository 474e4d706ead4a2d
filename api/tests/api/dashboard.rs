//! The association's staff dashboard: backlog, deadlines at risk, stage
//! handling times, mediators' workloads and the monthly trend, figured by
//! hand from cases moved through their life on the test clock.

use api::clock::Clock;
use chrono::{Datelike, Duration};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{World, date_in, world};
use crate::helpers::Reply;

const SECOND_MEDIATOR: &str = "gd.mediator2";

async fn dashboard(world: &World, token: &str, query: &str) -> Reply {
    world
        .app
        .get(
            &format!(
                "/api/v1/associations/{}/dashboard{query}",
                world.association
            ),
            Some(token),
        )
        .await
}

async fn user_id(world: &World, token: &str) -> String {
    let me = world.app.get("/api/v1/me", Some(token)).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    me.body["id"].as_str().unwrap().to_owned()
}

async fn second_mediator(world: &World) -> String {
    world
        .app
        .access_token(SECOND_MEDIATOR, "staff-pass-1")
        .await
}

async fn offer(world: &World, id: &str, days: i64) {
    world
        .step(
            &world.handler,
            id,
            json!({"action": "make_offer", "terms": "退货退款", "perform_by": date_in(&world.app, days)}),
        )
        .await;
}

/// The consumer declines the offer and asks for mediation; the case goes
/// to `mediator` (by intake, unless it was given to them already).
async fn escalate(world: &World, id: &str, mediator: &str) {
    let mediating = world
        .step(
            &world.consumer,
            id,
            json!({"action": "decline_offer", "reason": "只同意维修", "escalate": true}),
        )
        .await;
    assert_eq!(mediating["state"], "mediating", "{mediating}");
    if mediating["mediator_id"] != mediator {
        let assigned = world
            .app
            .put(
                &format!("/api/v1/complaints/{id}/mediator"),
                Some(&world.intake),
                json!({"mediator_id": mediator}),
            )
            .await;
        assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.body);
    }
}

fn time(figures: &Value, stage: &str) -> (u64, Value, Value) {
    let time = &figures["handling_times"][stage];
    (
        time["cases"].as_u64().unwrap(),
        time["median_hours"].clone(),
        time["p90_hours"].clone(),
    )
}

fn risk(figures: &Value, kind: &str) -> (u64, u64) {
    let risk = figures["at_risk"]
        .as_array()
        .unwrap()
        .iter()
        .find(|risk| risk["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {figures}"));
    (
        risk["due_soon"].as_u64().unwrap(),
        risk["overdue"].as_u64().unwrap(),
    )
}

/// Hours from start (t0):
///
/// - A, B, C, D filed at 0. A accepted at 2, B at 4, C at 10. Offers on A
///   and B at 5; A's accepted at 8 (reconciliation 6 h). C's offer at 10.
///   B and C escalated at 16 (reconciliation 12 h and 6 h): B to the first
///   mediator, C to the second. B's agreement at 24 (mediation 8 h); C's
///   mediation ended at 36 (20 h); A and B performed at 36. D is never
///   decided: its acceptance deadline passes in the 30 days that follow.
/// - 30 days later (t1 = 36 h + 30 days): E, F, G, H and I filed; E, F, G
///   and H accepted an hour later; I asked for information. Three hours
///   after that E and F go to the first mediator, G to the second
///   (reconciliation 3 h each), and H's offer, performed by tomorrow, is
///   accepted (3 h): its performance deadline falls within 48 hours.
#[tokio::test]
async fn the_dashboard_adds_up_what_happened_to_each_case() {
    let mut world = world().await;
    let second = world
        .app
        .staff_token(&world.association, SECOND_MEDIATOR, &["mediator"])
        .await;
    let first_id = user_id(&world, &world.mediator).await;
    let second_id = user_id(&world, &second).await;
    let [a, b, c, d] = [
        world.file().await,
        world.file().await,
        world.file().await,
        world.file().await,
    ];
    let accept = json!({"action": "accept"});
    world.hours_pass(2).await;
    world.step(&world.intake, &a, accept.clone()).await;
    world.hours_pass(2).await;
    world.step(&world.intake, &b, accept.clone()).await;
    world.hours_pass(1).await;
    offer(&world, &a, 20).await;
    offer(&world, &b, 20).await;
    world.hours_pass(3).await;
    world
        .step(&world.consumer, &a, json!({"action": "accept_offer"}))
        .await;
    world.hours_pass(2).await;
    world.step(&world.intake, &c, accept.clone()).await;
    offer(&world, &c, 20).await;
    world.hours_pass(6).await;
    escalate(&world, &b, &first_id).await;
    escalate(&world, &c, &second_id).await;
    world.hours_pass(8).await;
    world
        .step(
            &world.mediator,
            &b,
            json!({"action": "record_agreement", "terms": "退货退款", "perform_by": date_in(&world.app, 20), "consumer_agreed": true, "business_agreed": true}),
        )
        .await;
    world.hours_pass(12).await;
    world
        .step(
            &second_mediator(&world).await,
            &c,
            json!({"action": "end_mediation", "reason": "no_agreement"}),
        )
        .await;
    for id in [&a, &b] {
        world
            .step(
                &world.consumer,
                id,
                json!({"action": "confirm_performance"}),
            )
            .await;
    }
    world.days_pass(30).await;
    assert_eq!(
        world.complaint(&world.intake, &d).await.body["state"],
        "submitted"
    );
    let [e, f, g, h, i] = [
        world.file().await,
        world.file().await,
        world.file().await,
        world.file().await,
        world.file().await,
    ];
    world.hours_pass(1).await;
    for id in [&e, &f, &g, &h] {
        world.step(&world.intake, id, accept.clone()).await;
    }
    world
        .step(
            &world.intake,
            &i,
            json!({"action": "request_info", "question": "请提供购买发票。"}),
        )
        .await;
    world.hours_pass(3).await;
    for (id, mediator) in [(&e, &first_id), (&f, &first_id), (&g, &second_id)] {
        offer(&world, id, 20).await;
        escalate(&world, id, mediator).await;
    }
    offer(&world, &h, 1).await;
    world
        .step(&world.consumer, &h, json!({"action": "accept_offer"}))
        .await;

    let reply = dashboard(&world, &world.intake, "").await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let figures = &reply.body;
    assert_eq!(figures["association_id"], world.association.as_str());
    // D and I await acceptance; D was filed 36 + 720 + 4 hours ago.
    assert_eq!(
        figures["backlog"],
        json!({"awaiting_acceptance": 2, "info_requested": 1, "oldest_hours": 760.0})
    );
    assert_eq!(risk(figures, "acceptance"), (0, 1));
    assert_eq!(risk(figures, "performance"), (1, 0));
    for kind in ["information", "reconciliation", "mediation"] {
        assert_eq!(risk(figures, kind), (0, 0), "{kind}");
    }
    // Acceptance: 1, 1, 1, 1, 2, 4, 10 hours.
    assert_eq!(time(figures, "acceptance"), (7, json!(1.0), json!(10.0)));
    // Reconciliation: 3 (E, F, G, H), 6 (A, C), 12 (B).
    assert_eq!(
        time(figures, "reconciliation"),
        (7, json!(3.0), json!(12.0))
    );
    // Mediation: B 8, C 20; E, F and G are still in mediation.
    assert_eq!(time(figures, "mediation"), (2, json!(8.0), json!(20.0)));
    let mediators = figures["mediators"].as_array().unwrap();
    assert_eq!(mediators.len(), 2, "{mediators:?}");
    assert_eq!(mediators[0]["mediator_id"], first_id.as_str());
    assert_eq!(mediators[0]["in_mediation"], 2);
    assert_eq!(mediators[0]["closed"], 1);
    assert_eq!(
        mediators[0]["by_outcome"],
        json!([{"value": "resolved", "count": 1}])
    );
    assert_eq!(mediators[1]["mediator_id"], second_id.as_str());
    assert_eq!(mediators[1]["in_mediation"], 1);
    assert_eq!(mediators[1]["closed"], 1);
    assert_eq!(
        mediators[1]["by_outcome"],
        json!([{"value": "mediation_failed", "count": 1}])
    );
    let months = figures["by_month"].as_array().unwrap();
    let total = |field: &str| -> u64 {
        months
            .iter()
            .map(|month| month[field].as_u64().unwrap())
            .sum()
    };
    assert_eq!(total("filed"), 9);
    assert_eq!(total("closed"), 3);
    let today = world
        .app
        .clock
        .now()
        .with_timezone(&api::deadlines::calendar::china())
        .date_naive();
    let first = today - Duration::days(89);
    assert_eq!(
        months.first().unwrap()["month"],
        format!("{:04}-{:02}", first.year(), first.month())
    );
    assert_eq!(
        months.last().unwrap()["month"],
        format!("{:04}-{:02}", today.year(), today.month())
    );
}

#[tokio::test]
async fn a_period_without_cases_keeps_the_backlog_but_has_no_times() {
    let mut world = world().await;
    world.file().await;
    world.hours_pass(5).await;

    let reply = dashboard(&world, &world.admin, "?from=2020-01-01&to=2020-02-15").await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let figures = &reply.body;
    assert_eq!(figures["from"], "2020-01-01");
    assert_eq!(figures["backlog"]["awaiting_acceptance"], 1, "{figures}");
    assert_eq!(figures["backlog"]["oldest_hours"], 5.0);
    assert_eq!(time(figures, "acceptance"), (0, Value::Null, Value::Null));
    assert_eq!(
        figures["by_month"],
        json!([
            {"month": "2020-01", "filed": 0, "closed": 0},
            {"month": "2020-02", "filed": 0, "closed": 0},
        ])
    );
}

#[tokio::test]
async fn staff_of_another_association_are_refused_and_a_bad_period_is_422() {
    let world = world().await;
    let zhejiang = world.app.association_id("330000").await;
    let outsider = world
        .app
        .staff_token(&zhejiang, "zj.admin", &["association_admin"])
        .await;

    let refused = dashboard(&world, &outsider, "").await;
    let backwards = dashboard(&world, &world.mediator, "?from=2026-12-01&to=2026-11-01").await;
    let too_long = dashboard(&world, &world.mediator, "?from=2020-01-01&to=2026-11-01").await;

    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert_eq!(
        backwards.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        backwards.body
    );
    assert_eq!(
        backwards.field_codes(),
        [("from".to_owned(), "out_of_range".to_owned())]
    );
    assert_eq!(
        too_long.field_codes(),
        [("from".to_owned(), "period_too_long".to_owned())]
    );
}
