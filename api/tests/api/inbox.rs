//! The business's inbox: each filter (state, category, due within N days,
//! overdue, outlet), their combinations and the counts under them, for a
//! signed-in user of the business and for its API key; bad values are a 422
//! naming the parameter.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{World, filing, world};
use crate::outlets::{other_business, register_outlet};

/// The cases of the inbox, filed in this order:
/// - `nanshan_old`: at the Nanshan outlet, accepted a month ago and overdue;
/// - `futian`: at the Futian outlet, a service, withdrawn (closed);
/// - `waiting`: not accepted yet, overdue for the association;
/// - `nanshan_new`: at the Nanshan outlet, accepted today.
struct Inbox {
    world: World,
    key: String,
    nanshan: String,
    futian: String,
    nanshan_old: String,
    futian_case: String,
    waiting: String,
    nanshan_new: String,
}

async fn inbox() -> Inbox {
    let mut world = world().await;
    let nanshan = register_outlet(&world, "南山店", "440305").await;
    let futian = register_outlet(&world, "福田店", "440304").await;
    let nanshan_old = file(&world, Some(&nanshan), "goods.appliances").await;
    let futian_case = file(&world, Some(&futian), "services.living").await;
    let waiting = file(&world, None, "goods.appliances").await;
    for id in [&nanshan_old, &futian_case] {
        world
            .step(&world.intake, id, json!({"action": "accept"}))
            .await;
    }
    world
        .step(&world.consumer, &futian_case, json!({"action": "withdraw"}))
        .await;

    // A month passes with no sweep, so that the passed deadlines still run.
    world.app.clock.advance(chrono::Duration::days(30));
    world.admin = world.app.admin_token().await;
    world.intake = world.app.access_token("gd.intake", "staff-pass-1").await;
    world.handler = world.app.access_token("sz.service", "service-2024").await;
    world.consumer = world.app.access_token("13800138000", "wang2024!").await;
    let nanshan_new = file(&world, Some(&nanshan), "goods.appliances").await;
    world
        .step(&world.intake, &nanshan_new, json!({"action": "accept"}))
        .await;
    let key = world
        .app
        .post(
            &format!("/api/v1/businesses/{}/api-keys", world.business_id),
            Some(&world.handler),
            json!({"name": "客服系统", "scopes": ["read_cases"]}),
        )
        .await
        .body["secret"]
        .as_str()
        .unwrap()
        .to_owned();

    Inbox {
        world,
        key,
        nanshan,
        futian,
        nanshan_old,
        futian_case,
        waiting,
        nanshan_new,
    }
}

async fn file(world: &World, outlet: Option<&str>, category: &str) -> String {
    let mut body = filing(&world.business_id);
    body["outlet_id"] = json!(outlet);
    body["category_code"] = json!(category);
    let filed = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), body)
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    filed.body["id"].as_str().unwrap().to_owned()
}

impl Inbox {
    /// The ids listed under these filters, newest first.
    async fn listed(&self, token: &str, query: &str) -> Vec<String> {
        let reply = self
            .world
            .app
            .get(&format!("/api/v1/complaints?{query}"), Some(token))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.body);
        ids(&reply.body["items"])
    }

    /// The counts by state under these filters, sorted by state.
    async fn counts(&self, token: &str, query: &str) -> Vec<(String, u64)> {
        let reply = self
            .world
            .app
            .get(&format!("/api/v1/complaints/counts?{query}"), Some(token))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.body);
        let mut counts: Vec<(String, u64)> = reply
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["state"].as_str().unwrap().to_owned(),
                    c["count"].as_u64().unwrap(),
                )
            })
            .collect();
        counts.sort();
        counts
    }
}

fn ids(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

fn counted(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
    pairs.iter().map(|(s, n)| ((*s).to_owned(), *n)).collect()
}

#[tokio::test]
async fn each_filter_narrows_the_business_inbox_for_its_users_and_keys() {
    let inbox = inbox().await;
    let (old, futian, new) = (&inbox.nanshan_old, &inbox.futian_case, &inbox.nanshan_new);

    for token in [&inbox.world.handler, &inbox.key] {
        let cases = [
            expect("", &[new, futian, old]),
            expect("state=reconciling", &[new, old]),
            expect("state=closed", &[futian]),
            expect("state=submitted", &[]),
            expect("category_code=services", &[futian]),
            expect("category_code=goods.appliances", &[new, old]),
            expect("due_within_days=1", &[old]),
            expect("due_within_days=60", &[new, old]),
            expect("overdue=true", &[old]),
            expect("overdue=false", &[new, futian]),
            expect(&format!("outlet_id={}", inbox.nanshan), &[new, old]),
            expect(&format!("outlet_id={}", inbox.futian), &[futian]),
        ];
        for (query, wanted) in cases {
            let listed = inbox.listed(token, &query).await;
            assert_eq!(listed, wanted, "{query}");
        }
    }
}

/// A query and the cases it should list, newest first.
fn expect(query: &str, wanted: &[&String]) -> (String, Vec<String>) {
    (
        query.to_owned(),
        wanted.iter().map(|s| (*s).clone()).collect(),
    )
}

#[tokio::test]
async fn filters_combine_and_page() {
    let inbox = inbox().await;
    let (old, futian, new) = (&inbox.nanshan_old, &inbox.futian_case, &inbox.nanshan_new);
    let token = &inbox.world.handler;
    let nanshan = &inbox.nanshan;

    let combined = [
        ("state=reconciling&overdue=false".to_owned(), vec![new]),
        (
            format!("outlet_id={nanshan}&overdue=true&category_code=goods"),
            vec![old],
        ),
        (format!("outlet_id={nanshan}&state=closed"), vec![]),
        (
            format!("outlet_id={}&category_code=goods", inbox.futian),
            vec![],
        ),
        ("due_within_days=60&overdue=false".to_owned(), vec![new]),
        (
            "category_code=services&state=closed&overdue=false".to_owned(),
            vec![futian],
        ),
    ];
    for (query, wanted) in combined {
        let listed = inbox.listed(token, &query).await;
        assert_eq!(
            listed,
            wanted.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            "{query}"
        );
    }

    let first = inbox
        .world
        .app
        .get(
            &format!("/api/v1/complaints?outlet_id={nanshan}&limit=1"),
            Some(token),
        )
        .await
        .body;
    assert_eq!(ids(&first["items"]), [new.as_str()]);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = inbox
        .listed(
            token,
            &format!("outlet_id={nanshan}&limit=1&cursor={cursor}"),
        )
        .await;
    assert_eq!(second, [old.as_str()]);
}

#[tokio::test]
async fn counts_honour_the_same_filters() {
    let inbox = inbox().await;

    for token in [&inbox.world.handler, &inbox.key] {
        assert_eq!(
            inbox.counts(token, "").await,
            counted(&[("closed", 1), ("reconciling", 2)])
        );
        assert_eq!(
            inbox.counts(token, "overdue=true").await,
            counted(&[("reconciling", 1)])
        );
        assert_eq!(
            inbox
                .counts(token, &format!("outlet_id={}", inbox.futian))
                .await,
            counted(&[("closed", 1)])
        );
        assert_eq!(
            inbox
                .counts(token, "category_code=goods&due_within_days=60")
                .await,
            counted(&[("reconciling", 2)])
        );
        assert!(inbox.counts(token, "state=mediating").await.is_empty());
    }
}

#[tokio::test]
async fn the_association_filters_its_inbox_alike() {
    let inbox = inbox().await;
    let intake = &inbox.world.intake;

    let overdue = inbox.listed(intake, "overdue=true").await;
    let at_nanshan = inbox
        .listed(intake, &format!("outlet_id={}", inbox.nanshan))
        .await;
    let counts = inbox.counts(intake, "overdue=true").await;

    assert_eq!(
        overdue,
        [inbox.waiting.clone(), inbox.nanshan_old.clone()],
        "the acceptance deadline passed too"
    );
    assert_eq!(
        at_nanshan,
        [inbox.nanshan_new.clone(), inbox.nanshan_old.clone()]
    );
    assert_eq!(counts, counted(&[("reconciling", 1), ("submitted", 1)]));
}

#[tokio::test]
async fn a_bad_filter_is_a_422_naming_the_parameter() {
    let inbox = inbox().await;
    let (_, _, elsewhere) = other_business(&inbox.world).await;
    let foreign = format!("outlet_id={elsewhere}");
    let bad = [
        ("state=bogus", vec![("state", "invalid_format")]),
        ("overdue=maybe", vec![("overdue", "invalid_format")]),
        (
            "due_within_days=-1",
            vec![("due_within_days", "invalid_format")],
        ),
        (
            "due_within_days=400",
            vec![("due_within_days", "out_of_range")],
        ),
        ("outlet_id=nonsense", vec![("outlet_id", "invalid_format")]),
        (foreign.as_str(), vec![("outlet_id", "unknown_outlet")]),
        (
            "category_code=nothing.such",
            vec![("category_code", "unknown_category")],
        ),
        (
            "category_code=goods%00",
            vec![("category_code", "nul_character")],
        ),
        (
            "category_code=nothing&due_within_days=400",
            vec![
                ("category_code", "unknown_category"),
                ("due_within_days", "out_of_range"),
            ],
        ),
    ];

    for path in [
        "/api/v1/complaints",
        "/api/v1/complaints/counts",
        "/api/v1/complaints/export.csv",
    ] {
        for token in [&inbox.world.handler, &inbox.key] {
            for (query, wanted) in &bad {
                let reply = inbox
                    .world
                    .app
                    .get(&format!("{path}?{query}"), Some(token))
                    .await;
                let wanted: Vec<(String, String)> = wanted
                    .iter()
                    .map(|(f, c)| ((*f).to_owned(), (*c).to_owned()))
                    .collect();
                assert_eq!(
                    reply.status,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "{path}?{query}"
                );
                assert_eq!(
                    reply.field_codes(),
                    wanted,
                    "{path}?{query}: {}",
                    reply.body
                );
            }
        }
    }
    let staff_may_name_any_outlet = inbox
        .listed(&inbox.world.intake, &format!("outlet_id={elsewhere}"))
        .await;
    assert!(staff_may_name_any_outlet.is_empty());
}
