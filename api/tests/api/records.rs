//! Public business records and the rankings by the complaint-handling index,
//! checked against rates and indexes computed by hand from known histories.

use api::businesses::handling::{self, Period, Scope};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, DbBackend, QueryTrait, Statement, TransactionTrait};
use serde_json::{Value, json};

use crate::cases::{World, date_in, filing, world, world_with};
use crate::helpers::spawn_app_with;

/// A world whose businesses get an index from `min_cases` accepted complaints.
async fn world_needing(min_cases: u64) -> World {
    world_with(
        spawn_app_with(|s| s.index_min_cases = min_cases).await,
        true,
    )
    .await
}

fn record_path(business: &str) -> String {
    format!("/api/v1/public/businesses/{business}")
}

/// A rate as the wire shows it.
fn rate(count: u64, of: u64, value: f64) -> Value {
    json!({"count": count, "of": of, "value": value})
}

/// Files a complaint naming a business without its credit code, which makes
/// (or finds) an uncoded record that is not a member; returns the
/// complaint's id and the business's.
async fn file_against(world: &World, name: &str, region: &str, category: &str) -> (String, String) {
    let mut body = filing(&world.business_id);
    body["business"] = json!({"name": name, "region_code": region});
    body["category_code"] = json!(category);
    let filed = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), body)
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let id = filed.body["id"].as_str().unwrap().to_owned();
    let business = world.complaint(&world.consumer, &id).await.body["business"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (id, business)
}

#[tokio::test]
async fn a_public_record_shows_the_handling_rates_and_the_index_computed_by_hand() {
    let mut world = world_needing(3).await;
    let settled = world.file().await;
    let ignored = world.file().await;
    let mediated = world.file().await;
    world.file().await;
    for id in [&settled, &ignored, &mediated] {
        world
            .step(&world.intake, id, json!({"action": "accept"}))
            .await;
    }
    let offer =
        json!({"action": "make_offer", "terms": "退货退款", "perform_by": date_in(&world.app, 3)});
    world.step(&world.handler, &settled, offer.clone()).await;
    world
        .step(&world.consumer, &settled, json!({"action": "accept_offer"}))
        .await;
    world
        .step(
            &world.consumer,
            &settled,
            json!({"action": "confirm_performance"}),
        )
        .await;
    world
        .step(
            &world.consumer,
            &settled,
            json!({"action": "rate", "score": 5}),
        )
        .await;
    world.step(&world.handler, &mediated, offer).await;
    world
        .step(
            &world.consumer,
            &mediated,
            json!({"action": "decline_offer", "reason": "只愿意维修", "escalate": true}),
        )
        .await;
    world
        .step(&world.mediator, &mediated, json!({"action": "record_agreement", "terms": "更换新机", "perform_by": date_in(&world.app, 5), "consumer_agreed": true, "business_agreed": true}))
        .await;
    // The ignored case misses reconciliation and goes to mediation; the
    // mediated agreement's date passes without performance.
    world.days_pass(40).await;
    world
        .step(
            &world.mediator,
            &ignored,
            json!({"action": "end_mediation", "reason": "business_refused"}),
        )
        .await;
    world
        .step(
            &world.consumer,
            &mediated,
            json!({"action": "rate", "score": 2}),
        )
        .await;

    let reply = world.app.get(&record_path(&world.business_id), None).await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let body = &reply.body;
    assert_eq!(body["name"], "深圳某某电器有限公司");
    assert_eq!(body["member"], true);
    assert!(body["member_since"].is_string());
    // Three complaints accepted; the fourth was only filed.
    // In time: settled and mediated left reconciliation in time, ignored missed: 2 of 3.
    // Reconciled: settled alone, of the three that left reconciliation.
    // Mediations ended: ignored (refused) and mediated (agreement): cooperation 1 of 2, success 1 of 2.
    // Agreements decided: settled performed, mediated not performed: 1 of 2.
    // Ratings 5 and 2: 3.5, which counts as (3.5 - 1) / 4 = 0.625.
    // Index: (25·2/3 + 20·1/3 + 15·0.5 + 10·0.5 + 20·0.5 + 10·0.625) / 100
    //      = 16.667 + 6.667 + 7.5 + 5 + 10 + 6.25 = 52.08, shown as 52.1.
    for period in ["all_time", "last_12_months"] {
        let record = &body[period];
        assert_eq!(record["received"], 3, "{period}: {record}");
        let rates = &record["rates"];
        assert_eq!(rates["answered_in_time"], rate(2, 3, 0.6667), "{period}");
        assert_eq!(rates["reconciliation_success"], rate(1, 3, 0.3333));
        assert_eq!(rates["mediation_cooperation"], rate(1, 2, 0.5));
        assert_eq!(rates["mediation_success"], rate(1, 2, 0.5));
        assert_eq!(rates["agreements_performed"], rate(1, 2, 0.5));
        assert_eq!(rates["satisfaction"], json!({"ratings": 2, "average": 3.5}));
        assert_eq!(record["index"], 52.1, "{period}");
        assert!(record["index_withheld"].is_null());
        assert_eq!(record["index_min_cases"], 3);
    }
    assert!(body["all_time"]["from"].is_null());
    assert!(body["last_12_months"]["from"].is_string());
    let text = body.to_string();
    // The redacted description of a published complaint is public; the
    // consumer's phone, the order number and the decline reason are not.
    for private in ["13800138000", "SO-20241120-0042", "只愿意维修"] {
        assert!(!text.contains(private), "{private} leaked: {text}");
    }

    world.days_pass(400).await;
    let a_year_on = world
        .app
        .get(&record_path(&world.business_id), None)
        .await
        .body;
    assert_eq!(a_year_on["all_time"]["index"], 52.1);
    assert_eq!(a_year_on["last_12_months"]["received"], 0);
    assert!(a_year_on["last_12_months"]["index"].is_null());
    assert_eq!(
        a_year_on["last_12_months"]["index_withheld"],
        "too_few_cases"
    );
    assert!(a_year_on["last_12_months"]["rates"]["answered_in_time"]["value"].is_null());
}

#[tokio::test]
async fn below_the_minimum_case_count_the_index_is_withheld_with_the_count() {
    let world = world().await;
    let id = world.file().await;
    let path = record_path(&world.business_id);
    let before = world.app.get(&path, None).await.body;

    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    let after = world.app.get(&path, None).await.body;

    assert_eq!(before["all_time"]["received"], 0);
    let record = &after["all_time"];
    assert_eq!(record["received"], 1, "{after}");
    assert!(record["index"].is_null());
    assert_eq!(record["index_withheld"], "too_few_cases");
    assert_eq!(record["index_min_cases"], 10);
}

#[tokio::test]
async fn the_record_lists_open_outlets_and_the_published_contacts() {
    let world = world().await;
    let outlets = format!("/api/v1/businesses/{}/outlets", world.business_id);
    for name in ["福田店", "南山店"] {
        let made = world
            .app
            .post(
                &outlets,
                Some(&world.handler),
                json!({"name": name, "region_code": "440305"}),
            )
            .await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    }
    let contacts = world
        .app
        .put(
            &format!("/api/v1/businesses/{}/contacts", world.business_id),
            Some(&world.handler),
            json!({"phone": "400-800-1234"}),
        )
        .await;
    assert_eq!(contacts.status, StatusCode::OK, "{}", contacts.body);

    let body = world
        .app
        .get(&record_path(&world.business_id), None)
        .await
        .body;

    assert_eq!(body["outlet_count"], 2);
    let names: Vec<&str> = body["outlets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2);
    assert!(
        names.contains(&"福田店") && names.contains(&"南山店"),
        "{names:?}"
    );
    assert_eq!(body["service_contacts"]["phone"], "400-800-1234");
}

#[tokio::test]
async fn a_merged_record_redirects_to_the_one_it_was_merged_into_and_an_unknown_one_is_404() {
    let world = world().await;
    let (_, uncoded) = file_against(&world, "某某电器南山店", "440305", "goods.appliances").await;
    let merged = world
        .app
        .post(
            &format!("/api/v1/businesses/{}/merges", world.business_id),
            Some(&world.intake),
            json!({"from": uncoded}),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.body);

    let old = world.app.get(&record_path(&uncoded), None).await;
    let unknown = world
        .app
        .get(&record_path("0190a0a0-0000-7000-8000-000000000000"), None)
        .await;

    assert_eq!(old.status, StatusCode::PERMANENT_REDIRECT, "{}", old.body);
    assert_eq!(
        old.header("location"),
        Some(record_path(&world.business_id).as_str())
    );
    assert_eq!(old.body["merged_into"], world.business_id.as_str());
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.code(), "not_found");
    assert_eq!(
        unknown.header("content-type"),
        Some("application/problem+json")
    );
}

/// Four businesses with known histories, two complaints making an index:
///
/// - the member in Shenzhen (440305): two cases settled by offers, performed
///   and rated 5: every rate is 1, index 100.0;
/// - a shop in Guangzhou (440104), not a member: two goods cases whose
///   mediation ended, one refused; one services case agreed and performed.
///   Cooperation 2/3, success 1/3, performed 1/1:
///   (15·2/3 + 10·1/3 + 20·1) / 45 = 33.33 / 45 = 74.1.
///   Over goods only: cooperation 1/2, success 0/2: (7.5 + 0) / 25 = 30.0;
/// - a trader in Beijing (110105), not a member: three services cases, two
///   agreed and performed, one without agreement. Cooperation 3/3, success
///   2/3, performed 2/2: (15 + 6.667 + 20) / 45 = 92.6;
/// - a shop in Shenzhen (440305) with one case: too few to rank.
struct Rankings {
    world: World,
    member: String,
    guangzhou: String,
    beijing: String,
}

async fn rankings_world() -> Rankings {
    let world = world_needing(2).await;
    let beijing_association = world.app.association_id("110000").await;
    let bj_intake = world
        .app
        .staff_token(&beijing_association, "bj.intake", &["intake_officer"])
        .await;
    let bj_mediator = world
        .app
        .staff_token(&beijing_association, "bj.mediator", &["mediator"])
        .await;

    for _ in 0..2 {
        let id = world.file().await;
        world
            .step(&world.intake, &id, json!({"action": "accept"}))
            .await;
        world
            .step(&world.handler, &id, json!({"action": "make_offer", "terms": "退款", "perform_by": date_in(&world.app, 3)}))
            .await;
        world
            .step(&world.consumer, &id, json!({"action": "accept_offer"}))
            .await;
        world
            .step(
                &world.consumer,
                &id,
                json!({"action": "confirm_performance"}),
            )
            .await;
        world
            .step(&world.consumer, &id, json!({"action": "rate", "score": 5}))
            .await;
    }

    let mut guangzhou = String::new();
    for (category, end) in [
        ("goods.appliances", Some("business_refused")),
        ("goods.appliances", Some("no_agreement")),
        ("services.living", None),
    ] {
        let (id, business) = file_against(&world, "广州某某商店", "440104", category).await;
        guangzhou = business;
        world
            .step(&world.intake, &id, json!({"action": "accept"}))
            .await;
        mediate(&world, &world.mediator, &id, end).await;
    }

    let mut beijing = String::new();
    for end in [None, None, Some("no_agreement")] {
        let (id, business) =
            file_against(&world, "北京某某商贸公司", "110105", "services.living").await;
        beijing = business;
        world
            .step(&bj_intake, &id, json!({"action": "accept"}))
            .await;
        mediate(&world, &bj_mediator, &id, end).await;
    }

    let (lonely, _) = file_against(&world, "深圳某某小店", "440305", "goods.appliances").await;
    world
        .step(&world.intake, &lonely, json!({"action": "accept"}))
        .await;

    let member = world.business_id.clone();
    Rankings {
        world,
        member,
        guangzhou,
        beijing,
    }
}

/// Ends mediation with `end`, or records an agreement that is then performed.
async fn mediate(world: &World, mediator: &str, id: &str, end: Option<&str>) {
    if let Some(reason) = end {
        world
            .step(
                mediator,
                id,
                json!({"action": "end_mediation", "reason": reason}),
            )
            .await;
        return;
    }
    world
        .step(mediator, id, json!({"action": "record_agreement", "terms": "退款", "perform_by": date_in(&world.app, 5), "consumer_agreed": true, "business_agreed": true}))
        .await;
    world
        .step(
            &world.consumer,
            id,
            json!({"action": "confirm_performance"}),
        )
        .await;
}

impl Rankings {
    async fn get(&self, query: &str) -> Value {
        let reply = self
            .world
            .app
            .get(&format!("/api/v1/public/rankings{query}"), None)
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.body);
        reply.body
    }

    /// (rank, business, index) of each row.
    async fn rows(&self, query: &str) -> Vec<(u64, String, f64)> {
        self.get(query).await["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                (
                    row["rank"].as_u64().unwrap(),
                    row["business_id"].as_str().unwrap().to_owned(),
                    row["index"].as_f64().unwrap(),
                )
            })
            .collect()
    }
}

#[tokio::test]
async fn rankings_order_filter_and_page_businesses_by_their_index() {
    let r = rankings_world().await;
    let (member, guangzhou, beijing) = (r.member.clone(), r.guangzhou.clone(), r.beijing.clone());
    let row = |rank: u64, id: &str, index: f64| (rank, id.to_owned(), index);

    assert_eq!(
        r.rows("").await,
        vec![
            row(1, &member, 100.0),
            row(2, &beijing, 92.6),
            row(3, &guangzhou, 74.1)
        ]
    );
    assert_eq!(
        r.rows("?order=worst").await,
        vec![
            row(1, &guangzhou, 74.1),
            row(2, &beijing, 92.6),
            row(3, &member, 100.0)
        ]
    );
    assert_eq!(
        r.rows("?industry=goods").await,
        vec![row(1, &member, 100.0), row(2, &guangzhou, 30.0)]
    );
    assert_eq!(
        r.rows("?industry=services").await,
        vec![row(1, &beijing, 92.6)]
    );
    assert_eq!(
        r.rows("?region=440000").await,
        vec![row(1, &member, 100.0), row(2, &guangzhou, 74.1)]
    );
    assert_eq!(r.rows("?region=440300").await, vec![row(1, &member, 100.0)]);
    assert_eq!(
        r.rows("?region=440104").await,
        vec![row(1, &guangzhou, 74.1)]
    );
    assert_eq!(r.rows("?region=110000").await, vec![row(1, &beijing, 92.6)]);
    assert!(
        r.rows("?period_from=2020-01-01&period_to=2020-12-31")
            .await
            .is_empty()
    );

    let first = r.get("?limit=2").await;
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = r.rows(&format!("?limit=2&cursor={cursor}")).await;
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    assert_eq!(second, vec![row(3, &guangzhou, 74.1)]);
    assert_eq!(first["index_min_cases"], 2);
    let top = &first["items"][0];
    assert_eq!(top["name"], "深圳某某电器有限公司");
    assert_eq!(top["region_code"], "440305");
    assert_eq!(top["received"], 2);
    assert_eq!(top["rates"]["satisfaction"]["average"], 5.0);
    let text = first.to_string();
    assert!(
        !text.contains("13800138000") && !text.contains("冰箱"),
        "{text}"
    );
}

#[tokio::test]
async fn bad_ranking_parameters_are_named_in_the_problem() {
    let world = world().await;
    let cases = [
        (
            "period_from=2026-12-31&period_to=2026-01-01",
            "period_from",
            "out_of_range",
        ),
        (
            "period_from=2020-01-01&period_to=2024-01-01",
            "period_from",
            "out_of_range",
        ),
        ("period_to=yesterday", "period_to", "invalid_format"),
        ("order=sideways", "order", "invalid_format"),
        ("industry=toys", "industry", "unknown_category"),
        ("region=999999", "region", "unknown_region"),
        ("region=44", "region", "unknown_region"),
        ("limit=0", "limit", "out_of_range"),
        ("limit=201", "limit", "out_of_range"),
        ("cursor=not-ours", "cursor", "invalid_format"),
    ];

    for (query, field, code) in cases {
        let reply = world
            .app
            .get(&format!("/api/v1/public/rankings?{query}"), None)
            .await;

        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {}",
            reply.body
        );
        assert_eq!(reply.code(), "validation_failed", "{query}");
        assert_eq!(
            reply.field_codes(),
            vec![(field.to_owned(), code.to_owned())],
            "{query}"
        );
    }
    let both = world
        .app
        .get("/api/v1/public/rankings?industry=toys&region=999999", None)
        .await;
    assert_eq!(both.field_codes().len(), 2, "{}", both.body);
}

/// The plan of the tally query on this test's database. PostgreSQL would
/// scan tables this small whole, so it is told to use an index wherever one
/// can serve: a whole-table scan left in the plan means none can.
async fn plan(app: &crate::helpers::TestApp, scope: &Scope) -> String {
    let db = &app.state.db;
    let backend = db.get_database_backend();
    let period = Period::year_to(chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap());
    let statement = handling::query(scope, period).build(backend);
    let explain = match backend {
        DbBackend::Postgres => "EXPLAIN",
        _ => "EXPLAIN QUERY PLAN",
    };
    let statement = Statement::from_sql_and_values(
        backend,
        format!("{explain} {}", statement.sql),
        statement.values.map(|v| v.0).unwrap_or_default(),
    );

    let txn = db.begin().await.unwrap();
    if backend == DbBackend::Postgres {
        txn.execute_unprepared("SET LOCAL enable_seqscan = off")
            .await
            .unwrap();
    }
    let rows = txn.query_all_raw(statement).await.unwrap();
    txn.rollback().await.unwrap();
    let column = match backend {
        DbBackend::Postgres => "QUERY PLAN",
        _ => "detail",
    };
    rows.iter()
        .map(|row| row.try_get::<String>("", column).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn the_tally_reads_complaints_deadlines_and_timelines_through_indexes() {
    let app = crate::helpers::spawn_app().await;
    let one = Scope {
        business: Some(uuid::Uuid::now_v7()),
        ..Scope::default()
    };
    let ranking = Scope {
        min_cases: 10,
        ..Scope::default()
    };
    let regional = Scope {
        region_prefix: Some("44".to_owned()),
        ..ranking.clone()
    };

    let record = plan(&app, &one).await;
    let rankings = plan(&app, &ranking).await;
    let in_region = plan(&app, &regional).await;

    if app.on_postgres() {
        // Which index the planner picks on empty tables says little; that
        // it never has to scan a whole table says that indexes serve every part.
        for plan in [&record, &rankings, &in_region] {
            assert!(!plan.contains("Seq Scan"), "{plan}");
        }
        return;
    }
    assert!(
        record.contains("idx_complaints_business_accepted"),
        "{record}"
    );
    assert!(rankings.contains("idx_complaints_accepted"), "{rankings}");
    assert!(in_region.contains("idx_businesses_region"), "{in_region}");
    for plan in [&record, &rankings, &in_region] {
        assert!(plan.contains("idx_timeline_complaint_kind"), "{plan}");
        assert!(plan.contains("idx_deadlines_complaint"), "{plan}");
        assert!(!plan.contains("SCAN "), "{plan}");
    }
}
