//! The business registry: name search the way consumers type names, aliases,
//! and merging the records complaints made without a credit code into the
//! coded business.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{CREDIT_CODE, filing, world};
use crate::helpers::{TestApp, spawn_app};

async fn register(app: &TestApp, token: &str, name: &str, region: &str) -> String {
    let created = app
        .post(
            "/api/v1/businesses",
            Some(token),
            json!({"name": name, "region_code": region}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    created.body["id"].as_str().unwrap().to_owned()
}

async fn search(app: &TestApp, query: &str) -> Vec<String> {
    let found = app
        .get(
            &format!("/api/v1/businesses?q={}", urlencoding(query)),
            None,
        )
        .await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    names(&found.body)
}

fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap().to_owned())
        .collect()
}

fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn names_that_start_with_the_query_come_before_those_that_contain_it() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    register(&app, &admin, "佛山市顺德区美的专卖店", "440606").await;
    register(&app, &admin, "美的集团股份有限公司", "440606").await;
    register(&app, &admin, "格力电器股份有限公司", "440400").await;

    assert_eq!(
        search(&app, "美的").await,
        ["美的集团股份有限公司", "佛山市顺德区美的专卖店"]
    );
    assert_eq!(search(&app, "顺德").await, ["佛山市顺德区美的专卖店"]);
    assert!(search(&app, "海尔").await.is_empty());
}

#[tokio::test]
async fn full_width_letters_spaces_and_case_do_not_matter() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    register(&app, &admin, "ABC 科技有限公司", "440305").await;

    for query in ["abc科技", "ＡＢＣ科技", "Abc 科技", "ｂｃ　科"] {
        assert_eq!(search(&app, query).await, ["ABC 科技有限公司"], "{query}");
    }
}

#[tokio::test]
async fn a_full_credit_code_finds_its_business() {
    let world = world().await;

    let found = search(&world.app, &CREDIT_CODE.to_ascii_lowercase()).await;

    assert_eq!(found, ["深圳某某电器有限公司"]);
}

#[tokio::test]
async fn wildcards_in_the_query_match_only_themselves() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    register(&app, &admin, "某某超市", "440305").await;

    assert!(search(&app, "%").await.len() <= 1);
    assert!(search(&app, "某_市").await.is_empty());
}

#[tokio::test]
async fn a_name_with_a_wildcard_is_found_by_its_own_name() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    register(&app, &admin, "100%鲜榨果汁店", "440305").await;
    register(&app, &admin, "100元超市", "440305").await;
    register(&app, &admin, "A_B 数码", "440305").await;
    register(&app, &admin, "AXB 数码", "440305").await;

    assert_eq!(search(&app, "100%鲜").await, ["100%鲜榨果汁店"]);
    assert_eq!(search(&app, "100%").await, ["100%鲜榨果汁店"]);
    assert_eq!(search(&app, "a_b").await, ["A_B 数码"]);
    assert!(search(&app, "\\").await.is_empty());
}

#[tokio::test]
async fn names_and_aliases_of_the_longest_length_are_kept_and_found_whatever_their_letters() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let business = register(&app, &admin, "İSTANBUL Kebap", "440305").await;

    // `İ` lower-cases to two characters in Unicode; a key must still fit
    // wherever its name fits, and match a plain `i`.
    let alias = app
        .post(
            &format!("/api/v1/businesses/{business}/aliases"),
            Some(&admin),
            json!({"name": "İ".repeat(200), "kind": "brand"}),
        )
        .await;

    assert_eq!(alias.status, StatusCode::CREATED, "{}", alias.body);
    assert_eq!(search(&app, "istanbul").await, ["İSTANBUL Kebap"]);
    assert_eq!(search(&app, &"i".repeat(200)).await, ["İSTANBUL Kebap"]);
}

#[tokio::test]
async fn a_nul_character_in_the_query_is_a_422_naming_it() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    register(&app, &admin, "某某超市", "440305").await;

    for query in ["q=%00", "q=%E6%9F%90%00", "cursor=%00"] {
        let found = app.get(&format!("/api/v1/businesses?{query}"), None).await;

        assert_eq!(
            found.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {}",
            found.body
        );
        let field = query.split('=').next().unwrap().to_owned();
        assert_eq!(
            found.field_codes(),
            [(field, "nul_character".to_owned())],
            "{query}"
        );
    }
}

#[tokio::test]
async fn pages_of_a_search_keep_the_ranking_and_repeat_nothing() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    for name in [
        "小米之家南山店",
        "小米科技有限责任公司",
        "深圳小米通讯店",
        "小米有品",
    ] {
        register(&app, &admin, name, "440305").await;
    }

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!("/api/v1/businesses?q={}&limit=1", urlencoding("小米"));
        if let Some(cursor) = &cursor {
            path.push_str(&format!("&cursor={cursor}"));
        }
        let page = app.get(&path, None).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        seen.extend(names(&page.body));
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }

    assert_eq!(seen.len(), 4, "{seen:?}");
    assert_eq!(
        seen[3], "深圳小米通讯店",
        "the one partial match comes last: {seen:?}"
    );
    let bad = app.get("/api/v1/businesses?q=x&cursor=bm9wZQ", None).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
}

#[tokio::test]
async fn brand_and_former_names_find_the_business() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let intake = app
        .staff_token(
            &app.association_id("440000").await,
            "gd.intake",
            &["intake_officer"],
        )
        .await;
    let id = register(&app, &admin, "美的集团股份有限公司", "440606").await;

    let brand = app
        .post(
            &format!("/api/v1/businesses/{id}/aliases"),
            Some(&intake),
            json!({"name": "小天鹅", "kind": "brand"}),
        )
        .await;
    assert_eq!(brand.status, StatusCode::CREATED, "{}", brand.body);
    let former = app
        .post(
            &format!("/api/v1/businesses/{id}/aliases"),
            Some(&intake),
            json!({"name": "美的电器", "kind": "former_name"}),
        )
        .await;
    assert_eq!(former.status, StatusCode::CREATED, "{}", former.body);

    assert_eq!(search(&app, "小天鹅").await, ["美的集团股份有限公司"]);
    assert_eq!(search(&app, "美的电").await, ["美的集团股份有限公司"]);
    let record = app.get(&format!("/api/v1/businesses/{id}"), None).await;
    let kinds: Vec<&str> = record.body["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["brand", "former_name"]);

    let removed = app
        .delete(
            &format!(
                "/api/v1/businesses/{id}/aliases/{}",
                brand.body["id"].as_str().unwrap()
            ),
            Some(&intake),
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.body);
    assert!(search(&app, "小天鹅").await.is_empty());
}

#[tokio::test]
async fn an_alias_is_refused_when_the_business_has_that_name_or_it_is_not_for_staff_to_give() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let id = register(&app, &admin, "格力电器", "440400").await;
    let path = format!("/api/v1/businesses/{id}/aliases");
    let added = app
        .post(
            &path,
            Some(&admin),
            json!({"name": "GREE", "kind": "brand"}),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);

    let again = app
        .post(
            &path,
            Some(&admin),
            json!({"name": "ｇｒｅｅ", "kind": "brand"}),
        )
        .await;
    let own_name = app
        .post(
            &path,
            Some(&admin),
            json!({"name": "格力 电器", "kind": "brand"}),
        )
        .await;
    let recorded = app
        .post(
            &path,
            Some(&admin),
            json!({"name": "格力空调", "kind": "recorded_name"}),
        )
        .await;
    let blank = app
        .post(&path, Some(&admin), json!({"name": "  ", "kind": "brand"}))
        .await;
    let consumer = app.consumer_token("13800138000").await;
    let by_consumer = app
        .post(
            &path,
            Some(&consumer),
            json!({"name": "格力空调", "kind": "brand"}),
        )
        .await;
    let missing = app
        .delete(&format!("{path}/{}", uuid::Uuid::now_v7()), Some(&admin))
        .await;

    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert_eq!(own_name.status, StatusCode::CONFLICT, "{}", own_name.body);
    assert_eq!(recorded.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        recorded.field_codes(),
        [("kind".into(), "invalid_choice".into())]
    );
    assert_eq!(
        blank.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        blank.body
    );
    assert_eq!(by_consumer.status, StatusCode::FORBIDDEN);
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

/// A complaint naming the business without its code, as consumers often do.
fn uncoded_filing(name: &str) -> Value {
    let mut body = filing("unused");
    body["business"] = json!({"name": name, "region_code": "440305"});
    body
}

#[tokio::test]
async fn merging_an_uncoded_record_moves_its_complaints_to_the_coded_business() {
    let world = world().await;
    let app = &world.app;
    let mut filed = Vec::new();
    for _ in 0..2 {
        let reply = app
            .post(
                "/api/v1/complaints",
                Some(&world.consumer),
                uncoded_filing("某某电器南山店"),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        filed.push(reply.body["id"].as_str().unwrap().to_owned());
    }
    let uncoded = app
        .get(
            &format!("/api/v1/complaints/{}", filed[0]),
            Some(&world.consumer),
        )
        .await
        .body["business"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let merged = app
        .post(
            &format!("/api/v1/businesses/{}/merges", world.business_id),
            Some(&world.intake),
            json!({"from": uncoded}),
        )
        .await;

    assert_eq!(merged.status, StatusCode::OK, "{}", merged.body);
    assert_eq!(merged.body["complaints_moved"], 2);
    assert_eq!(
        merged.body["business"]["aliases"][0]["name"],
        "某某电器南山店"
    );
    assert_eq!(
        merged.body["business"]["aliases"][0]["kind"],
        "recorded_name"
    );
    for id in &filed {
        let case = world.complaint(&world.consumer, id).await;
        assert_eq!(case.body["business"]["id"], world.business_id.as_str());
        let kinds = world.timeline_kinds(&world.intake, id).await;
        assert_eq!(kinds.last().map(String::as_str), Some("business_merged"));
        assert_eq!(world.record(id).await["chain_intact"], true);
    }
    let old = app
        .get(&format!("/api/v1/businesses/{uncoded}"), None)
        .await;
    assert_eq!(old.body["merged_into"], world.business_id.as_str());
    assert_eq!(search(app, "某某电器南山").await, ["深圳某某电器有限公司"]);

    // The member business now handles them: acceptance sends one to reconciliation.
    let accepted = world
        .step(&world.intake, &filed[0], json!({"action": "accept"}))
        .await;
    assert_eq!(accepted["state"], "reconciling");
}

#[tokio::test]
async fn later_filings_against_a_merged_record_reach_the_coded_business() {
    let world = world().await;
    let app = &world.app;
    let first = app
        .post(
            "/api/v1/complaints",
            Some(&world.consumer),
            uncoded_filing("某某电器南山店"),
        )
        .await;
    let uncoded = first.body["business"]["id"].as_str().unwrap().to_owned();
    let merged = app
        .post(
            &format!("/api/v1/businesses/{}/merges", world.business_id),
            Some(&world.admin),
            json!({"from": uncoded}),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.body);

    let by_name = app
        .post(
            "/api/v1/complaints",
            Some(&world.consumer),
            uncoded_filing("某某电器南山店"),
        )
        .await;
    let by_old_id = app
        .post(
            "/api/v1/complaints",
            Some(&world.consumer),
            filing(&uncoded),
        )
        .await;

    for reply in [by_name, by_old_id] {
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        assert_eq!(reply.body["business"]["id"], world.business_id.as_str());
    }
}

#[tokio::test]
async fn records_that_are_not_an_uncoded_copy_are_not_merged() {
    let world = world().await;
    let app = &world.app;
    let target = &world.business_id;
    let path = format!("/api/v1/businesses/{target}/merges");
    let coded = app
        .post(
            "/api/v1/businesses",
            Some(&world.admin),
            json!({"name": "另一家公司", "credit_code": "91110000600037341L", "region_code": "440305"}),
        )
        .await;
    assert_eq!(coded.status, StatusCode::CREATED, "{}", coded.body);
    let with_account = register(app, &world.admin, "有账号的商行", "440305").await;
    let account = app
        .post(
            &format!("/api/v1/businesses/{with_account}/users"),
            Some(&world.admin),
            json!({"login_name": "shop.owner", "display_name": "店主", "password": "owner-2024"}),
        )
        .await;
    assert_eq!(account.status, StatusCode::CREATED, "{}", account.body);
    let uncoded = register(app, &world.admin, "无代码商行", "440305").await;

    let into_itself = app
        .post(&path, Some(&world.intake), json!({"from": target}))
        .await;
    let other_coded = app
        .post(
            &path,
            Some(&world.intake),
            json!({"from": coded.body["id"]}),
        )
        .await;
    let owned = app
        .post(&path, Some(&world.intake), json!({"from": with_account}))
        .await;
    let into_uncoded = app
        .post(
            &format!("/api/v1/businesses/{with_account}/merges"),
            Some(&world.intake),
            json!({"from": uncoded}),
        )
        .await;
    let by_mediator = app
        .post(&path, Some(&world.mediator), json!({"from": uncoded}))
        .await;
    let unknown = app
        .post(
            &path,
            Some(&world.intake),
            json!({"from": uuid::Uuid::now_v7()}),
        )
        .await;

    for refused in [&into_itself, &other_coded, &owned, &into_uncoded] {
        assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
        assert_eq!(refused.code(), "conflict");
    }
    assert_eq!(by_mediator.status, StatusCode::FORBIDDEN);
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    let first = app
        .post(&path, Some(&world.intake), json!({"from": uncoded}))
        .await;
    let second = app
        .post(&path, Some(&world.intake), json!({"from": uncoded}))
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
}

#[tokio::test]
async fn complaints_filed_while_a_merge_runs_all_end_up_with_the_coded_business() {
    let world = world().await;
    let app = &world.app;
    let first = app
        .post(
            "/api/v1/complaints",
            Some(&world.consumer),
            uncoded_filing("某某电器南山店"),
        )
        .await;
    let uncoded = first.body["business"]["id"].as_str().unwrap().to_owned();

    let filings = (0..6).map(|_| {
        app.post(
            "/api/v1/complaints",
            Some(&world.consumer),
            uncoded_filing("某某电器南山店"),
        )
    });
    let merges = format!("/api/v1/businesses/{}/merges", world.business_id);
    let merge = app.post(&merges, Some(&world.intake), json!({"from": uncoded}));
    let (filed, merged) = tokio::join!(futures_util::future::join_all(filings), merge);

    assert_eq!(merged.status, StatusCode::OK, "{}", merged.body);
    let mut ids = vec![first.body["id"].as_str().unwrap().to_owned()];
    for reply in filed {
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        ids.push(reply.body["id"].as_str().unwrap().to_owned());
    }
    for id in ids {
        let case = world.complaint(&world.consumer, &id).await;
        assert_eq!(
            case.body["business"]["id"],
            world.business_id.as_str(),
            "{id}"
        );
    }
}

#[tokio::test]
async fn staff_merge_only_records_their_own_association_serves() {
    let world = world().await;
    let app = &world.app;
    let beijing = app.association_id("110000").await;
    let beijing_intake = app
        .staff_token(&beijing, "bj.intake", &["intake_officer"])
        .await;
    let coded_in_beijing = app
        .post(
            "/api/v1/businesses",
            Some(&world.admin),
            json!({"name": "北京某某科技有限公司", "credit_code": "91110000600037341L", "region_code": "110105"}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let filed = app
        .post(
            "/api/v1/complaints",
            Some(&world.consumer),
            uncoded_filing("某某电器南山店"),
        )
        .await;
    let case = filed.body["id"].as_str().unwrap().to_owned();
    let served_by_guangdong = filed.body["business"]["id"].as_str().unwrap().to_owned();

    let by_beijing = app
        .post(
            &format!("/api/v1/businesses/{coded_in_beijing}/merges"),
            Some(&beijing_intake),
            json!({"from": served_by_guangdong}),
        )
        .await;
    let by_guangdong = app
        .post(
            &format!("/api/v1/businesses/{coded_in_beijing}/merges"),
            Some(&world.intake),
            json!({"from": served_by_guangdong}),
        )
        .await;

    for refused in [&by_beijing, &by_guangdong] {
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
        assert_eq!(refused.code(), "forbidden");
    }
    let unmoved = world.complaint(&world.consumer, &case).await;
    assert_eq!(unmoved.body["business"]["id"], served_by_guangdong.as_str());
    let by_platform_admin = app
        .post(
            &format!("/api/v1/businesses/{coded_in_beijing}/merges"),
            Some(&world.admin),
            json!({"from": served_by_guangdong}),
        )
        .await;
    assert_eq!(
        by_platform_admin.status,
        StatusCode::OK,
        "{}",
        by_platform_admin.body
    );
}

#[tokio::test]
async fn a_filing_that_names_a_merged_record_may_name_the_business_outlet() {
    let world = world().await;
    let app = &world.app;
    let outlet = crate::outlets::register_outlet(&world, "南山店", "440305").await;
    let first = app
        .post(
            "/api/v1/complaints",
            Some(&world.consumer),
            uncoded_filing("某某电器南山店"),
        )
        .await;
    let uncoded = first.body["business"]["id"].as_str().unwrap().to_owned();
    let merged = app
        .post(
            &format!("/api/v1/businesses/{}/merges", world.business_id),
            Some(&world.intake),
            json!({"from": uncoded}),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.body);

    let mut by_old_id = filing(&uncoded);
    by_old_id["outlet_id"] = json!(outlet);
    let mut by_name = uncoded_filing("某某电器南山店");
    by_name["outlet_id"] = json!(outlet);

    for body in [by_old_id, by_name] {
        let filed = app
            .post("/api/v1/complaints", Some(&world.consumer), body)
            .await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
        assert_eq!(filed.body["business"]["id"], world.business_id.as_str());
        assert_eq!(filed.body["outlet"]["id"], outlet.as_str());
    }
}

#[tokio::test]
async fn every_alias_added_while_a_merge_runs_reaches_the_coded_business() {
    let world = world().await;
    let app = &world.app;
    let mut accepted = 0;
    let mut carried = 0;

    for round in 0..3 {
        let uncoded = register(app, &world.admin, &format!("无代码商行{round}"), "440305").await;
        let aliases = format!("/api/v1/businesses/{uncoded}/aliases");
        let merges = format!("/api/v1/businesses/{}/merges", world.business_id);
        let adds = (0..10).map(|i| {
            app.post(
                &aliases,
                Some(&world.intake),
                json!({"name": format!("品牌{round}-{i}"), "kind": "brand"}),
            )
        });
        let merge = app.post(&merges, Some(&world.intake), json!({"from": uncoded}));
        let (added, merged) = tokio::join!(futures_util::future::join_all(adds), merge);

        assert_eq!(merged.status, StatusCode::OK, "{}", merged.body);
        for reply in &added {
            assert!(
                [StatusCode::CREATED, StatusCode::CONFLICT].contains(&reply.status),
                "{}",
                reply.body
            );
        }
        accepted += added
            .iter()
            .filter(|reply| reply.status == StatusCode::CREATED)
            .count();
    }

    let business = app
        .get(&format!("/api/v1/businesses/{}", world.business_id), None)
        .await;
    for alias in business.body["aliases"].as_array().unwrap() {
        if alias["kind"] == "brand" {
            carried += 1;
        }
    }
    assert_eq!(carried, accepted, "{}", business.body);
}

#[tokio::test]
async fn a_merged_record_takes_no_membership_accounts_or_suspension() {
    let world = world().await;
    let app = &world.app;
    let uncoded = register(app, &world.admin, "无代码商行", "440305").await;
    let merged = app
        .post(
            &format!("/api/v1/businesses/{}/merges", world.business_id),
            Some(&world.admin),
            json!({"from": uncoded}),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.body);

    let membership = app
        .put(
            &format!("/api/v1/businesses/{uncoded}/membership"),
            Some(&world.admin),
            json!({"member": true}),
        )
        .await;
    let account = app
        .post(
            &format!("/api/v1/businesses/{uncoded}/users"),
            Some(&world.admin),
            json!({"login_name": "ghost.clerk", "display_name": "店员", "password": "ghost-2024"}),
        )
        .await;
    let suspension = app
        .put(
            &format!("/api/v1/businesses/{uncoded}/suspension"),
            Some(&world.admin),
            json!({"reason": "连续三个月未在时限内处理投诉"}),
        )
        .await;

    for refused in [membership, account, suspension] {
        assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
        assert!(
            refused.body["detail"]
                .as_str()
                .unwrap()
                .contains(&world.business_id)
        );
    }
}
