//! A member business registers its outlets; complaints name one while the
//! business's one team handles them all.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{World, filing, world, world_with};
use crate::helpers::spawn_app;

/// Registers an outlet as the world's handler; returns its id.
pub async fn register_outlet(world: &World, name: &str, region_code: &str) -> String {
    let created = world
        .app
        .post(
            &format!("/api/v1/businesses/{}/outlets", world.business_id),
            Some(&world.handler),
            json!({"name": name, "region_code": region_code}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    created.body["id"].as_str().unwrap().to_owned()
}

/// Another member business, in Guangzhou, with its own handler `gz.service`
/// and one outlet; returns (business id, handler token, outlet id).
pub async fn other_business(world: &World) -> (String, String, String) {
    let app = &world.app;
    let created = app
        .post(
            "/api/v1/businesses",
            Some(&world.admin),
            json!({"name": "广州某某百货有限公司", "region_code": "440104"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.body["id"].as_str().unwrap().to_owned();
    app.put(
        &format!("/api/v1/businesses/{id}/membership"),
        Some(&world.admin),
        json!({"member": true}),
    )
    .await;
    app.post(
        &format!("/api/v1/businesses/{id}/users"),
        Some(&world.admin),
        json!({"login_name": "gz.service", "display_name": "客服小陈", "password": "service-2024"}),
    )
    .await;
    let handler = app.access_token("gz.service", "service-2024").await;
    let outlet = app
        .post(
            &format!("/api/v1/businesses/{id}/outlets"),
            Some(&handler),
            json!({"name": "天河店", "region_code": "440106"}),
        )
        .await;
    assert_eq!(outlet.status, StatusCode::CREATED, "{}", outlet.body);
    (id, handler, outlet.body["id"].as_str().unwrap().to_owned())
}

/// The names in a page of outlets.
fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_member_registers_outlets_that_anyone_can_list() {
    let world = world().await;
    let path = format!("/api/v1/businesses/{}/outlets", world.business_id);

    let nanshan = world
        .app
        .post(
            &path,
            Some(&world.handler),
            json!({"name": "  南山科技园店 ", "region_code": "440305", "address": "科技园南区 1 号"}),
        )
        .await;
    register_outlet(&world, "Futian Store", "440304").await;

    assert_eq!(nanshan.status, StatusCode::CREATED, "{}", nanshan.body);
    assert_eq!(nanshan.body["name"], "南山科技园店");
    assert_eq!(nanshan.body["active"], true);
    let listed = world.app.get(&path, None).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    assert_eq!(names(&listed.body), ["南山科技园店", "Futian Store"]);
    let by_name = world.app.get(&format!("{path}?q=futian"), None).await;
    assert_eq!(names(&by_name.body), ["Futian Store"]);
    let by_region = world
        .app
        .get(&format!("{path}?region_code=440305"), None)
        .await;
    assert_eq!(names(&by_region.body), ["南山科技园店"]);
    let paged = world.app.get(&format!("{path}?limit=1"), None).await.body;
    let cursor = paged["next_cursor"].as_str().unwrap();
    let next = world
        .app
        .get(&format!("{path}?limit=1&cursor={cursor}"), None)
        .await;
    assert_eq!(names(&next.body), ["Futian Store"]);
}

#[tokio::test]
async fn the_outlet_filter_takes_wildcards_literally_and_refuses_nul() {
    let world = world().await;
    let path = format!("/api/v1/businesses/{}/outlets", world.business_id);
    register_outlet(&world, "A_B 店", "440305").await;
    register_outlet(&world, "AXB 店", "440305").await;
    register_outlet(&world, "100%店", "440305").await;

    let underscore = world.app.get(&format!("{path}?q=a_b"), None).await;
    let percent = world.app.get(&format!("{path}?q=%25"), None).await;
    let backslash = world.app.get(&format!("{path}?q=%5C"), None).await;

    assert_eq!(names(&underscore.body), ["A_B 店"]);
    assert_eq!(names(&percent.body), ["100%店"]);
    assert_eq!(backslash.status, StatusCode::OK, "{}", backslash.body);
    assert!(names(&backslash.body).is_empty());
    for query in ["q=%00", "region_code=4403%0005"] {
        let nul = world.app.get(&format!("{path}?{query}"), None).await;
        assert_eq!(nul.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", nul.body);
        let field = query.split('=').next().unwrap().to_owned();
        assert_eq!(nul.field_codes(), [(field, "nul_character".to_owned())]);
    }
}

#[tokio::test]
async fn a_name_of_the_longest_length_is_kept_and_found_whatever_its_letters() {
    let world = world().await;
    let path = format!("/api/v1/businesses/{}/outlets", world.business_id);

    // `İ` lower-cases to two characters in Unicode; the name's key must
    // still fit wherever the name fits, and match a plain `i`.
    let longest = world
        .app
        .post(
            &path,
            Some(&world.handler),
            json!({"name": "İ".repeat(100), "region_code": "440305"}),
        )
        .await;
    register_outlet(&world, "İSTANBUL Kebap", "440305").await;
    let found = world.app.get(&format!("{path}?q=istanbul"), None).await;

    assert_eq!(longest.status, StatusCode::CREATED, "{}", longest.body);
    assert_eq!(names(&found.body), ["İSTANBUL Kebap"]);
}

#[tokio::test]
async fn outlet_names_are_unique_and_fields_are_checked() {
    let world = world().await;
    let path = format!("/api/v1/businesses/{}/outlets", world.business_id);
    register_outlet(&world, "Futian Store", "440304").await;

    let same = world
        .app
        .post(
            &path,
            Some(&world.handler),
            json!({"name": " futian STORE", "region_code": "440305"}),
        )
        .await;
    let invalid = world
        .app
        .post(
            &path,
            Some(&world.handler),
            json!({"name": "", "region_code": "999999", "address": "a\u{202E}b"}),
        )
        .await;

    assert_eq!(same.status, StatusCode::CONFLICT, "{}", same.body);
    assert_eq!(same.code(), "conflict");
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut fields = invalid.field_codes();
    fields.sort();
    assert_eq!(
        fields,
        [
            ("address".to_owned(), "invalid_format".to_owned()),
            ("name".to_owned(), "required".to_owned()),
            ("region_code".to_owned(), "unknown_region".to_owned()),
        ]
    );
}

#[tokio::test]
async fn only_the_business_own_users_manage_its_outlets() {
    let world = world().await;
    let path = format!("/api/v1/businesses/{}/outlets", world.business_id);
    let body = json!({"name": "南山店", "region_code": "440305"});
    let key = world
        .app
        .post(
            &format!("/api/v1/businesses/{}/api-keys", world.business_id),
            Some(&world.handler),
            json!({"name": "ERP", "scopes": ["read_cases", "act_on_cases"]}),
        )
        .await
        .body["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, other_handler, _) = other_business(&world).await;

    for token in [
        &world.intake,
        &world.admin,
        &world.consumer,
        &key,
        &other_handler,
    ] {
        let refused = world.app.post(&path, Some(token), body.clone()).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    }
    assert_eq!(
        world.app.post(&path, None, body).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn only_member_businesses_register_outlets() {
    let world = world_with(spawn_app().await, false).await;

    let refused = world
        .app
        .post(
            &format!("/api/v1/businesses/{}/outlets", world.business_id),
            Some(&world.handler),
            json!({"name": "南山店", "region_code": "440305"}),
        )
        .await;

    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert_eq!(refused.code(), "membership_required");
}

#[tokio::test]
async fn a_complaint_names_an_open_outlet_of_its_business() {
    let world = world().await;
    let outlet = register_outlet(&world, "南山科技园店", "440305").await;
    let (_, _, elsewhere) = other_business(&world).await;
    let mut body = filing(&world.business_id);
    body["outlet_id"] = json!(outlet);

    let filed = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), body.clone())
        .await;
    let mut by_code = body.clone();
    by_code["business"] = json!({"name": "深圳某某电器", "credit_code": crate::cases::CREDIT_CODE, "region_code": "440305"});
    let named_by_code = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), by_code)
        .await;
    let mut wrong = body.clone();
    wrong["outlet_id"] = json!(elsewhere);
    let other_outlet = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), wrong)
        .await;
    let mut unknown_business = body.clone();
    unknown_business["business"] = json!({"name": "新开的小店", "region_code": "440305"});
    let new_business = world
        .app
        .post(
            "/api/v1/complaints",
            Some(&world.consumer),
            unknown_business,
        )
        .await;

    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    assert_eq!(filed.body["outlet"]["id"], outlet.as_str());
    assert_eq!(filed.body["outlet"]["name"], "南山科技园店");
    assert_eq!(
        filed.body["association"]["id"], world.association,
        "routing follows the business's region, not the outlet's"
    );
    assert_eq!(
        named_by_code.status,
        StatusCode::CREATED,
        "{}",
        named_by_code.body
    );
    assert_eq!(named_by_code.body["outlet"]["name"], "南山科技园店");
    for refused in [&other_outlet, &new_business] {
        assert_eq!(
            refused.field_codes(),
            [("outlet_id".to_owned(), "unknown_outlet".to_owned())],
            "{}",
            refused.body
        );
    }
    let listed = world
        .app
        .get("/api/v1/complaints", Some(&world.consumer))
        .await;
    assert_eq!(listed.body["items"][0]["outlet"]["name"], "南山科技园店");
    let plain = world.file().await;
    let shown = world.complaint(&world.consumer, &plain).await;
    assert!(shown.body["outlet"].is_null());
}

#[tokio::test]
async fn removing_an_outlet_that_complaints_name_closes_it() {
    let world = world().await;
    let path = format!("/api/v1/businesses/{}/outlets", world.business_id);
    let named = register_outlet(&world, "南山店", "440305").await;
    let unused = register_outlet(&world, "福田店", "440304").await;
    let mut body = filing(&world.business_id);
    body["outlet_id"] = json!(named);
    let filed = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), body.clone())
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);

    let removed = world
        .app
        .delete(&format!("{path}/{unused}"), Some(&world.handler))
        .await;
    let closed = world
        .app
        .delete(&format!("{path}/{named}"), Some(&world.handler))
        .await;

    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
    assert_eq!(closed.body["active"], false);
    assert!(names(&world.app.get(&path, None).await.body).is_empty());
    let all = world
        .app
        .get(&format!("{path}?include_inactive=true"), None)
        .await;
    assert_eq!(names(&all.body), ["南山店"]);
    let on_closed = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), body.clone())
        .await;
    assert_eq!(
        on_closed.field_codes(),
        [("outlet_id".to_owned(), "unknown_outlet".to_owned())]
    );
    let shown = world
        .complaint(&world.consumer, filed.body["id"].as_str().unwrap())
        .await;
    assert_eq!(
        shown.body["outlet"]["name"], "南山店",
        "the case keeps its outlet"
    );

    let reopened = world
        .app
        .put(
            &format!("{path}/{named}"),
            Some(&world.handler),
            json!({"name": "南山旗舰店", "region_code": "440305", "active": true}),
        )
        .await;
    assert_eq!(reopened.status, StatusCode::OK, "{}", reopened.body);
    assert_eq!(
        names(&world.app.get(&path, None).await.body),
        ["南山旗舰店"]
    );
    let gone = world
        .app
        .delete(&format!("{path}/{unused}"), Some(&world.handler))
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_business_cannot_touch_another_business_outlet() {
    let world = world().await;
    let mine = register_outlet(&world, "南山店", "440305").await;
    register_outlet(&world, "福田店", "440304").await;
    let (other, _, theirs) = other_business(&world).await;
    let own_path = format!("/api/v1/businesses/{}/outlets", world.business_id);
    let change = json!({"name": "改名", "region_code": "440305"});

    let through_mine = world
        .app
        .put(
            &format!("{own_path}/{theirs}"),
            Some(&world.handler),
            change.clone(),
        )
        .await;
    let through_theirs = world
        .app
        .put(
            &format!("/api/v1/businesses/{other}/outlets/{theirs}"),
            Some(&world.handler),
            change,
        )
        .await;
    let renamed_onto_another = world
        .app
        .put(
            &format!("{own_path}/{mine}"),
            Some(&world.handler),
            json!({"name": "福田店", "region_code": "440304"}),
        )
        .await;

    assert_eq!(through_mine.status, StatusCode::NOT_FOUND);
    assert_eq!(through_theirs.status, StatusCode::FORBIDDEN);
    assert_eq!(renamed_onto_another.status, StatusCode::CONFLICT);
}
