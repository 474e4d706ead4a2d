use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_national_and_provincial_associations_are_seeded() {
    let app = spawn_app().await;

    let page = app.get("/api/v1/associations?limit=200", None).await;
    let items = page.body["items"].as_array().unwrap();
    let national = &items[0];
    let guangdong = items.iter().find(|a| a["region_code"] == "440000").unwrap();

    assert_eq!(items.len(), 32);
    assert_eq!(national["region_code"], "000000");
    assert_eq!(national["level"], "national");
    assert_eq!(guangdong["level"], "province");
    assert_eq!(guangdong["parent_id"], national["id"]);
    assert!(page.body["next_cursor"].is_null());
}

#[tokio::test]
async fn regions_page_through_with_a_cursor() {
    let app = spawn_app().await;

    let first = app.get("/api/v1/regions?limit=20", None).await;
    let cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
    let second = app
        .get(&format!("/api/v1/regions?limit=20&cursor={cursor}"), None)
        .await;
    let shenzhen_districts = app
        .get("/api/v1/regions?parent_code=440300&limit=200", None)
        .await;
    let one = app.get("/api/v1/regions/440305", None).await;

    assert_eq!(first.body["items"].as_array().unwrap().len(), 20);
    assert_eq!(second.body["items"].as_array().unwrap().len(), 11);
    assert!(second.body["next_cursor"].is_null());
    assert!(
        shenzhen_districts.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["name"] == "南山区")
    );
    assert_eq!(one.body["parent_code"], "440300");
    assert_eq!(one.body["level"], "county");
    assert_eq!(
        app.get("/api/v1/regions/999999", None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_city_association_hangs_below_its_province() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let guangdong = app.association_id("440000").await;

    let created = app
        .post(
            "/api/v1/associations",
            Some(&admin),
            json!({"region_code": "440300", "name": "深圳市消费者委员会"}),
        )
        .await;
    let county = app
        .post(
            "/api/v1/associations",
            Some(&admin),
            json!({"region_code": "440305", "name": "南山区消费者协会"}),
        )
        .await;
    let twice = app
        .post(
            "/api/v1/associations",
            Some(&admin),
            json!({"region_code": "440300", "name": "again"}),
        )
        .await;

    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["parent_id"], guangdong.as_str());
    assert_eq!(created.body["level"], "city");
    assert_eq!(county.body["parent_id"], created.body["id"]);
    assert_eq!(twice.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn associations_need_a_known_city_or_county_region() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;

    let unknown = app
        .post(
            "/api/v1/associations",
            Some(&admin),
            json!({"region_code": "999999", "name": "x协会"}),
        )
        .await;
    let province = app
        .post(
            "/api/v1/associations",
            Some(&admin),
            json!({"region_code": "440000", "name": "x协会"}),
        )
        .await;

    assert_eq!(
        unknown.field_codes(),
        vec![("region_code".to_owned(), "unknown_region".to_owned())]
    );
    assert_eq!(
        province.field_codes(),
        vec![("region_code".to_owned(), "not_city_or_county".to_owned())]
    );
}

#[tokio::test]
async fn a_platform_admin_renames_an_association() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let guangdong = app.association_id("440000").await;

    let renamed = app
        .put(
            &format!("/api/v1/associations/{guangdong}"),
            Some(&admin),
            json!({"name": "广东省消费者委员会"}),
        )
        .await;

    assert_eq!(renamed.status, StatusCode::OK);
    assert_eq!(
        app.get(&format!("/api/v1/associations/{guangdong}"), None)
            .await
            .body["name"],
        "广东省消费者委员会"
    );
}

#[tokio::test]
async fn an_association_admin_builds_a_team_and_removes_a_member() {
    let app = spawn_app().await;
    let guangdong = app.association_id("440000").await;
    let gd_admin = app
        .staff_token(&guangdong, "gd.admin", &["association_admin"])
        .await;
    let staff_path = format!("/api/v1/associations/{guangdong}/staff");

    let mediator = app
        .post(&staff_path, Some(&gd_admin), json!({"login_name": "Li.Mediator", "display_name": "李调解", "password": "mediate-2024", "roles": ["mediator", "intake_officer"]}))
        .await;
    let mediator_token = app.access_token("li.mediator", "mediate-2024").await;
    let me = app.get("/api/v1/me", Some(&mediator_token)).await;
    let listed = app.get(&staff_path, Some(&gd_admin)).await;
    let id = mediator.body["id"].as_str().unwrap();
    let updated = app
        .put(
            &format!("{staff_path}/{id}"),
            Some(&gd_admin),
            json!({"display_name": "李调解员", "roles": ["mediator"]}),
        )
        .await;
    let removed = app
        .delete(&format!("{staff_path}/{id}"), Some(&gd_admin))
        .await;

    assert_eq!(mediator.status, StatusCode::CREATED, "{}", mediator.body);
    assert_eq!(mediator.body["login_name"], "li.mediator");
    assert_eq!(me.body["roles"], json!(["intake_officer", "mediator"]));
    assert_eq!(me.body["association"]["region_code"], "440000");
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 2);
    assert_eq!(updated.body["roles"], json!(["mediator"]));
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/me", Some(&mediator_token)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("li.mediator", "mediate-2024").await.code(),
        "invalid_credentials"
    );
}

#[tokio::test]
async fn an_association_admin_cannot_create_another_admin() {
    let app = spawn_app().await;
    let guangdong = app.association_id("440000").await;
    let gd_admin = app
        .staff_token(&guangdong, "gd.admin", &["association_admin"])
        .await;

    let reply = app
        .post(
            &format!("/api/v1/associations/{guangdong}/staff"),
            Some(&gd_admin),
            json!({"login_name": "second.admin", "display_name": "王", "password": "staff-pass-2", "roles": ["association_admin"]}),
        )
        .await;

    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.code(), "forbidden");
}

#[tokio::test]
async fn a_taken_login_name_is_a_conflict() {
    let app = spawn_app().await;
    let guangdong = app.association_id("440000").await;
    app.staff_token(&guangdong, "zhang.wei", &["mediator"])
        .await;
    let admin = app.admin_token().await;

    let again = app
        .post(
            &format!("/api/v1/associations/{guangdong}/staff"),
            Some(&admin),
            json!({"login_name": "zhang.wei", "display_name": "张伟", "password": "staff-pass-2", "roles": ["mediator"]}),
        )
        .await;

    assert_eq!(again.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_staff_member_needs_at_least_one_role_and_a_valid_login_name() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let guangdong = app.association_id("440000").await;

    let reply = app
        .post(
            &format!("/api/v1/associations/{guangdong}/staff"),
            Some(&admin),
            json!({"login_name": "9lives", "display_name": "张伟", "password": "staff-pass-2", "roles": []}),
        )
        .await;

    assert_eq!(
        reply.field_codes(),
        vec![
            ("login_name".to_owned(), "invalid_format".to_owned()),
            ("roles".to_owned(), "required".to_owned())
        ]
    );
}

#[tokio::test]
async fn the_taxonomy_is_seeded_with_goods_services_and_natures() {
    let app = spawn_app().await;

    let categories = app.get("/api/v1/categories", None).await.body;
    let natures = app.get("/api/v1/natures", None).await.body;
    let phones = categories
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "goods.appliances.phones")
        .unwrap();

    assert_eq!(categories[0]["code"], "goods");
    assert_eq!(phones["parent_code"], "goods.appliances");
    assert_eq!(phones["kind"], "goods");
    assert_eq!(phones["name_zh"], "通讯类产品");
    assert_eq!(natures[0]["code"], "after_sales");
    assert!(
        natures
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["name_zh"] == "虚假宣传问题")
    );
}

#[tokio::test]
async fn a_demoted_admin_loses_the_role_at_once() {
    let app = spawn_app().await;
    let guangdong = app.association_id("440000").await;
    let demoted = app
        .staff_token(&guangdong, "gd.admin", &["association_admin"])
        .await;
    let admin = app.admin_token().await;
    let me = app.get("/api/v1/me", Some(&demoted)).await;
    let path = format!("/api/v1/associations/{guangdong}/staff");

    app.put(
        &format!("{path}/{}", me.body["id"].as_str().unwrap()),
        Some(&admin),
        json!({"display_name": "张伟", "roles": ["mediator"]}),
    )
    .await;
    let after = app.get(&path, Some(&demoted)).await;

    assert_eq!(
        after.status,
        StatusCode::UNAUTHORIZED,
        "the old token, with the old role, stops working"
    );
}

#[tokio::test]
async fn a_caller_who_may_not_act_learns_nothing_from_a_bad_body() {
    let app = spawn_app().await;
    let guangdong = app.association_id("440000").await;
    let consumer = app.consumer_token("13800138000").await;

    let staff = app
        .post(
            &format!("/api/v1/associations/{guangdong}/staff"),
            Some(&consumer),
            json!({"roles": 5}),
        )
        .await;
    let association = app
        .post("/api/v1/associations", Some(&consumer), json!({}))
        .await;

    assert_eq!(staff.status, StatusCode::FORBIDDEN);
    assert_eq!(association.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn removed_members_and_unknown_associations_are_not_found() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let guangdong = app.association_id("440000").await;
    app.staff_token(&guangdong, "gone", &["mediator"]).await;
    let path = format!("/api/v1/associations/{guangdong}/staff");
    let listed = app.get(&path, Some(&admin)).await;
    let id = listed.body["items"][0]["id"].as_str().unwrap().to_owned();

    app.delete(&format!("{path}/{id}"), Some(&admin)).await;
    let edit_removed = app
        .put(
            &format!("{path}/{id}"),
            Some(&admin),
            json!({"display_name": "x", "roles": ["mediator"]}),
        )
        .await;
    let remove_again = app.delete(&format!("{path}/{id}"), Some(&admin)).await;
    let unknown = app
        .get(
            &format!("/api/v1/associations/{}/staff", uuid::Uuid::now_v7()),
            Some(&admin),
        )
        .await;

    assert_eq!(edit_removed.status, StatusCode::NOT_FOUND);
    assert_eq!(remove_again.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn region_codes_must_be_six_digits() {
    let app = spawn_app().await;

    let path = app.get("/api/v1/regions/%00", None).await;
    let query = app.get("/api/v1/regions?parent_code=%00", None).await;

    assert_eq!(path.status, StatusCode::NOT_FOUND);
    assert_eq!(
        query.field_codes(),
        vec![("parent_code".to_owned(), "nul_character".to_owned())]
    );
    let short = app.get("/api/v1/regions?parent_code=44", None).await;
    assert_eq!(
        short.field_codes(),
        vec![("parent_code".to_owned(), "invalid_format".to_owned())]
    );
}
