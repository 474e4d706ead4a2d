//! Guidance articles: staff write and publish them, anyone searches the
//! published ones in Chinese, and a consumer's draft gets the matching ones.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

async fn guangdong_staff(app: &TestApp) -> String {
    let guangdong = app.association_id("440000").await;
    app.staff_token(&guangdong, "gd.writer", &["intake_officer"])
        .await
}

async fn write(app: &TestApp, token: &str, title: &str, body: &str, publish: bool) -> Value {
    let written = app
        .post(
            "/api/v1/articles",
            Some(token),
            json!({"language": "zh-CN", "title": title, "body": body, "publish": publish}),
        )
        .await;
    assert_eq!(written.status, StatusCode::CREATED, "{}", written.body);
    written.body
}

fn titles(reply: &Value) -> Vec<String> {
    reply["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_published_article_is_found_by_a_chinese_word_and_an_unpublished_one_is_not() {
    let app = spawn_app().await;
    let staff = guangdong_staff(&app).await;
    let public = write(
        &app,
        &staff,
        "共享充电宝押金退还",
        "归还共享充电宝后押金应当及时退还，平台拖延退还押金的，消费者可以投诉。",
        true,
    )
    .await;
    let draft = write(
        &app,
        &staff,
        "共享单车押金草稿",
        "这篇关于共享单车押金的文章还没有写完，不应当出现在公开搜索中。",
        false,
    )
    .await;

    let found = app.get("/api/v1/public/articles?q=押金", None).await;

    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    assert_eq!(titles(&found.body), vec!["共享充电宝押金退还"]);
    assert!(
        !found.body["items"][0]["highlights"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let hidden = app
        .get(&format!("/api/v1/public/articles/{}", draft["id"]), None)
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let shown = app
        .get(&format!("/api/v1/public/articles/{}", public["id"]), None)
        .await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    assert_eq!(shown.body["association_name"], "广东省消费者协会");
}

#[tokio::test]
async fn unpublishing_takes_an_article_out_of_search_and_editing_reindexes_it() {
    let app = spawn_app().await;
    let staff = guangdong_staff(&app).await;
    let article = write(
        &app,
        &staff,
        "共享充电宝押金退还",
        "归还共享充电宝后押金应当及时退还，平台拖延退还押金的，消费者可以投诉。",
        true,
    )
    .await;
    let path = format!("/api/v1/articles/{}", article["id"]);

    let edited = app
        .send(
            reqwest::Method::PATCH,
            &path,
            Some(&staff),
            Some(json!({"body": "租借共享雨伞后，平台应当按约定退还押金，拖延不退的可以投诉。"})),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
    let by_new_word = app.get("/api/v1/public/articles?q=雨伞", None).await;
    assert_eq!(titles(&by_new_word.body), vec!["共享充电宝押金退还"]);
    let by_old_word = app.get("/api/v1/public/articles?q=归还", None).await;
    assert_eq!(by_old_word.body["items"], json!([]));

    let hidden = app
        .send(
            reqwest::Method::PATCH,
            &path,
            Some(&staff),
            Some(json!({"published": false})),
        )
        .await;

    assert_eq!(hidden.status, StatusCode::OK, "{}", hidden.body);
    assert_eq!(hidden.body["published_at"], Value::Null);
    let gone = app.get("/api/v1/public/articles?q=雨伞", None).await;
    assert_eq!(gone.body["items"], json!([]));
}

#[tokio::test]
async fn staff_of_another_association_cannot_edit_and_consumers_cannot_write() {
    let app = spawn_app().await;
    let staff = guangdong_staff(&app).await;
    let article = write(
        &app,
        &staff,
        "共享充电宝押金退还",
        "归还共享充电宝后押金应当及时退还，平台拖延退还押金的，消费者可以投诉。",
        false,
    )
    .await;
    let zhejiang = app.association_id("330000").await;
    let foreign = app.staff_token(&zhejiang, "zj.writer", &["mediator"]).await;
    let consumer = app.consumer_token("13800138000").await;

    let edited = app
        .send(
            reqwest::Method::PATCH,
            &format!("/api/v1/articles/{}", article["id"]),
            Some(&foreign),
            Some(json!({"published": true})),
        )
        .await;
    let written = app
        .post(
            "/api/v1/articles",
            Some(&consumer),
            json!({"language": "zh-CN", "title": "消费者", "body": "消费者不能编写消费指引文章，只有协会工作人员可以。"}),
        )
        .await;

    assert_eq!(edited.status, StatusCode::FORBIDDEN, "{}", edited.body);
    assert_eq!(written.status, StatusCode::FORBIDDEN, "{}", written.body);
    let foreign_list = app.get("/api/v1/articles", Some(&foreign)).await;
    assert_eq!(foreign_list.body["items"], json!([]));
    let own_list = app.get("/api/v1/articles", Some(&staff)).await;
    assert_eq!(titles(&own_list.body), vec!["共享充电宝押金退还"]);
}

#[tokio::test]
async fn a_fresh_platform_has_the_seeded_guidance_in_both_languages() {
    let app = spawn_app().await;

    let zh = app
        .get("/api/v1/public/articles?q=预付卡&language=zh-CN", None)
        .await;
    let en = app
        .get("/api/v1/public/articles?q=refund&language=en", None)
        .await;
    let food = app.get("/api/v1/public/articles?q=十倍", None).await;

    assert_eq!(zh.status, StatusCode::OK, "{}", zh.body);
    assert!(
        titles(&zh.body).iter().any(|t| t.contains("预付卡")),
        "{}",
        zh.body
    );
    assert!(!titles(&en.body).is_empty(), "{}", en.body);
    assert!(
        titles(&food.body).iter().any(|t| t.contains("十倍")),
        "{}",
        food.body
    );
}

#[tokio::test]
async fn a_draft_about_returns_is_suggested_the_returns_article_first() {
    let app = spawn_app().await;

    let suggested = app
        .get(
            "/api/v1/public/articles/suggestions?text=我在网上买了一件外套，收到后不合适想退货，商家说拆了吊牌就不给退",
            None,
        )
        .await;
    let nothing = app
        .get("/api/v1/public/articles/suggestions?text=你好", None)
        .await;

    assert_eq!(suggested.status, StatusCode::OK, "{}", suggested.body);
    let first = suggested.body[0]["title"].as_str().unwrap();
    assert!(first.contains("七日无理由退货"), "{}", suggested.body);
    assert!(suggested.body.as_array().unwrap().len() <= 3);
    assert_eq!(nothing.body, json!([]));
}

#[tokio::test]
async fn bad_article_fields_are_all_named() {
    let app = spawn_app().await;
    let staff = guangdong_staff(&app).await;

    let refused = app
        .post(
            "/api/v1/articles",
            Some(&staff),
            json!({"language": "fr", "title": "x", "body": "太短"}),
        )
        .await;

    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = refused
        .field_codes()
        .into_iter()
        .map(|(field, _)| field)
        .collect();
    assert_eq!(fields, vec!["language", "title", "body"]);
}
