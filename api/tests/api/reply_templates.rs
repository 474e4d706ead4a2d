//! A business's team keeps reply templates: every user and reading key of
//! the business reads them, its signed-in users write them.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{World, world};
use crate::outlets::other_business;

fn path(world: &World) -> String {
    format!("/api/v1/businesses/{}/reply-templates", world.business_id)
}

async fn key(world: &World, scopes: Value) -> String {
    let created = world
        .app
        .post(
            &format!("/api/v1/businesses/{}/api-keys", world.business_id),
            Some(&world.handler),
            json!({"name": "客服系统", "scopes": scopes}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    created.body["secret"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_team_writes_changes_and_deletes_reply_templates() {
    let world = world().await;
    let path = path(&world);
    let body =
        "您好，我们已安排售后工程师在两个工作日内上门检修。\n如仍不能正常使用，将为您办理换货。";

    let created = world
        .app
        .post(
            &path,
            Some(&world.handler),
            json!({"title": " 上门检修 ", "body": body}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.body["id"].as_str().unwrap().to_owned();
    assert_eq!(created.body["title"], "上门检修");
    assert_eq!(created.body["body"], body, "line breaks are kept");
    world
        .app
        .post(
            &path,
            Some(&world.handler),
            json!({"title": "Refund agreed", "body": "We will refund you in full."}),
        )
        .await;

    let changed = world
        .app
        .put(
            &format!("{path}/{id}"),
            Some(&world.handler),
            json!({"title": "上门检修", "body": "工程师明天上门。"}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(changed.body["body"], "工程师明天上门。");
    let listed = world.app.get(&path, Some(&world.handler)).await;
    let titles: Vec<&str> = listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["Refund agreed", "上门检修"],
        "by title, ignoring case"
    );

    let deleted = world
        .app
        .delete(&format!("{path}/{id}"), Some(&world.handler))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let again = world
        .app
        .delete(&format!("{path}/{id}"), Some(&world.handler))
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let left = world.app.get(&path, Some(&world.handler)).await.body;
    assert_eq!(left.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn titles_are_unique_and_fields_are_checked() {
    let world = world().await;
    let path = path(&world);
    let first = world
        .app
        .post(
            &path,
            Some(&world.handler),
            json!({"title": "Refund agreed", "body": "We will refund you."}),
        )
        .await;
    let other = world
        .app
        .post(
            &path,
            Some(&world.handler),
            json!({"title": "Repair", "body": "We will repair it."}),
        )
        .await;
    let other_id = other.body["id"].as_str().unwrap();

    let same = world
        .app
        .post(
            &path,
            Some(&world.handler),
            json!({"title": " REFUND AGREED", "body": "Again."}),
        )
        .await;
    let renamed_onto = world
        .app
        .put(
            &format!("{path}/{other_id}"),
            Some(&world.handler),
            json!({"title": "refund agreed", "body": "We will repair it."}),
        )
        .await;
    let invalid = world
        .app
        .post(
            &path,
            Some(&world.handler),
            json!({"title": "标".repeat(61), "body": "  "}),
        )
        .await;
    let too_long = world
        .app
        .post(
            &path,
            Some(&world.handler),
            json!({"title": "长文", "body": "字".repeat(2001)}),
        )
        .await;

    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(same.status, StatusCode::CONFLICT, "{}", same.body);
    assert_eq!(renamed_onto.status, StatusCode::CONFLICT);
    assert_eq!(
        invalid.field_codes(),
        [
            ("title".to_owned(), "too_long".to_owned()),
            ("body".to_owned(), "required".to_owned()),
        ]
    );
    assert_eq!(
        too_long.field_codes(),
        [("body".to_owned(), "too_long".to_owned())]
    );
}

#[tokio::test]
async fn a_title_of_the_longest_length_is_kept_whatever_its_letters() {
    let world = world().await;
    let path = path(&world);

    // `İ` lower-cases to two characters in Unicode; the title's key must
    // still fit wherever the title fits.
    let dotted = world
        .app
        .post(
            &path,
            Some(&world.handler),
            json!({"title": "İ".repeat(60), "body": "Türkçe yanıt."}),
        )
        .await;

    assert_eq!(dotted.status, StatusCode::CREATED, "{}", dotted.body);
    assert_eq!(dotted.body["title"], "İ".repeat(60));
}

#[tokio::test]
async fn the_business_users_and_reading_keys_read_templates_and_only_people_write_them() {
    let world = world().await;
    let path = path(&world);
    let reader = key(&world, json!(["read_cases"])).await;
    let webhooks_only = key(&world, json!(["manage_webhooks"])).await;
    let (_, other_handler, _) = other_business(&world).await;
    let template = json!({"title": "已收到", "body": "您好，已收到您的投诉，我们会尽快处理。"});
    world
        .app
        .post(&path, Some(&world.handler), template.clone())
        .await;

    let read_by_key = world.app.get(&path, Some(&reader)).await;
    assert_eq!(read_by_key.status, StatusCode::OK);
    assert_eq!(read_by_key.body[0]["title"], "已收到");
    for token in [
        &webhooks_only,
        &other_handler,
        &world.intake,
        &world.admin,
        &world.consumer,
    ] {
        let refused = world.app.get(&path, Some(token)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    }
    for token in [&reader, &other_handler, &world.intake] {
        let refused = world.app.post(&path, Some(token), template.clone()).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn a_business_keeps_at_most_200_templates() {
    let world = world().await;
    let path = path(&world);
    for n in 0..200 {
        let created = world
            .app
            .post(
                &path,
                Some(&world.handler),
                json!({"title": format!("模板 {n}"), "body": "正文"}),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    }

    let one_more = world
        .app
        .post(
            &path,
            Some(&world.handler),
            json!({"title": "第 201 个", "body": "正文"}),
        )
        .await;

    assert_eq!(
        one_more.field_codes(),
        [("title".to_owned(), "too_many_templates".to_owned())]
    );
}

#[tokio::test]
async fn templates_written_at_once_never_pass_the_limit() {
    let world = world().await;
    let path = path(&world);
    for n in 0..196 {
        let created = world
            .app
            .post(
                &path,
                Some(&world.handler),
                json!({"title": format!("模板 {n}"), "body": "正文"}),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    }

    let writes = (0..10).map(|n| {
        world.app.post(
            &path,
            Some(&world.handler),
            json!({"title": format!("同时 {n}"), "body": "正文"}),
        )
    });
    let written = futures_util::future::join_all(writes).await;

    let created = written
        .iter()
        .filter(|reply| reply.status == StatusCode::CREATED)
        .count();
    assert_eq!(created, 4);
    let kept = world.app.get(&path, Some(&world.handler)).await;
    assert_eq!(kept.body.as_array().unwrap().len(), 200);
}
