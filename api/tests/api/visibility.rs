//! Who sees which complaint: every pair of caller and case. Anyone who may
//! not see a case gets 404, as if it did not exist.

use reqwest::StatusCode;
use serde_json::json;

use crate::cases::world;

#[tokio::test]
async fn each_caller_sees_exactly_the_cases_they_are_party_to() {
    let world = world().await;
    let app = &world.app;
    let id = world.file().await;
    let other_consumer = app.consumer_token("13900139000").await;
    let zhejiang = app.association_id("330000").await;
    let other_intake = app
        .staff_token(&zhejiang, "zj.intake", &["intake_officer"])
        .await;
    let other_business = app
        .post(
            "/api/v1/businesses",
            Some(&world.admin),
            json!({"name": "另一家店", "region_code": "440305"}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.post(
        &format!("/api/v1/businesses/{other_business}/users"),
        Some(&world.admin),
        json!({"login_name": "other.shop", "display_name": "店员", "password": "other-shop-1"}),
    )
    .await;
    let other_handler = app.access_token("other.shop", "other-shop-1").await;

    let before_acceptance = [
        ("consumer", &world.consumer, StatusCode::OK),
        ("intake", &world.intake, StatusCode::OK),
        ("mediator", &world.mediator, StatusCode::OK),
        ("platform admin", &world.admin, StatusCode::OK),
        (
            "the business, before acceptance",
            &world.handler,
            StatusCode::NOT_FOUND,
        ),
        ("another consumer", &other_consumer, StatusCode::NOT_FOUND),
        ("another association", &other_intake, StatusCode::NOT_FOUND),
        ("another business", &other_handler, StatusCode::NOT_FOUND),
    ];
    for (who, token, expected) in before_acceptance {
        for path in ["", "/timeline", "/messages"] {
            let reply = app
                .get(&format!("/api/v1/complaints/{id}{path}"), Some(token))
                .await;
            assert_eq!(
                reply.status, expected,
                "{who} reading {path}: {}",
                reply.body
            );
        }
    }

    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    assert_eq!(
        world.complaint(&world.handler, &id).await.status,
        StatusCode::OK
    );
    assert_eq!(
        world.complaint(&other_handler, &id).await.status,
        StatusCode::NOT_FOUND
    );

    let listed = app.get("/api/v1/complaints", Some(&other_consumer)).await;
    assert_eq!(listed.body["items"], json!([]));
    let listed = app.get("/api/v1/complaints", Some(&world.handler)).await;
    assert_eq!(listed.body["items"][0]["id"], id.as_str());
    let listed = app.get("/api/v1/complaints", Some(&other_intake)).await;
    assert_eq!(listed.body["items"], json!([]));
}

#[tokio::test]
async fn a_provincial_association_reads_its_sub_associations_cases_but_does_not_act() {
    let world = world().await;
    let app = &world.app;
    let created = app
        .post(
            "/api/v1/associations",
            Some(&world.admin),
            json!({"region_code": "440300", "name": "深圳市消费者委员会"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let shenzhen = created.body["id"].as_str().unwrap().to_owned();
    let shenzhen_intake = app
        .staff_token(&shenzhen, "sz.intake", &["intake_officer"])
        .await;

    let id = world.file().await;
    let complaint = world.complaint(&shenzhen_intake, &id).await;
    assert_eq!(
        complaint.body["association"]["id"],
        shenzhen.as_str(),
        "routed to the lowest association"
    );

    let provincial = world.complaint(&world.intake, &id).await;
    assert_eq!(provincial.status, StatusCode::OK);
    assert_eq!(provincial.body["allowed_actions"], json!([]));
    let acting = world
        .act(&world.intake, &id, json!({"action": "accept"}))
        .await;
    assert_eq!(acting.status, StatusCode::FORBIDDEN);
    assert_ne!(world.association, shenzhen);
}

#[tokio::test]
async fn internal_notes_stay_with_the_association() {
    let world = world().await;
    let id = world.file().await;
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    let path = format!("/api/v1/complaints/{id}/messages");

    let note = world
        .app
        .post(
            &path,
            Some(&world.intake),
            json!({"body": "经营者电话多次无人接听。", "internal": true}),
        )
        .await;
    assert_eq!(note.status, StatusCode::CREATED, "{}", note.body);
    let message = world
        .app
        .post(
            &path,
            Some(&world.handler),
            json!({"body": "您好，我们已联系仓库核实。"}),
        )
        .await;
    assert_eq!(message.status, StatusCode::CREATED);
    let forged = world
        .app
        .post(
            &path,
            Some(&world.consumer),
            json!({"body": "内部", "internal": true}),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let empty = world
        .app
        .post(&path, Some(&world.consumer), json!({"body": "   "}))
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);

    for token in [&world.consumer, &world.handler] {
        let bodies: Vec<String> = world
            .app
            .get(&path, Some(token))
            .await
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["body"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(bodies, ["您好，我们已联系仓库核实。"]);
        let kinds = world.timeline_kinds(token, &id).await;
        assert!(!kinds.contains(&"internal_note".to_owned()), "{kinds:?}");
    }
    let staff_view = world.app.get(&path, Some(&world.mediator)).await.body;
    assert_eq!(staff_view.as_array().unwrap().len(), 2);
    assert_eq!(staff_view[0]["internal"], true);
}

#[tokio::test]
async fn the_full_record_is_for_staff_and_shows_tampering() {
    let world = world().await;
    let id = world.file().await;
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    world
        .app
        .post(
            &format!("/api/v1/complaints/{id}/messages"),
            Some(&world.consumer),
            json!({"body": "商家答应三天内回复。"}),
        )
        .await;

    let intact = world.record(&id).await;
    assert_eq!(intact["chain_intact"], true);
    assert_eq!(intact["entries"].as_array().unwrap().len(), 3);
    let parties = world
        .app
        .get(
            &format!("/api/v1/complaints/{id}/record"),
            Some(&world.consumer),
        )
        .await;
    assert_eq!(parties.status, StatusCode::FORBIDDEN);

    use api::entities::timeline_entries::{Column, Entity};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let db = sea_orm::Database::connect(world.app.database_url.as_str())
        .await
        .unwrap();
    let complaint: uuid::Uuid = id.parse().unwrap();
    let changed = Entity::update_many()
        .col_expr(
            Column::Payload,
            r#"{"body":"商家已全额退款。","evidence":[]}"#.into(),
        )
        .filter(Column::ComplaintId.eq(complaint))
        .filter(Column::Sequence.eq(3))
        .exec(&db)
        .await
        .unwrap();
    assert_eq!(changed.rows_affected, 1);

    let altered = world.record(&id).await;
    assert_eq!(altered["chain_intact"], false);
    assert!(
        altered["chain_break"].as_str().unwrap().contains("entry 3"),
        "{altered}"
    );
}

#[tokio::test]
async fn the_list_filters_by_state_and_pages() {
    let world = world().await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(world.file().await);
    }
    world
        .step(&world.intake, &ids[0], json!({"action": "accept"}))
        .await;

    let submitted = world
        .app
        .get(
            "/api/v1/complaints?state=submitted&limit=1",
            Some(&world.intake),
        )
        .await;
    assert_eq!(submitted.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        submitted.body["items"][0]["id"],
        ids[2].as_str(),
        "newest first"
    );
    let cursor = submitted.body["next_cursor"].as_str().unwrap();
    let next = world
        .app
        .get(
            &format!("/api/v1/complaints?state=submitted&limit=1&cursor={cursor}"),
            Some(&world.intake),
        )
        .await;
    assert_eq!(next.body["items"][0]["id"], ids[1].as_str());
    assert!(next.body["next_cursor"].is_null());

    let bad = world
        .app
        .get("/api/v1/complaints?state=dreaming", Some(&world.intake))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn removing_the_newest_entry_breaks_the_record() {
    let world = world().await;
    let id = world.file().await;
    world
        .step(
            &world.intake,
            &id,
            json!({"action": "reject", "reason": "duplicate"}),
        )
        .await;

    use api::entities::timeline_entries::{Column, Entity};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let db = sea_orm::Database::connect(world.app.database_url.as_str())
        .await
        .unwrap();
    let complaint: uuid::Uuid = id.parse().unwrap();
    Entity::delete_many()
        .filter(Column::ComplaintId.eq(complaint))
        .filter(Column::Sequence.eq(2))
        .exec(&db)
        .await
        .unwrap();

    let record = world.record(&id).await;
    assert_eq!(record["chain_intact"], false);
    assert!(
        record["chain_break"]
            .as_str()
            .unwrap()
            .contains("removed from its end"),
        "{record}"
    );
}

#[tokio::test]
async fn parties_writing_at_once_all_get_their_messages_posted() {
    let world = world().await;
    let id = world.file().await;
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    let path = format!("/api/v1/complaints/{id}/messages");

    let writers = [
        &world.consumer,
        &world.handler,
        &world.intake,
        &world.mediator,
        &world.consumer,
        &world.handler,
    ];
    let posts = writers.iter().enumerate().map(|(n, token)| {
        world.app.post(
            &path,
            Some(token),
            json!({"body": format!("第 {n} 条留言")}),
        )
    });
    let replies = futures_util::future::join_all(posts).await;

    for reply in &replies {
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    }
    let listed = world.app.get(&path, Some(&world.intake)).await.body;
    assert_eq!(listed.as_array().unwrap().len(), 6);
    assert_eq!(world.record(&id).await["chain_intact"], true);
}

#[tokio::test]
async fn the_inbox_filters_by_category_and_due_date_and_counts_by_state() {
    let world = world().await;
    let accepted = world.file().await;
    world
        .step(&world.intake, &accepted, json!({"action": "accept"}))
        .await;
    let waiting = world.file().await;

    let counts = world
        .app
        .get("/api/v1/complaints/counts", Some(&world.intake))
        .await;
    assert_eq!(counts.status, StatusCode::OK, "{}", counts.body);
    let mut counts: Vec<(String, u64)> = counts
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
    assert_eq!(
        counts,
        [("reconciling".to_owned(), 1), ("submitted".to_owned(), 1)]
    );
    let business_counts = world
        .app
        .get("/api/v1/complaints/counts", Some(&world.handler))
        .await
        .body;
    assert_eq!(
        business_counts,
        json!([{"state": "reconciling", "count": 1}])
    );

    let ids = |body: &serde_json::Value| -> Vec<String> {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let goods = world
        .app
        .get(
            "/api/v1/complaints?category_code=goods",
            Some(&world.intake),
        )
        .await;
    assert_eq!(ids(&goods.body).len(), 2);
    let services = world
        .app
        .get(
            "/api/v1/complaints?category_code=services",
            Some(&world.intake),
        )
        .await;
    assert!(ids(&services.body).is_empty());
    let soon = world
        .app
        .get("/api/v1/complaints?due_within_days=0", Some(&world.intake))
        .await;
    assert!(ids(&soon.body).is_empty(), "nothing is due today");
    let month = world
        .app
        .get("/api/v1/complaints?due_within_days=40", Some(&world.intake))
        .await;
    assert_eq!(ids(&month.body), [waiting, accepted]);
    let wrong = world
        .app
        .get(
            "/api/v1/complaints?due_within_days=400",
            Some(&world.intake),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
}
