//! Case publicity (个案公示): listing a business, lifting the listing, who
//! may, what is checked, and what the public reads.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{World, date_in, world, world_with};
use crate::helpers::{Reply, spawn_app};

/// A world whose business is no member: an accepted complaint goes straight
/// to mediation.
async fn mediation_world() -> World {
    world_with(spawn_app().await, false).await
}

/// Files a complaint and has intake accept it; returns its id.
async fn accepted_case(world: &World) -> String {
    let id = world.file().await;
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    id
}

async fn list(world: &World, token: &str, ground: &str, cases: &[&str]) -> Reply {
    world
        .app
        .post(
            &format!("/api/v1/businesses/{}/case-publicity", world.business_id),
            Some(token),
            json!({"ground": ground, "statement": "该经营者经本会两次书面通知，拒不参加调解。", "complaint_ids": cases}),
        )
        .await
}

/// A mediator lists the business for refusing mediation in one case, with
/// this statement.
async fn list_stating(world: &World, statement: &str, case: &str) -> Reply {
    world
        .app
        .post(
            &format!("/api/v1/businesses/{}/case-publicity", world.business_id),
            Some(&world.mediator),
            json!({"ground": "refused_mediation", "statement": statement, "complaint_ids": [case]}),
        )
        .await
}

async fn listed(world: &World, ground: &str, cases: &[&str]) -> Value {
    let reply = list(world, &world.mediator, ground, cases).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    reply.body
}

async fn lift(world: &World, token: &str, listing: &Value) -> Reply {
    world
        .app
        .post(
            &format!(
                "/api/v1/case-publicity/{}/lifting",
                listing["id"].as_str().unwrap()
            ),
            Some(token),
            json!({"statement": "该经营者已参加调解并赔偿消费者，完成整改。"}),
        )
        .await
}

async fn number_of(world: &World, id: &str) -> String {
    let complaint = world.complaint(&world.intake, id).await.body;
    complaint["number"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_listing_is_public_and_stays_so_with_its_history_after_lifting() {
    let world = mediation_world().await;
    let id = accepted_case(&world).await;
    let number = number_of(&world, &id).await;

    let listing = listed(&world, "refused_mediation", &[&id]).await;
    let lifted = lift(&world, &world.mediator, &listing).await;
    let again = lift(&world, &world.mediator, &listing).await;

    assert_eq!(listing["status"], "active");
    assert_eq!(listing["ground"], "refused_mediation");
    assert_eq!(listing["complaint_numbers"], json!([number]));
    assert_eq!(listing["business_name"], "深圳某某电器有限公司");
    assert_eq!(listing["association_id"], world.association.as_str());
    assert!(listing["lifted_at"].is_null());
    assert_eq!(lifted.status, StatusCode::OK, "{}", lifted.body);
    assert_eq!(lifted.body["status"], "lifted");
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.code(), "conflict");
    let public = world
        .app
        .get(
            &format!(
                "/api/v1/public/businesses/{}/case-publicity",
                world.business_id
            ),
            None,
        )
        .await;
    assert_eq!(public.status, StatusCode::OK);
    let history = &public.body["items"][0];
    assert_eq!(public.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(history["statement"], listing["statement"]);
    assert_eq!(history["listed_at"], listing["listed_at"]);
    assert_eq!(history["lifted_at"], lifted.body["lifted_at"]);
    assert_eq!(
        history["lifting_statement"],
        "该经营者已参加调解并赔偿消费者，完成整改。"
    );
}

#[tokio::test]
async fn listing_and_lifting_are_on_the_case_timeline_and_the_business_is_told() {
    let world = mediation_world().await;
    let id = accepted_case(&world).await;

    let listing = listed(&world, "refused_mediation", &[&id]).await;
    lift(&world, &world.mediator, &listing).await;

    let kinds = world.timeline_kinds(&world.consumer, &id).await;
    assert_eq!(
        kinds[kinds.len() - 2..],
        ["case_publicity_listed", "case_publicity_lifted"]
    );
    assert_eq!(world.record(&id).await["chain_intact"], true);
    let inbox = world
        .app
        .get("/api/v1/notifications", Some(&world.handler))
        .await
        .body;
    let told = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "case_publicity")
        .count();
    assert_eq!(told, 2, "{inbox}");
}

#[tokio::test]
async fn a_case_closed_after_the_business_refused_mediation_can_be_listed() {
    let world = mediation_world().await;
    let id = accepted_case(&world).await;
    world
        .step(&world.mediator, &id, json!({"action": "end_mediation", "reason": "business_refused", "note": "经营者拒绝参加调解"}))
        .await;

    let reply = list(&world, &world.mediator, "refused_mediation", &[&id]).await;

    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
}

#[tokio::test]
async fn an_agreement_not_performed_is_listed_only_for_cases_closed_not_performed() {
    let mut world = world().await;
    let unperformed = accepted_case(&world).await;
    let perform_by = date_in(&world.app, 5);
    world
        .step(&world.handler, &unperformed, json!({"action": "make_offer", "terms": "全额退款 3299 元", "amount_fen": 329900, "perform_by": perform_by}))
        .await;
    world
        .step(
            &world.consumer,
            &unperformed,
            json!({"action": "accept_offer"}),
        )
        .await;
    world.days_pass(7).await;
    let reconciling = accepted_case(&world).await;

    let wrong_state = list(
        &world,
        &world.mediator,
        "agreement_not_performed",
        &[&reconciling],
    )
    .await;
    let wrong_ground = list(
        &world,
        &world.mediator,
        "refused_mediation",
        &[&unperformed],
    )
    .await;
    let right = list(
        &world,
        &world.mediator,
        "agreement_not_performed",
        &[&unperformed],
    )
    .await;

    assert_eq!(wrong_state.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        wrong_state.field_codes(),
        [("complaint_ids[0]".to_owned(), "invalid_state".to_owned())]
    );
    assert!(
        wrong_state.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("reconciling"),
        "{}",
        wrong_state.body
    );
    assert_eq!(
        wrong_ground.field_codes(),
        [("complaint_ids[0]".to_owned(), "invalid_state".to_owned())]
    );
    assert_eq!(right.status, StatusCode::CREATED, "{}", right.body);
    assert_eq!(right.body["ground"], "agreement_not_performed");
}

#[tokio::test]
async fn each_wrong_case_is_named_with_its_reason() {
    let world = mediation_world().await;
    let good = accepted_case(&world).await;
    let other_business = other_business_case(&world).await;
    let transferred = transferred_case(&world).await;
    let unknown = uuid::Uuid::now_v7().to_string();

    let reply = list(
        &world,
        &world.mediator,
        "refused_mediation",
        &[&good, &other_business, &transferred, &unknown, &good],
    )
    .await;

    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.code(), "validation_failed");
    let expected: Vec<(String, String)> = [
        ("complaint_ids[1]", "other_business"),
        ("complaint_ids[2]", "other_association"),
        ("complaint_ids[3]", "not_found"),
        ("complaint_ids[4]", "duplicate"),
    ]
    .iter()
    .map(|(field, code)| (field.to_string(), code.to_string()))
    .collect();
    assert_eq!(reply.field_codes(), expected);
    let public = world.app.get("/api/v1/public/case-publicity", None).await;
    assert_eq!(public.body["items"], json!([]), "nothing was listed");
}

#[tokio::test]
async fn a_case_is_not_listed_twice_on_one_ground_while_the_first_listing_stands() {
    let world = mediation_world().await;
    let id = accepted_case(&world).await;
    let first = listed(&world, "refused_mediation", &[&id]).await;

    let twice = list(&world, &world.mediator, "refused_mediation", &[&id]).await;
    lift(&world, &world.mediator, &first).await;
    let after_lifting = list(&world, &world.mediator, "refused_mediation", &[&id]).await;

    assert_eq!(
        twice.field_codes(),
        [("complaint_ids[0]".to_owned(), "already_listed".to_owned())]
    );
    assert_eq!(
        after_lifting.status,
        StatusCode::CREATED,
        "{}",
        after_lifting.body
    );
}

#[tokio::test]
async fn the_statement_and_the_list_of_cases_are_checked() {
    let world = mediation_world().await;
    let id = accepted_case(&world).await;
    let path = format!("/api/v1/businesses/{}/case-publicity", world.business_id);

    let empty = world
        .app
        .post(
            &path,
            Some(&world.mediator),
            json!({"ground": "refused_mediation", "statement": "  ", "complaint_ids": []}),
        )
        .await;
    let long = world
        .app
        .post(&path, Some(&world.mediator), json!({"ground": "refused_mediation", "statement": "拒".repeat(501), "complaint_ids": [id]}))
        .await;
    let exactly = world
        .app
        .post(&path, Some(&world.mediator), json!({"ground": "refused_mediation", "statement": "拒".repeat(500), "complaint_ids": [id]}))
        .await;
    let ground = world
        .app
        .post(
            &path,
            Some(&world.mediator),
            json!({"ground": "rude", "statement": "拒不调解", "complaint_ids": [id]}),
        )
        .await;

    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        empty.field_codes(),
        [
            ("statement".to_owned(), "required".to_owned()),
            ("complaint_ids".to_owned(), "required".to_owned())
        ]
    );
    assert_eq!(
        long.field_codes(),
        [("statement".to_owned(), "too_long".to_owned())]
    );
    assert_eq!(exactly.status, StatusCode::CREATED, "{}", exactly.body);
    assert_eq!(
        exactly.body["statement"].as_str().unwrap().chars().count(),
        500
    );
    assert_eq!(ground.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(ground.field_codes()[0].0, "ground");
}

#[tokio::test]
async fn a_lifting_statement_is_checked() {
    let world = mediation_world().await;
    let id = accepted_case(&world).await;
    let listing = listed(&world, "refused_mediation", &[&id]).await;
    let path = format!(
        "/api/v1/case-publicity/{}/lifting",
        listing["id"].as_str().unwrap()
    );

    let empty = world
        .app
        .post(&path, Some(&world.mediator), json!({"statement": ""}))
        .await;
    let long = world
        .app
        .post(
            &path,
            Some(&world.mediator),
            json!({"statement": "改".repeat(501)}),
        )
        .await;

    assert_eq!(
        empty.field_codes(),
        [("statement".to_owned(), "required".to_owned())]
    );
    assert_eq!(
        long.field_codes(),
        [("statement".to_owned(), "too_long".to_owned())]
    );
    let public = world
        .app
        .get("/api/v1/public/case-publicity?status=active", None)
        .await;
    assert_eq!(
        public.body["items"].as_array().unwrap().len(),
        1,
        "still standing"
    );
}

#[tokio::test]
async fn a_statement_that_names_a_consumer_or_holds_personal_data_is_refused() {
    let world = mediation_world().await;
    let registered = world
        .app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"phone": "13900139000", "password": "chen2024!", "display_name": "陈晓东"}),
        )
        .await;
    assert_eq!(
        registered.status,
        StatusCode::CREATED,
        "{}",
        registered.body
    );
    let chen = world.app.access_token("13900139000", "chen2024!").await;
    let filed = world
        .app
        .post(
            "/api/v1/complaints",
            Some(&chen),
            crate::cases::filing(&world.business_id),
        )
        .await;
    let id = filed.body["id"].as_str().unwrap().to_owned();
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;

    let named = list_stating(&world, "经本会联系陈晓东核实，该经营者拒不参加调解。", &id).await;
    let phone = list_stating(&world, "该经营者拒不参加调解，消费者电话13900139000。", &id).await;
    let placeholder = list_stating(
        &world,
        "经本会联系【姓名】核实，该经营者拒不参加调解。",
        &id,
    )
    .await;
    let lifting = world
        .app
        .post(
            &format!(
                "/api/v1/case-publicity/{}/lifting",
                placeholder.body["id"].as_str().unwrap()
            ),
            Some(&world.mediator),
            json!({"statement": "该经营者已向陈晓东赔偿并完成整改。"}),
        )
        .await;

    for refused in [&named, &phone, &lifting] {
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.body
        );
        assert_eq!(
            refused.field_codes(),
            [("statement".to_owned(), "personal_information".to_owned())]
        );
    }
    assert_eq!(
        placeholder.status,
        StatusCode::CREATED,
        "{}",
        placeholder.body
    );
    let public = world.app.get("/api/v1/public/case-publicity", None).await;
    assert_eq!(ids(&public.body), [&placeholder.body["id"]]);
    assert_eq!(public.body["items"][0]["status"], "active");
}

#[tokio::test]
async fn a_statement_stored_before_the_check_is_redacted_when_shown() {
    use api::entities::case_publicity::{Column, Entity};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let world = mediation_world().await;
    let id = accepted_case(&world).await;
    let listing = listed(&world, "refused_mediation", &[&id]).await;
    let listing_id: uuid::Uuid = listing["id"].as_str().unwrap().parse().unwrap();
    Entity::update_many()
        .col_expr(
            Column::Statement,
            "已电话告知，消费者手机13800138000。".into(),
        )
        .filter(Column::Id.eq(listing_id))
        .exec(&world.app.state.db)
        .await
        .unwrap();

    let public = world.app.get("/api/v1/public/case-publicity", None).await;

    assert_eq!(
        public.body["items"][0]["statement"],
        "已电话告知，消费者手机【手机号】。"
    );
}

#[tokio::test]
async fn only_the_serving_associations_admins_and_mediators_and_platform_admins_list_and_lift() {
    let world = mediation_world().await;
    let id = accepted_case(&world).await;
    let zhejiang = world.app.association_id("330000").await;
    let other_admin = world
        .app
        .staff_token(&zhejiang, "zj.admin", &["association_admin"])
        .await;
    let own_admin = world
        .app
        .staff_token(&world.association, "gd.admin", &["association_admin"])
        .await;

    for token in [&world.consumer, &world.handler, &world.intake, &other_admin] {
        let refused = list(&world, token, "refused_mediation", &[&id]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
        assert_eq!(refused.code(), "forbidden");
    }
    let by_admin = list(&world, &own_admin, "refused_mediation", &[&id]).await;
    assert_eq!(by_admin.status, StatusCode::CREATED, "{}", by_admin.body);
    for token in [&world.consumer, &world.handler, &world.intake, &other_admin] {
        let refused = lift(&world, token, &by_admin.body).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    }
    let by_platform = lift(&world, &world.admin, &by_admin.body).await;
    assert_eq!(by_platform.status, StatusCode::OK, "{}", by_platform.body);
    let anonymous = list(&world, "not-a-token", "refused_mediation", &[&id]).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_public_list_filters_by_business_region_and_status_newest_first() {
    let world = mediation_world().await;
    let first = accepted_case(&world).await;
    let second = accepted_case(&world).await;
    let third = accepted_case(&world).await;
    let oldest = listed(&world, "refused_mediation", &[&first]).await;
    world.app.clock.advance(chrono::Duration::minutes(1));
    let middle = listed(&world, "refused_mediation", &[&second]).await;
    world.app.clock.advance(chrono::Duration::minutes(1));
    let newest = listed(&world, "refused_mediation", &[&third]).await;
    lift(&world, &world.mediator, &middle).await;

    let page = public(&world, "?limit=2").await;
    let rest = public(
        &world,
        &format!("?limit=2&cursor={}", page["next_cursor"].as_str().unwrap()),
    )
    .await;

    assert_eq!(ids(&page), [&newest["id"], &middle["id"]]);
    assert_eq!(ids(&rest), [&oldest["id"]]);
    assert!(rest["next_cursor"].is_null());
    assert_eq!(
        ids(&public(&world, "?status=lifted").await),
        [&middle["id"]]
    );
    assert_eq!(
        public(&world, "?status=active").await["items"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    for region in ["440000", "440300", "440305"] {
        let found = public(&world, &format!("?region={region}")).await;
        assert_eq!(found["items"].as_array().unwrap().len(), 3, "{region}");
    }
    for region in ["330000", "440100", "440304"] {
        let found = public(&world, &format!("?region={region}")).await;
        assert_eq!(found["items"], json!([]), "{region}");
    }
    let mine = public(&world, &format!("?business_id={}", world.business_id)).await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn a_business_listings_come_a_page_at_a_time_newest_first() {
    let world = mediation_world().await;
    let first = accepted_case(&world).await;
    let second = accepted_case(&world).await;
    let oldest = listed(&world, "refused_mediation", &[&first]).await;
    world.app.clock.advance(chrono::Duration::minutes(1));
    let newest = listed(&world, "refused_mediation", &[&second]).await;
    let path = format!(
        "/api/v1/public/businesses/{}/case-publicity",
        world.business_id
    );

    let page = world.app.get(&format!("{path}?limit=1"), None).await;
    let cursor = page.body["next_cursor"].as_str().unwrap();
    let rest = world
        .app
        .get(&format!("{path}?limit=1&cursor={cursor}"), None)
        .await;
    let all = world.app.get(&path, None).await;

    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(ids(&page.body), [&newest["id"]]);
    assert_eq!(ids(&rest.body), [&oldest["id"]]);
    assert!(rest.body["next_cursor"].is_null());
    assert_eq!(ids(&all.body), [&newest["id"], &oldest["id"]]);
}

#[tokio::test]
async fn wrong_public_filters_name_their_parameter() {
    let world = mediation_world().await;

    let unknown_business = format!("?business_id={}", uuid::Uuid::now_v7());
    let cases = [
        ("?region=44", "region"),
        ("?region=999999", "region"),
        ("?status=standing", "status"),
        ("?business_id=nope", "business_id"),
        (unknown_business.as_str(), "business_id"),
        ("?cursor=bm90LWEtdXVpZA", "cursor"),
        ("?limit=0", "limit"),
    ];
    for (query, field) in cases {
        let reply = world
            .app
            .get(&format!("/api/v1/public/case-publicity{query}"), None)
            .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {}",
            reply.body
        );
        assert_eq!(reply.field_codes()[0].0, field, "{query}");
    }
    let unknown = world
        .app
        .get(
            &format!(
                "/api/v1/public/businesses/{}/case-publicity",
                uuid::Uuid::now_v7()
            ),
            None,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    for query in ["?limit=0", "?cursor=bm90LWEtdXVpZA"] {
        let reply = world
            .app
            .get(
                &format!(
                    "/api/v1/public/businesses/{}/case-publicity{query}",
                    world.business_id
                ),
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(reply.field_codes()[0].0, query[1..query.find('=').unwrap()]);
    }
}

#[tokio::test]
async fn listings_and_public_copies_move_with_the_complaints_when_a_record_is_merged() {
    let world = mediation_world().await;
    let mut body = crate::cases::filing(&world.business_id);
    body["business"] = json!({"name": "某某电器南山店", "region_code": "440305"});
    let filed = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), body)
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let id = filed.body["id"].as_str().unwrap().to_owned();
    let number = filed.body["number"].as_str().unwrap().to_owned();
    let uncoded = filed.body["business"]["id"].as_str().unwrap().to_owned();
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    let listing = world
        .app
        .post(
            &format!("/api/v1/businesses/{uncoded}/case-publicity"),
            Some(&world.mediator),
            json!({"ground": "refused_mediation", "statement": "该经营者经本会两次书面通知，拒不参加调解。", "complaint_ids": [id]}),
        )
        .await;
    assert_eq!(listing.status, StatusCode::CREATED, "{}", listing.body);

    let merged = world
        .app
        .post(
            &format!("/api/v1/businesses/{}/merges", world.business_id),
            Some(&world.intake),
            json!({"from": uncoded}),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.body);

    let target = world
        .app
        .get(
            &format!(
                "/api/v1/public/businesses/{}/case-publicity",
                world.business_id
            ),
            None,
        )
        .await;
    assert_eq!(ids(&target.body), [&listing.body["id"]]);
    let moved = &target.body["items"][0];
    assert_eq!(moved["business_id"], world.business_id.as_str());
    assert_eq!(moved["business_name"], "深圳某某电器有限公司");
    assert_eq!(moved["complaint_numbers"], json!([number]));
    let record = world
        .app
        .get(
            &format!("/api/v1/public/businesses/{}", world.business_id),
            None,
        )
        .await;
    assert_eq!(record.status, StatusCode::OK, "{}", record.body);
    assert_eq!(record.body["case_publicity"][0]["id"], listing.body["id"]);
    let published = world
        .app
        .get(&format!("/api/v1/public/complaints/{number}"), None)
        .await;
    assert_eq!(published.body["business_id"], world.business_id.as_str());
    assert_eq!(published.body["business_name"], "深圳某某电器有限公司");
}

#[tokio::test]
async fn the_public_reads_hold_no_consumer_data() {
    let world = mediation_world().await;
    let id = accepted_case(&world).await;
    let me = world
        .app
        .get("/api/v1/me", Some(&world.consumer))
        .await
        .body;
    let listing = listed(&world, "refused_mediation", &[&id]).await;

    let all = world.app.get("/api/v1/public/case-publicity", None).await;
    let one = world
        .app
        .get(
            &format!(
                "/api/v1/public/businesses/{}/case-publicity",
                world.business_id
            ),
            None,
        )
        .await;

    let consumer_data = [
        me["id"].as_str().unwrap(),
        "13800138000",
        "王女士",
        "SO-20241120-0042",
        "不制冷",
        &id,
    ];
    for text in [
        all.body.to_string(),
        one.body.to_string(),
        listing.to_string(),
    ] {
        for datum in consumer_data {
            assert!(!text.contains(datum), "{datum} in {text}");
        }
    }
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(
        all.body["items"][0]["complaint_numbers"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

fn ids(page: &Value) -> Vec<&Value> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| &item["id"])
        .collect()
}

async fn public(world: &World, query: &str) -> Value {
    let reply = world
        .app
        .get(&format!("/api/v1/public/case-publicity{query}"), None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.body);
    reply.body
}

/// A complaint by the same consumer against another business in Shenzhen,
/// in mediation.
async fn other_business_case(world: &World) -> String {
    let other = world
        .app
        .post(
            "/api/v1/businesses",
            Some(&world.admin),
            json!({"name": "深圳另一家商行", "region_code": "440305"}),
        )
        .await;
    let mut filing = crate::cases::filing(other.body["id"].as_str().unwrap());
    filing["order_number"] = json!("SO-OTHER-1");
    let filed = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), filing)
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let id = filed.body["id"].as_str().unwrap().to_owned();
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    id
}

/// A complaint against this business that Zhejiang's association took
/// over and is mediating.
async fn transferred_case(world: &World) -> String {
    let id = world.file().await;
    let zhejiang = world.app.association_id("330000").await;
    let zhejiang_intake = world
        .app
        .staff_token(&zhejiang, "zj.intake", &["intake_officer"])
        .await;
    world
        .step(&world.intake, &id, json!({"action": "transfer", "association_id": zhejiang, "reason": "经营者实际经营地在浙江"}))
        .await;
    world
        .step(&zhejiang_intake, &id, json!({"action": "accept"}))
        .await;
    id
}
