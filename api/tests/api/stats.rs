//! `GET /public/stats`: counts, money recovered and handling times over the
//! published complaints only, with durations made known by the test clock.

use api::clock::Clock;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{World, date_in, filing, world};

/// A non-member business in Guangzhou, whose complaints are published when accepted.
pub async fn non_member(world: &World, name: &str) -> String {
    let created = world
        .app
        .post(
            "/api/v1/businesses",
            Some(&world.admin),
            json!({"name": name, "region_code": "440106"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    created.body["id"].as_str().unwrap().to_owned()
}

/// Files this complaint as the consumer; returns its id and number.
pub async fn file(world: &World, body: Value) -> (String, String) {
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

/// The month of the server's clock in China, `YYYY-MM`.
fn this_month(world: &World) -> String {
    world
        .app
        .clock
        .now()
        .with_timezone(&api::deadlines::calendar::china())
        .format("%Y-%m")
        .to_string()
}

/// Three complaints, hour by hour:
/// - settled (member, Shenzhen, goods.appliances): filed at 0h, accepted at
///   2h, offer made at 5h, accepted at 9h, performance confirmed (and
///   closed, published with consent) at 15h, 3299 yuan recovered;
/// - gym (non-member, Guangzhou, services.sales): filed at 15h, accepted and
///   published at 19h;
/// - private (member, no consent): filed at 19h and accepted, never published.
pub struct Seeded {
    pub world: World,
    pub settled: String,
    pub gym: String,
    pub private: String,
    /// The months (China time) in which settled and gym were filed.
    pub months: [String; 2],
}

pub async fn seeded() -> Seeded {
    let mut world = world().await;
    let settled_month = this_month(&world);
    let gym_business = non_member(&world, "广州某某健身有限公司").await;

    let (settled_id, settled) = file(&world, filing(&world.business_id)).await;
    world.hours_pass(2).await;
    world
        .step(&world.intake, &settled_id, json!({"action": "accept"}))
        .await;
    world.hours_pass(3).await;
    let offer = json!({"action": "make_offer", "terms": "全额退款 3299 元", "amount_fen": 329900, "perform_by": date_in(&world.app, 3)});
    world.step(&world.handler, &settled_id, offer).await;
    world.hours_pass(4).await;
    world
        .step(
            &world.consumer,
            &settled_id,
            json!({"action": "accept_offer"}),
        )
        .await;
    world.hours_pass(6).await;
    world
        .step(
            &world.consumer,
            &settled_id,
            json!({"action": "confirm_performance"}),
        )
        .await;

    let mut body = filing(&gym_business);
    body["region_code"] = json!("440106");
    body["category_code"] = json!("services.sales");
    body["description"] = json!("健身房突然关门，预付的会员费无法退款，商家联系不上。");
    let gym_month = this_month(&world);
    let (gym_id, gym) = file(&world, body).await;
    world.hours_pass(4).await;
    world
        .step(&world.intake, &gym_id, json!({"action": "accept"}))
        .await;

    let mut body = filing(&world.business_id);
    body["consent_to_publish"] = json!(false);
    let (private_id, private) = file(&world, body).await;
    world
        .step(&world.intake, &private_id, json!({"action": "accept"}))
        .await;

    Seeded {
        world,
        settled,
        gym,
        private,
        months: [settled_month, gym_month],
    }
}

async fn stats(world: &World, query: &str) -> Value {
    let reply = world
        .app
        .get(&format!("/api/v1/public/stats?{query}"), None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.body);
    reply.body
}

fn count(counts: &Value, value: &str) -> u64 {
    counts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["value"] == value)
        .map_or(0, |c| c["count"].as_u64().unwrap())
}

fn stage<'a>(stats: &'a Value, name: &str) -> &'a Value {
    stats["handling_times"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["stage"] == name)
        .unwrap()
}

#[tokio::test]
async fn only_published_complaints_are_counted_by_month_category_nature_province_and_outcome() {
    let s = seeded().await;

    let all = stats(&s.world, "").await;

    assert_eq!(all["total"], 2, "{all}");
    let [first, second] = &s.months;
    let months = if first == second {
        json!([{"value": first, "count": 2}])
    } else {
        json!([{"value": first, "count": 1}, {"value": second, "count": 1}])
    };
    assert_eq!(all["by_month"], months);
    assert_eq!(count(&all["by_category"], "goods"), 1);
    assert_eq!(count(&all["by_category"], "services"), 1);
    assert_eq!(count(&all["by_category_code"], "goods.appliances"), 1);
    assert_eq!(count(&all["by_category_code"], "services.sales"), 1);
    assert_eq!(all["by_nature"], json!([{"value": "quality", "count": 2}]));
    assert_eq!(all["by_province"], json!([{"value": "440000", "count": 2}]));
    assert_eq!(count(&all["by_outcome"], "resolved"), 1);
    assert_eq!(count(&all["by_outcome"], "open"), 1);
    assert_eq!(
        all["money_recovered"],
        json!({"amount_fen": 329900, "cases": 1})
    );
}

#[tokio::test]
async fn handling_times_are_mean_hours_over_the_cases_that_went_through_each_stage() {
    let s = seeded().await;

    let all = stats(&s.world, "").await;

    // Filing to acceptance: 2 h (settled) and 4 h (gym).
    assert_eq!(
        stage(&all, "filing_to_acceptance"),
        &json!({"stage": "filing_to_acceptance", "average_hours": 3.0, "cases": 2})
    );
    // Accepted at 2 h, offer accepted at 9 h.
    assert_eq!(
        stage(&all, "acceptance_to_agreement"),
        &json!({"stage": "acceptance_to_agreement", "average_hours": 7.0, "cases": 1})
    );
    // Offer accepted at 9 h, performance confirmed at 15 h.
    assert_eq!(
        stage(&all, "agreement_to_performance"),
        &json!({"stage": "agreement_to_performance", "average_hours": 6.0, "cases": 1})
    );
    // Accepted at 2 h, closed at 15 h.
    assert_eq!(
        stage(&all, "acceptance_to_closing"),
        &json!({"stage": "acceptance_to_closing", "average_hours": 13.0, "cases": 1})
    );
}

#[tokio::test]
async fn filters_narrow_by_region_at_any_level_category_and_filing_period() {
    let s = seeded().await;

    assert_eq!(stats(&s.world, "region_code=440000").await["total"], 2);
    let shenzhen = stats(&s.world, "region_code=440300").await;
    assert_eq!(shenzhen["total"], 1);
    assert_eq!(shenzhen["money_recovered"]["cases"], 1);
    assert_eq!(stats(&s.world, "region_code=440106").await["total"], 1);
    assert_eq!(stats(&s.world, "region_code=110000").await["total"], 0);
    let services = stats(&s.world, "category_code=services").await;
    assert_eq!(services["total"], 1);
    assert_eq!(
        stage(&services, "filing_to_acceptance")["average_hours"],
        4.0
    );
    assert_eq!(stage(&services, "acceptance_to_closing")["cases"], 0);
    assert!(stage(&services, "acceptance_to_closing")["average_hours"].is_null());
    let old = stats(&s.world, "from=2001-01-01&to=2003-12-31").await;
    assert_eq!(old["total"], 0);
    assert_eq!(old["from"], "2001-01-01");
    assert_eq!(old["to"], "2003-12-31");
}

#[tokio::test]
async fn bad_parameters_are_named_in_a_problem() {
    let s = seeded().await;

    for (query, field, code) in [
        ("from=2026-02-01&to=2026-01-01", "from", "out_of_range"),
        ("from=2020-01-01&to=2026-01-01", "from", "period_too_long"),
        ("from=yesterday", "from", "invalid_format"),
        ("region_code=44", "region_code", "invalid_format"),
        (
            "category_code=goods.nothing",
            "category_code",
            "unknown_category",
        ),
        ("region_code=4403%0000", "region_code", "nul_character"),
    ] {
        let reply = s
            .world
            .app
            .get(&format!("/api/v1/public/stats?{query}"), None)
            .await;

        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(
            reply.header("content-type"),
            Some("application/problem+json"),
            "{query}"
        );
        assert_eq!(
            reply.field_codes(),
            vec![(field.to_owned(), code.to_owned())],
            "{query}"
        );
    }
}
