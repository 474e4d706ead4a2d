//! A business's team: owners invite managers and handlers, invitations
//! expire and can be revoked, removed members are signed out at once, and a
//! business always keeps an owner.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Reply, TestApp, spawn_app};
use crate::joining::{BUSINESS_PASSWORD, Joined, business_account, joined_business};

async fn invite(app: &TestApp, joined: &Joined, token: &str, body: Value) -> Reply {
    app.post(
        &format!("/api/v1/businesses/{}/invitations", joined.business_id),
        Some(token),
        body,
    )
    .await
}

async fn accept(app: &TestApp, token: &str, invitation: &str) -> Reply {
    app.post(
        &format!("/api/v1/invitations/{invitation}/accept"),
        Some(token),
        json!({}),
    )
    .await
}

/// Registers `phone`, has the owner invite it in `role`, accepts, and
/// returns the colleague's fresh token and user id.
async fn colleague(app: &TestApp, joined: &Joined, phone: &str, role: &str) -> (String, String) {
    let invited = invite(app, joined, &joined.owner, json!({"role": role})).await;
    assert_eq!(invited.status, StatusCode::CREATED, "{}", invited.body);
    let token = business_account(app, phone).await;
    let accepted = accept(app, &token, invited.body["token"].as_str().unwrap()).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);

    let token = app.access_token(phone, BUSINESS_PASSWORD).await;
    let me = app.get("/api/v1/me", Some(&token)).await.body;
    (token, me["id"].as_str().unwrap().to_owned())
}

fn member_path(joined: &Joined, user: &str) -> String {
    format!("/api/v1/businesses/{}/members/{user}", joined.business_id)
}

#[tokio::test]
async fn an_invited_handler_joins_and_handles_cases_but_manages_nothing() {
    let app = spawn_app().await;
    let joined = joined_business(&app, "13700137100").await;
    let invited = invite(&app, &joined, &joined.owner, json!({"role": "handler"})).await;
    assert_eq!(invited.status, StatusCode::CREATED, "{}", invited.body);
    assert_eq!(invited.body["state"], "pending");
    let newcomer = business_account(&app, "13700137101").await;

    let accepted = accept(&app, &newcomer, invited.body["token"].as_str().unwrap()).await;

    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    assert_eq!(accepted.body["business_id"], joined.business_id.as_str());
    assert_eq!(accepted.body["role"], "handler");
    let handler = app.access_token("13700137101", BUSINESS_PASSWORD).await;
    let me = app.get("/api/v1/me", Some(&handler)).await.body;
    assert_eq!(me["business_role"], "handler");
    let members = app
        .get(
            &format!("/api/v1/businesses/{}/members", joined.business_id),
            Some(&joined.owner),
        )
        .await
        .body;
    let roles: Vec<&str> = members
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["owner", "handler"]);

    let business = &joined.business_id;
    assert_eq!(
        app.get("/api/v1/complaints", Some(&handler)).await.status,
        StatusCode::OK
    );
    let refusals = [
        invite(&app, &joined, &handler, json!({"role": "handler"})).await,
        app.post(
            &format!("/api/v1/businesses/{business}/api-keys"),
            Some(&handler),
            json!({"name": "ERP", "scopes": ["read_cases"]}),
        )
        .await,
        app.put(
            &format!("/api/v1/businesses/{business}/contacts"),
            Some(&handler),
            json!({"phone": "400-800-1234"}),
        )
        .await,
        app.get(
            &format!("/api/v1/businesses/{business}/members"),
            Some(&handler),
        )
        .await,
    ];
    for refused in refusals {
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    }
}

#[tokio::test]
async fn an_invitation_expires_after_seven_days() {
    let app = spawn_app().await;
    let joined = joined_business(&app, "13700137110").await;
    let invited = invite(&app, &joined, &joined.owner, json!({"role": "manager"})).await;
    let token = invited.body["token"].as_str().unwrap().to_owned();

    app.clock.advance(chrono::Duration::days(8));
    let late = business_account(&app, "13700137111").await;
    let refused = accept(&app, &late, &token).await;

    assert_eq!(refused.status, StatusCode::CONFLICT);
    let owner = app.access_token("13700137110", BUSINESS_PASSWORD).await;
    let listed = app
        .get(
            &format!("/api/v1/businesses/{}/invitations", joined.business_id),
            Some(&owner),
        )
        .await
        .body;
    assert_eq!(listed[0]["state"], "expired");
    assert!(
        listed.to_string().find(&token).is_none(),
        "tokens are never listed"
    );
}

#[tokio::test]
async fn a_revoked_or_used_invitation_cannot_be_accepted() {
    let app = spawn_app().await;
    let joined = joined_business(&app, "13700137120").await;
    let revoked = invite(&app, &joined, &joined.owner, json!({"role": "handler"})).await;
    let used = invite(&app, &joined, &joined.owner, json!({"role": "handler"})).await;
    let first = business_account(&app, "13700137121").await;
    let second = business_account(&app, "13700137122").await;

    let revoking = app
        .delete(
            &format!(
                "/api/v1/businesses/{}/invitations/{}",
                joined.business_id,
                revoked.body["id"].as_str().unwrap()
            ),
            Some(&joined.owner),
        )
        .await;
    assert_eq!(revoking.status, StatusCode::NO_CONTENT);
    let after_revoke = accept(&app, &first, revoked.body["token"].as_str().unwrap()).await;
    let used_token = used.body["token"].as_str().unwrap();
    let once = accept(&app, &first, used_token).await;
    let twice = accept(&app, &second, used_token).await;
    let unknown = accept(&app, &second, "inv_not-a-real-token").await;

    assert_eq!(after_revoke.status, StatusCode::CONFLICT);
    assert_eq!(once.status, StatusCode::OK);
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_invitation_for_a_phone_is_only_for_that_account() {
    let app = spawn_app().await;
    let joined = joined_business(&app, "13700137130").await;
    let named = business_account(&app, "13700137131").await;
    let stranger = business_account(&app, "13700137132").await;
    let invited = invite(
        &app,
        &joined,
        &joined.owner,
        json!({"role": "handler", "phone": "13700137131"}),
    )
    .await;
    let token = invited.body["token"].as_str().unwrap();

    let refused = accept(&app, &stranger, token).await;
    let accepted = accept(&app, &named, token).await;

    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    let inbox = app.get("/api/v1/notifications", Some(&named)).await.body;
    assert_eq!(inbox["items"][0]["kind"], "team_invitation");
}

#[tokio::test]
async fn a_removed_member_is_signed_out_at_once() {
    let app = spawn_app().await;
    let joined = joined_business(&app, "13700137140").await;
    let (handler, handler_id) = colleague(&app, &joined, "13700137141", "handler").await;
    assert_eq!(
        app.get("/api/v1/complaints", Some(&handler)).await.status,
        StatusCode::OK
    );

    let removed = app
        .delete(&member_path(&joined, &handler_id), Some(&joined.owner))
        .await;

    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let after = app.get("/api/v1/complaints", Some(&handler)).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    let again = app.access_token("13700137141", BUSINESS_PASSWORD).await;
    let me = app.get("/api/v1/me", Some(&again)).await.body;
    assert!(me["business_id"].is_null(), "{me}");
    let members = app
        .get(
            &format!("/api/v1/businesses/{}/members", joined.business_id),
            Some(&joined.owner),
        )
        .await
        .body;
    assert_eq!(members.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_last_owner_can_be_neither_removed_nor_demoted() {
    let app = spawn_app().await;
    let joined = joined_business(&app, "13700137150").await;
    let owner_id = app.get("/api/v1/me", Some(&joined.owner)).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, manager_id) = colleague(&app, &joined, "13700137151", "manager").await;
    let own = member_path(&joined, &owner_id);

    let leave = app.delete(&own, Some(&joined.owner)).await;
    let demote = app
        .put(&own, Some(&joined.owner), json!({"role": "manager"}))
        .await;
    assert_eq!(leave.status, StatusCode::CONFLICT);
    assert_eq!(demote.status, StatusCode::CONFLICT);

    let promoted = app
        .put(
            &member_path(&joined, &manager_id),
            Some(&joined.owner),
            json!({"role": "owner"}),
        )
        .await;
    assert_eq!(promoted.status, StatusCode::OK, "{}", promoted.body);
    assert_eq!(promoted.body["role"], "owner");
    let stepped_down = app
        .put(&own, Some(&joined.owner), json!({"role": "manager"}))
        .await;
    assert_eq!(stepped_down.status, StatusCode::OK, "{}", stepped_down.body);
    let old_token = app.get("/api/v1/me", Some(&joined.owner)).await;
    assert_eq!(
        old_token.status,
        StatusCode::UNAUTHORIZED,
        "a new role ends the sessions"
    );
}

#[tokio::test]
async fn managers_invite_and_remove_handlers_but_not_managers() {
    let app = spawn_app().await;
    let joined = joined_business(&app, "13700137160").await;
    let (manager, _) = colleague(&app, &joined, "13700137161", "manager").await;
    let (_, other_manager) = colleague(&app, &joined, "13700137162", "manager").await;
    let (_, handler) = colleague(&app, &joined, "13700137163", "handler").await;

    let as_manager = invite(&app, &joined, &manager, json!({"role": "manager"})).await;
    let as_handler = invite(&app, &joined, &manager, json!({"role": "handler"})).await;
    let as_owner = invite(&app, &joined, &joined.owner, json!({"role": "owner"})).await;
    assert_eq!(as_manager.status, StatusCode::FORBIDDEN);
    assert_eq!(as_handler.status, StatusCode::CREATED);
    assert_eq!(as_owner.status, StatusCode::UNPROCESSABLE_ENTITY);

    let key = app
        .post(
            &format!("/api/v1/businesses/{}/api-keys", joined.business_id),
            Some(&manager),
            json!({"name": "ERP", "scopes": ["read_cases"]}),
        )
        .await;
    assert_eq!(key.status, StatusCode::CREATED);
    let promote = app
        .put(
            &member_path(&joined, &handler),
            Some(&manager),
            json!({"role": "manager"}),
        )
        .await;
    assert_eq!(promote.status, StatusCode::FORBIDDEN);
    let remove_manager = app
        .delete(&member_path(&joined, &other_manager), Some(&manager))
        .await;
    assert_eq!(remove_manager.status, StatusCode::FORBIDDEN);
    let remove_handler = app
        .delete(&member_path(&joined, &handler), Some(&manager))
        .await;
    assert_eq!(remove_handler.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn accounts_made_by_the_association_are_managers_unless_made_owners() {
    let world = crate::cases::world().await;
    let app = &world.app;
    let made = app
        .post(
            &format!("/api/v1/businesses/{}/users", world.business_id),
            Some(&world.admin),
            json!({"login_name": "sz.boss", "display_name": "王总", "password": "boss-pass-2024", "role": "owner"}),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let boss = app.access_token("sz.boss", "boss-pass-2024").await;

    let members = app
        .get(
            &format!("/api/v1/businesses/{}/members", world.business_id),
            Some(&boss),
        )
        .await;

    assert_eq!(members.status, StatusCode::OK, "{}", members.body);
    let roles: Vec<(&str, &str)> = members
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["login_name"].as_str().unwrap(),
                m["role"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(roles, [("sz.service", "manager"), ("sz.boss", "owner")]);
    let handler_invite = app
        .post(
            &format!("/api/v1/businesses/{}/invitations", world.business_id),
            Some(&world.handler),
            json!({"role": "handler"}),
        )
        .await;
    assert_eq!(handler_invite.status, StatusCode::CREATED);
}
