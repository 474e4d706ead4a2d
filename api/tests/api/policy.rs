//! For every endpoint, each role and each organisation it does not allow is
//! refused, and those it allows get through.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Caller {
    Anonymous,
    Consumer,
    IntakeOfficer,
    Mediator,
    AssociationAdmin,
    OtherAssociationAdmin,
    PlatformAdmin,
}

use Caller::*;

const EVERYONE: &[Caller] = &[
    Anonymous,
    Consumer,
    IntakeOfficer,
    Mediator,
    AssociationAdmin,
    OtherAssociationAdmin,
    PlatformAdmin,
];
const SIGNED_IN: &[Caller] = &[
    Consumer,
    IntakeOfficer,
    Mediator,
    AssociationAdmin,
    OtherAssociationAdmin,
    PlatformAdmin,
];
const PLATFORM: &[Caller] = &[PlatformAdmin];
const OWN_ASSOCIATION_ADMIN: &[Caller] = &[AssociationAdmin, PlatformAdmin];

struct Endpoint {
    method: Method,
    /// OpenAPI path template.
    template: &'static str,
    allowed: &'static [Caller],
    body: Option<Value>,
}

fn endpoint(
    method: Method,
    template: &'static str,
    allowed: &'static [Caller],
    body: Option<Value>,
) -> Endpoint {
    Endpoint {
        method,
        template,
        allowed,
        body,
    }
}

/// Every endpoint of the API. Order matters only in that logout comes last.
fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint(Method::GET, "/healthz", EVERYONE, None),
        endpoint(Method::GET, "/readyz", EVERYONE, None),
        endpoint(Method::GET, "/api/v1/regions", EVERYONE, None),
        endpoint(Method::GET, "/api/v1/regions/{code}", EVERYONE, None),
        endpoint(Method::GET, "/api/v1/associations", EVERYONE, None),
        endpoint(Method::GET, "/api/v1/associations/{id}", EVERYONE, None),
        endpoint(Method::GET, "/api/v1/categories", EVERYONE, None),
        endpoint(Method::GET, "/api/v1/natures", EVERYONE, None),
        endpoint(
            Method::POST,
            "/api/v1/auth/register",
            EVERYONE,
            Some(json!({"email": "x@example.cn", "password": "wang2024!", "display_name": "x"})),
        ),
        endpoint(
            Method::POST,
            "/api/v1/auth/login",
            EVERYONE,
            Some(json!({"login": "nobody", "password": "nothing-1"})),
        ),
        endpoint(
            Method::POST,
            "/api/v1/auth/refresh",
            EVERYONE,
            Some(json!({"refresh_token": "unknown"})),
        ),
        endpoint(Method::GET, "/api/v1/me", SIGNED_IN, None),
        endpoint(
            Method::PUT,
            "/api/v1/me/password",
            SIGNED_IN,
            Some(json!({"current_password": "wrong", "new_password": "whatever-2024"})),
        ),
        endpoint(
            Method::POST,
            "/api/v1/associations",
            PLATFORM,
            Some(json!({"region_code": "440300", "name": "深圳市消费者委员会"})),
        ),
        endpoint(
            Method::PUT,
            "/api/v1/associations/{id}",
            PLATFORM,
            Some(json!({"name": "广东省消费者委员会"})),
        ),
        endpoint(
            Method::GET,
            "/api/v1/associations/{id}/staff",
            OWN_ASSOCIATION_ADMIN,
            None,
        ),
        endpoint(
            Method::POST,
            "/api/v1/associations/{id}/staff",
            OWN_ASSOCIATION_ADMIN,
            Some(
                json!({"login_name": "new.mediator", "display_name": "新", "password": "mediate-2024", "roles": ["mediator"]}),
            ),
        ),
        endpoint(
            Method::PUT,
            "/api/v1/associations/{id}/staff/{user_id}",
            OWN_ASSOCIATION_ADMIN,
            Some(json!({"display_name": "目标", "roles": ["mediator"]})),
        ),
        endpoint(
            Method::DELETE,
            "/api/v1/associations/{id}/staff/{user_id}",
            OWN_ASSOCIATION_ADMIN,
            None,
        ),
        endpoint(Method::POST, "/api/v1/evidence", SIGNED_IN, Some(json!({}))),
        endpoint(Method::GET, "/api/v1/evidence/{id}", SIGNED_IN, None),
        endpoint(
            Method::GET,
            "/api/v1/evidence/{id}/content",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::GET,
            "/api/v1/complaints/{id}/evidence",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::POST,
            "/api/v1/auth/logout",
            SIGNED_IN,
            Some(json!({})),
        ),
    ]
}

struct World {
    association: String,
    target: String,
    tokens: Vec<(Caller, Option<String>)>,
}

async fn world(app: &TestApp) -> World {
    let guangdong = app.association_id("440000").await;
    let zhejiang = app.association_id("330000").await;
    let admin = app.admin_token().await;
    let target = app
        .post(
            &format!("/api/v1/associations/{guangdong}/staff"),
            Some(&admin),
            json!({"login_name": "target", "display_name": "目标", "password": "target-2024", "roles": ["mediator"]}),
        )
        .await;

    let tokens = vec![
        (Anonymous, None),
        (Consumer, Some(app.consumer_token("13800138000").await)),
        (
            IntakeOfficer,
            Some(
                app.staff_token(&guangdong, "gd.intake", &["intake_officer"])
                    .await,
            ),
        ),
        (
            Mediator,
            Some(
                app.staff_token(&guangdong, "gd.mediator", &["mediator"])
                    .await,
            ),
        ),
        (
            AssociationAdmin,
            Some(
                app.staff_token(&guangdong, "gd.admin", &["association_admin"])
                    .await,
            ),
        ),
        (
            OtherAssociationAdmin,
            Some(
                app.staff_token(&zhejiang, "zj.admin", &["association_admin"])
                    .await,
            ),
        ),
        (PlatformAdmin, Some(admin)),
    ];
    World {
        association: guangdong,
        target: target.body["id"].as_str().unwrap().to_owned(),
        tokens,
    }
}

fn concrete(template: &str, world: &World) -> String {
    template
        .replace("{id}", &world.association)
        .replace("{user_id}", &world.target)
        .replace("{code}", "440300")
}

#[tokio::test]
async fn every_endpoint_refuses_every_role_and_organisation_it_does_not_allow() {
    let app = spawn_app().await;
    let world = world(&app).await;

    let mut wrong = Vec::new();
    for endpoint in endpoints() {
        for (caller, token) in &world.tokens {
            let path = concrete(endpoint.template, &world);
            let reply = app
                .send(
                    endpoint.method.clone(),
                    &path,
                    token.as_deref(),
                    endpoint.body.clone(),
                )
                .await;
            let refused = matches!(
                reply.status,
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
            );
            let expected_refusal = if token.is_none() {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::FORBIDDEN
            };
            let allowed = endpoint.allowed.contains(caller);
            let login_endpoint = endpoint.template.contains("/auth/");

            if allowed && refused && !login_endpoint {
                wrong.push(format!(
                    "{} {} refused {caller:?}: {}",
                    endpoint.method, path, reply.status
                ));
            }
            if !allowed && reply.status != expected_refusal {
                wrong.push(format!(
                    "{} {} let {caller:?} through: {}",
                    endpoint.method, path, reply.status
                ));
            }
        }
    }

    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_policy_table_covers_every_documented_operation() {
    let document: Value = serde_json::from_str(&api::openapi::document_json()).unwrap();
    let documented: BTreeSet<String> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |method| format!("{} {path}", method.to_uppercase()))
        })
        .collect();

    let tested: BTreeSet<String> = endpoints()
        .iter()
        .map(|e| format!("{} {}", e.method, e.template))
        .collect();

    assert_eq!(documented, tested);
}
