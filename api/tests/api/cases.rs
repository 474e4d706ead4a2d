//! A small world for case tests: an association with intake and mediation
//! staff, a member business with a handler, and consumers.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Reply, TestApp, spawn_app};

pub const CREDIT_CODE: &str = "91440300MA5G8XQK18";

pub struct World {
    pub app: TestApp,
    pub admin: String,
    pub association: String,
    pub intake: String,
    pub mediator: String,
    pub business_id: String,
    pub handler: String,
    pub consumer: String,
}

/// Guangdong's association with its staff, and a member business in
/// Shenzhen (which has no association of its own, so Guangdong handles it).
pub async fn world() -> World {
    world_with(spawn_app().await, true).await
}

pub async fn world_with(app: TestApp, member: bool) -> World {
    let admin = app.admin_token().await;
    let association = app.association_id("440000").await;
    let intake = app
        .staff_token(&association, "gd.intake", &["intake_officer"])
        .await;
    let mediator = app
        .staff_token(&association, "gd.mediator", &["mediator"])
        .await;

    let business = app
        .post(
            "/api/v1/businesses",
            Some(&admin),
            json!({"name": "深圳某某电器有限公司", "credit_code": CREDIT_CODE, "region_code": "440305"}),
        )
        .await;
    assert_eq!(business.status, StatusCode::CREATED, "{}", business.body);
    let business_id = business.body["id"].as_str().unwrap().to_owned();
    if member {
        let joined = app
            .put(
                &format!("/api/v1/businesses/{business_id}/membership"),
                Some(&admin),
                json!({"member": true}),
            )
            .await;
        assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    }
    let account = app
        .post(
            &format!("/api/v1/businesses/{business_id}/users"),
            Some(&admin),
            json!({"login_name": "sz.service", "display_name": "客服小李", "password": "service-2024"}),
        )
        .await;
    assert_eq!(account.status, StatusCode::CREATED, "{}", account.body);
    let handler = app.access_token("sz.service", "service-2024").await;
    let consumer = app.consumer_token("13800138000").await;

    World {
        app,
        admin,
        association,
        intake,
        mediator,
        business_id,
        handler,
        consumer,
    }
}

/// A filing that passes every check.
pub fn filing(business_id: &str) -> Value {
    json!({
        "business": {"id": business_id},
        "region_code": "440305",
        "category_code": "goods.appliances",
        "nature_code": "quality",
        "purchase_date": "2024-11-20",
        "amount_fen": 329900,
        "order_number": "SO-20241120-0042",
        "channel": "offline_shop",
        "description": "购买的冰箱使用三天后不制冷，门店拒绝退换，只同意维修。",
        "demands": ["replacement"],
        "consent_to_publish": true,
    })
}

impl World {
    /// Files the standard complaint as the consumer; returns its id.
    pub async fn file(&self) -> String {
        let filed = self
            .app
            .post(
                "/api/v1/complaints",
                Some(&self.consumer),
                filing(&self.business_id),
            )
            .await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
        filed.body["id"].as_str().unwrap().to_owned()
    }

    pub async fn act(&self, token: &str, id: &str, action: Value) -> Reply {
        self.app
            .post(
                &format!("/api/v1/complaints/{id}/actions"),
                Some(token),
                action,
            )
            .await
    }

    /// Takes the action and expects it to succeed; returns the complaint.
    pub async fn step(&self, token: &str, id: &str, action: Value) -> Value {
        let reply = self.act(token, id, action.clone()).await;
        assert_eq!(reply.status, StatusCode::OK, "{action}: {}", reply.body);
        reply.body
    }

    pub async fn complaint(&self, token: &str, id: &str) -> Reply {
        self.app
            .get(&format!("/api/v1/complaints/{id}"), Some(token))
            .await
    }

    pub async fn timeline_kinds(&self, token: &str, id: &str) -> Vec<String> {
        let reply = self
            .app
            .get(&format!("/api/v1/complaints/{id}/timeline"), Some(token))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_owned())
            .collect()
    }

    pub async fn record(&self, id: &str) -> Value {
        let reply = self
            .app
            .get(
                &format!("/api/v1/complaints/{id}/record"),
                Some(&self.intake),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.body
    }

    /// Moves the server's clock forward, runs one sweep, and logs everyone
    /// in again (their access tokens expired meanwhile).
    pub async fn days_pass(&mut self, days: i64) -> api::deadlines::sweeper::Swept {
        self.hours_pass(days * 24).await
    }

    /// Like `days_pass`, by the hour.
    pub async fn hours_pass(&mut self, hours: i64) -> api::deadlines::sweeper::Swept {
        self.app.clock.advance(chrono::Duration::hours(hours));
        let swept = api::deadlines::sweeper::sweep(&self.app.state)
            .await
            .expect("the sweep runs");

        self.admin = self.app.admin_token().await;
        self.intake = self.app.access_token("gd.intake", "staff-pass-1").await;
        self.mediator = self.app.access_token("gd.mediator", "staff-pass-1").await;
        self.handler = self.app.access_token("sz.service", "service-2024").await;
        self.consumer = self.app.access_token("13800138000", "wang2024!").await;
        swept
    }
}

/// A date `days` from the server's clock, as `YYYY-MM-DD` in China time.
pub fn date_in(app: &TestApp, days: i64) -> String {
    use api::clock::Clock;
    let now = app.clock.now() + chrono::Duration::days(days);
    now.with_timezone(&api::deadlines::calendar::china())
        .format("%Y-%m-%d")
        .to_string()
}
