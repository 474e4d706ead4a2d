//! For every endpoint, each role and each organisation it does not allow is
//! refused, and those it allows get through.

use std::collections::BTreeSet;
use std::time::Duration;

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
const STAFF: &[Caller] = &[
    IntakeOfficer,
    Mediator,
    AssociationAdmin,
    OtherAssociationAdmin,
    PlatformAdmin,
];
const CONSUMERS: &[Caller] = &[Consumer];
/// Any staff member of the association, and platform admins.
const OWN_ASSOCIATION_STAFF: &[Caller] =
    &[IntakeOfficer, Mediator, AssociationAdmin, PlatformAdmin];
const OWN_ASSOCIATION_ADMIN: &[Caller] = &[AssociationAdmin, PlatformAdmin];
/// The association's admins and mediators list a business for case publicity.
const OWN_ASSOCIATION_PUBLICISTS: &[Caller] = &[Mediator, AssociationAdmin, PlatformAdmin];
/// Admins and mediators of any association reach a listing; one of another
/// association's answers 403, as the publicity tests show.
const PUBLICISTS: &[Caller] = &[
    Mediator,
    AssociationAdmin,
    OtherAssociationAdmin,
    PlatformAdmin,
];
/// Intake officers and admins of any association import case bundles into it.
const IMPORTERS: &[Caller] = &[IntakeOfficer, AssociationAdmin, OtherAssociationAdmin];
const OWN_ASSOCIATION_INTAKE: &[Caller] = &[IntakeOfficer, AssociationAdmin, PlatformAdmin];
/// Intake officers and admins review their own association's applications.
const REVIEWERS: &[Caller] = &[
    IntakeOfficer,
    AssociationAdmin,
    OtherAssociationAdmin,
    PlatformAdmin,
];

struct Endpoint {
    method: Method,
    /// OpenAPI path template.
    template: &'static str,
    allowed: &'static [Caller],
    body: Option<Value>,
    /// Answers with an endless stream: only its status is read.
    streams: bool,
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
        streams: false,
    }
}

fn stream(template: &'static str, allowed: &'static [Caller]) -> Endpoint {
    Endpoint {
        streams: true,
        ..endpoint(Method::GET, template, allowed, None)
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
            "/api/v1/auth/register/business",
            EVERYONE,
            Some(json!({"email": "y@example.cn", "password": "wang2024!", "display_name": "y"})),
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
        // Anyone may try a mini-program login; here no platform is
        // configured, so everyone gets the same 404.
        endpoint(
            Method::POST,
            "/api/v1/auth/mini-program/{provider}/login",
            EVERYONE,
            Some(json!({"code": "code-alice"})),
        ),
        endpoint(
            Method::POST,
            "/api/v1/auth/mini-program/{provider}/binding",
            EVERYONE,
            Some(
                json!({"binding_ticket": "mpt_x", "phone": "13900139000", "password": "alice-2024"}),
            ),
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
        endpoint(Method::GET, "/api/v1/notifications", SIGNED_IN, None),
        endpoint(
            Method::PUT,
            "/api/v1/notifications/{id}/read",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::POST,
            "/api/v1/notifications/read-all",
            SIGNED_IN,
            None,
        ),
        stream("/api/v1/events", SIGNED_IN),
        endpoint(
            Method::GET,
            "/api/v1/associations/{id}/deadline-policy",
            EVERYONE,
            None,
        ),
        endpoint(
            Method::PUT,
            "/api/v1/associations/{id}/deadline-policy",
            OWN_ASSOCIATION_ADMIN,
            Some(
                json!({"acceptance_days": 7, "information_days": 15, "reconciliation_days": 10, "mediation_days": 45}),
            ),
        ),
        endpoint(Method::GET, "/api/v1/businesses", EVERYONE, None),
        endpoint(
            Method::GET,
            "/api/v1/businesses/{business_id}",
            EVERYONE,
            None,
        ),
        endpoint(
            Method::POST,
            "/api/v1/businesses",
            STAFF,
            Some(json!({"name": "某某超市", "region_code": "440305"})),
        ),
        endpoint(
            Method::PUT,
            "/api/v1/businesses/{business_id}/membership",
            OWN_ASSOCIATION_ADMIN,
            Some(json!({"member": true})),
        ),
        endpoint(
            Method::POST,
            "/api/v1/businesses/{business_id}/users",
            OWN_ASSOCIATION_ADMIN,
            Some(
                json!({"login_name": "shop.clerk", "display_name": "店员", "password": "clerk-2024"}),
            ),
        ),
        endpoint(
            Method::POST,
            "/api/v1/complaints",
            CONSUMERS,
            Some(json!({"business": {"id": "00000000-0000-0000-0000-000000000000"}})),
        ),
        // Case endpoints answer 404 to signed-in callers who may not see the
        // case; the visibility tests cover each pair.
        endpoint(Method::GET, "/api/v1/complaints", SIGNED_IN, None),
        endpoint(Method::GET, "/api/v1/complaints/counts", SIGNED_IN, None),
        endpoint(
            Method::GET,
            "/api/v1/complaints/{complaint_id}",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::POST,
            "/api/v1/complaints/{complaint_id}/actions",
            SIGNED_IN,
            Some(json!({"action": "accept"})),
        ),
        endpoint(
            Method::GET,
            "/api/v1/complaints/{complaint_id}/timeline",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::GET,
            "/api/v1/complaints/{complaint_id}/record",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::GET,
            "/api/v1/complaints/{complaint_id}/messages",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::POST,
            "/api/v1/complaints/{complaint_id}/messages",
            SIGNED_IN,
            Some(json!({"body": "你好"})),
        ),
        endpoint(
            Method::GET,
            "/api/v1/complaints/{complaint_id}/mediators",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::PUT,
            "/api/v1/complaints/{complaint_id}/mediator",
            SIGNED_IN,
            Some(json!({"mediator_id": "0192f0c4-2222-7000-8000-000000000002"})),
        ),
        endpoint(
            Method::POST,
            "/api/v1/complaints/{complaint_id}/mediation-sessions",
            SIGNED_IN,
            Some(json!({"starts_at": "2030-01-01T02:00:00Z", "place": "调解室"})),
        ),
        endpoint(
            Method::GET,
            "/api/v1/complaints/{complaint_id}/publication",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::PUT,
            "/api/v1/complaints/{complaint_id}/consent",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::DELETE,
            "/api/v1/complaints/{complaint_id}/consent",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::PUT,
            "/api/v1/complaints/{complaint_id}/public-text",
            SIGNED_IN,
            Some(json!({"description": "消费者反映冰箱不制冷。"})),
        ),
        endpoint(
            Method::GET,
            "/api/v1/complaints/{complaint_id}/public-text/edits",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::POST,
            "/api/v1/complaints/{complaint_id}/unpublication",
            SIGNED_IN,
            Some(json!({"reason": "法院裁定"})),
        ),
        endpoint(
            Method::POST,
            "/api/v1/complaints/{complaint_id}/public-comment",
            SIGNED_IN,
            Some(json!({"text": "已处理"})),
        ),
        endpoint(
            Method::POST,
            "/api/v1/publication-preview",
            SIGNED_IN,
            Some(json!({"description": "我叫王小明，手机13812345678。"})),
        ),
        endpoint(
            Method::GET,
            "/api/v1/associations/{id}/disclosure-rules",
            EVERYONE,
            None,
        ),
        endpoint(
            Method::PUT,
            "/api/v1/associations/{id}/disclosure-rules",
            OWN_ASSOCIATION_ADMIN,
            Some(
                json!({"publish_non_members_on_acceptance": true, "publish_missed_deadlines": true, "publish_closed_with_consent": true}),
            ),
        ),
        endpoint(Method::GET, "/api/v1/public/complaints", EVERYONE, None),
        endpoint(
            Method::GET,
            "/api/v1/public/complaints/{number}",
            EVERYONE,
            None,
        ),
        // Only the business's own users manage its keys; no caller here is one.
        endpoint(
            Method::POST,
            "/api/v1/businesses/{business_id}/api-keys",
            &[],
            Some(json!({"name": "ERP", "scopes": ["read_cases"]})),
        ),
        endpoint(
            Method::GET,
            "/api/v1/businesses/{business_id}/api-keys",
            &[],
            None,
        ),
        endpoint(
            Method::DELETE,
            "/api/v1/businesses/{business_id}/api-keys/{key_id}",
            &[],
            None,
        ),
        endpoint(
            Method::GET,
            "/api/v1/businesses/{business_id}/figures",
            STAFF,
            None,
        ),
        endpoint(
            Method::POST,
            "/api/v1/businesses/{business_id}/aliases",
            STAFF,
            Some(json!({"name": "某某品牌", "kind": "brand"})),
        ),
        endpoint(
            Method::DELETE,
            "/api/v1/businesses/{business_id}/aliases/{alias_id}",
            STAFF,
            None,
        ),
        endpoint(
            Method::POST,
            "/api/v1/businesses/{business_id}/merges",
            OWN_ASSOCIATION_INTAKE,
            Some(json!({"from": "0190b0b0-0000-7000-8000-000000000000"})),
        ),
        endpoint(
            Method::PUT,
            "/api/v1/businesses/{business_id}/contacts",
            &[],
            Some(json!({"phone": "400-800-1234"})),
        ),
        endpoint(
            Method::GET,
            "/api/v1/businesses/{business_id}/outlets",
            EVERYONE,
            None,
        ),
        endpoint(
            Method::GET,
            "/api/v1/public/businesses/{business_id}",
            EVERYONE,
            None,
        ),
        endpoint(Method::GET, "/api/v1/public/rankings", EVERYONE, None),
        // Outlets and reply templates belong to the business's own users
        // (and its keys, for reading templates); no caller here is one.
        endpoint(
            Method::POST,
            "/api/v1/businesses/{business_id}/outlets",
            &[],
            Some(json!({"name": "南山店", "region_code": "440305"})),
        ),
        endpoint(
            Method::PUT,
            "/api/v1/businesses/{business_id}/outlets/{outlet_id}",
            &[],
            Some(json!({"name": "南山店", "region_code": "440305"})),
        ),
        endpoint(
            Method::DELETE,
            "/api/v1/businesses/{business_id}/outlets/{outlet_id}",
            &[],
            None,
        ),
        endpoint(
            Method::GET,
            "/api/v1/businesses/{business_id}/reply-templates",
            &[],
            None,
        ),
        endpoint(
            Method::POST,
            "/api/v1/businesses/{business_id}/reply-templates",
            &[],
            Some(json!({"title": "已安排检修", "body": "您好，已安排检修。"})),
        ),
        endpoint(
            Method::PUT,
            "/api/v1/businesses/{business_id}/reply-templates/{template_id}",
            &[],
            Some(json!({"title": "已安排检修", "body": "您好，已安排检修。"})),
        ),
        endpoint(
            Method::DELETE,
            "/api/v1/businesses/{business_id}/reply-templates/{template_id}",
            &[],
            None,
        ),
        endpoint(Method::GET, "/api/v1/complaints/export.csv", STAFF, None),
        // Webhooks: the business's own users and its keys with `manage_webhooks`;
        // no caller here is one. The webhooks tests cover those who may.
        endpoint(
            Method::POST,
            "/api/v1/businesses/{business_id}/webhooks",
            &[],
            Some(json!({"url": "https://hooks.example.cn/in", "events": ["case_closed"]})),
        ),
        endpoint(
            Method::GET,
            "/api/v1/businesses/{business_id}/webhooks",
            &[],
            None,
        ),
        endpoint(
            Method::GET,
            "/api/v1/businesses/{business_id}/webhooks/{webhook_id}",
            &[],
            None,
        ),
        endpoint(
            Method::PUT,
            "/api/v1/businesses/{business_id}/webhooks/{webhook_id}",
            &[],
            Some(
                json!({"url": "https://hooks.example.cn/in", "events": ["case_closed"], "active": true}),
            ),
        ),
        endpoint(
            Method::DELETE,
            "/api/v1/businesses/{business_id}/webhooks/{webhook_id}",
            &[],
            None,
        ),
        endpoint(
            Method::GET,
            "/api/v1/businesses/{business_id}/webhooks/{webhook_id}/deliveries",
            &[],
            None,
        ),
        endpoint(
            Method::POST,
            "/api/v1/businesses/{business_id}/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver",
            &[],
            None,
        ),
        endpoint(
            Method::PUT,
            "/api/v1/businesses/{business_id}/suspension",
            OWN_ASSOCIATION_ADMIN,
            Some(json!({"reason": "连续三个月未在时限内处理投诉"})),
        ),
        endpoint(
            Method::DELETE,
            "/api/v1/businesses/{business_id}/suspension",
            OWN_ASSOCIATION_ADMIN,
            None,
        ),
        endpoint(
            Method::GET,
            "/api/v1/businesses/{business_id}/membership-history",
            EVERYONE,
            None,
        ),
        endpoint(Method::GET, "/api/v1/joining-commitment", EVERYONE, None),
        // Only business accounts apply and follow their applications; no
        // caller here is one.
        endpoint(
            Method::POST,
            "/api/v1/joining-applications",
            &[],
            Some(json!({})),
        ),
        endpoint(Method::GET, "/api/v1/joining-applications/mine", &[], None),
        endpoint(
            Method::PUT,
            "/api/v1/joining-applications/{application_id}",
            &[],
            Some(json!({})),
        ),
        endpoint(
            Method::POST,
            "/api/v1/joining-applications/{application_id}/withdraw",
            &[],
            None,
        ),
        // Reviewers reach the queue and any application; one of another
        // association's answers 404, as the joining tests show.
        endpoint(Method::GET, "/api/v1/joining-applications", REVIEWERS, None),
        endpoint(
            Method::GET,
            "/api/v1/joining-applications/{application_id}",
            REVIEWERS,
            None,
        ),
        endpoint(
            Method::POST,
            "/api/v1/joining-applications/{application_id}/decision",
            REVIEWERS,
            Some(json!({"decision": "approve"})),
        ),
        // A business's team is its own owners' and managers' business.
        endpoint(
            Method::POST,
            "/api/v1/businesses/{business_id}/invitations",
            &[],
            Some(json!({"role": "handler"})),
        ),
        endpoint(
            Method::GET,
            "/api/v1/businesses/{business_id}/invitations",
            &[],
            None,
        ),
        endpoint(
            Method::DELETE,
            "/api/v1/businesses/{business_id}/invitations/{invitation_id}",
            &[],
            None,
        ),
        endpoint(
            Method::POST,
            "/api/v1/invitations/{token}/accept",
            &[],
            None,
        ),
        endpoint(
            Method::GET,
            "/api/v1/businesses/{business_id}/members",
            &[],
            None,
        ),
        endpoint(
            Method::PUT,
            "/api/v1/businesses/{business_id}/members/{user_id}",
            &[],
            Some(json!({"role": "manager"})),
        ),
        endpoint(
            Method::DELETE,
            "/api/v1/businesses/{business_id}/members/{user_id}",
            &[],
            None,
        ),
        // Statistics and open data are public.
        endpoint(Method::GET, "/api/v1/public/stats", EVERYONE, None),
        endpoint(Method::GET, "/api/v1/public/open-data", EVERYONE, None),
        endpoint(
            Method::GET,
            "/api/v1/public/open-data/complaints.csv",
            EVERYONE,
            None,
        ),
        endpoint(
            Method::GET,
            "/api/v1/public/open-data/complaints.jsonl",
            EVERYONE,
            None,
        ),
        endpoint(Method::POST, "/api/v1/evidence", SIGNED_IN, Some(json!({}))),
        endpoint(
            Method::GET,
            "/api/v1/evidence/{evidence_id}",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::GET,
            "/api/v1/evidence/{evidence_id}/content",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::GET,
            "/api/v1/complaints/{complaint_id}/evidence",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::POST,
            "/api/v1/businesses/{business_id}/case-publicity",
            OWN_ASSOCIATION_PUBLICISTS,
            Some(
                json!({"ground": "refused_mediation", "statement": "拒不参加调解", "complaint_ids": []}),
            ),
        ),
        endpoint(
            Method::POST,
            "/api/v1/case-publicity/{listing_id}/lifting",
            PUBLICISTS,
            Some(json!({"statement": "已整改"})),
        ),
        endpoint(Method::GET, "/api/v1/public/case-publicity", EVERYONE, None),
        endpoint(
            Method::GET,
            "/api/v1/public/businesses/{business_id}/case-publicity",
            EVERYONE,
            None,
        ),
        // The demo clock: platform admins (this server is not a demo, so
        // they get `demo_mode_off` rather than a refusal).
        endpoint(Method::GET, "/api/v1/demo/clock", PLATFORM, None),
        endpoint(
            Method::PUT,
            "/api/v1/demo/clock",
            PLATFORM,
            Some(json!({"now": "2030-01-01T00:00:00Z"})),
        ),
        // Classification: suggestions for anyone filing; a case's
        // suggestion and label correction behind the case's own access
        // (this complaint does not exist: 404); the model for platform admins.
        endpoint(
            Method::POST,
            "/api/v1/classifications",
            EVERYONE,
            Some(json!({"text": "手机屏幕碎了"})),
        ),
        endpoint(
            Method::GET,
            "/api/v1/complaints/{complaint_id}/classification",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::PUT,
            "/api/v1/complaints/{complaint_id}/labels",
            SIGNED_IN,
            Some(json!({"category_code": "goods.appliances.phones", "nature_code": "quality"})),
        ),
        endpoint(Method::GET, "/api/v1/admin/classifier", PLATFORM, None),
        endpoint(
            Method::POST,
            "/api/v1/admin/classifier/retraining",
            PLATFORM,
            None,
        ),
        // Case bundles: export and referral answer 404 to callers who may
        // not see the case (the bundle tests cover the rest); checking takes
        // any staff member, importing an association's intake or admins.
        endpoint(
            Method::GET,
            "/api/v1/complaints/{complaint_id}/bundle",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::POST,
            "/api/v1/complaints/{complaint_id}/referrals",
            SIGNED_IN,
            Some(json!({"regulator": "深圳市市场监督管理局", "note": "移送"})),
        ),
        endpoint(
            Method::GET,
            "/api/v1/complaints/{complaint_id}/referrals",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::POST,
            "/api/v1/case-bundles/verification",
            STAFF,
            Some(json!({})),
        ),
        endpoint(
            Method::POST,
            "/api/v1/case-bundles",
            IMPORTERS,
            Some(json!({})),
        ),
        // Enquiries: consumers ask and read their own; staff of any
        // association reach the handling endpoints (a foreign association's
        // enquiry answers 404, as the enquiry tests show).
        endpoint(
            Method::POST,
            "/api/v1/enquiries",
            CONSUMERS,
            Some(
                json!({"question": "预付卡商家关门了怎么办？", "region_code": "440305", "consent_to_publish": false}),
            ),
        ),
        endpoint(Method::GET, "/api/v1/enquiries", SIGNED_IN, None),
        endpoint(
            Method::GET,
            "/api/v1/enquiries/{enquiry_id}",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::POST,
            "/api/v1/enquiries/{enquiry_id}/answer",
            STAFF,
            Some(json!({"answer": "可以要求退还余额。"})),
        ),
        endpoint(
            Method::POST,
            "/api/v1/enquiries/{enquiry_id}/complaint",
            STAFF,
            Some(
                json!({"business": {"name": "某某健身"}, "category_code": "services", "nature_code": "contract", "demands": ["refund"]}),
            ),
        ),
        endpoint(
            Method::POST,
            "/api/v1/enquiries/{enquiry_id}/publication",
            STAFF,
            None,
        ),
        endpoint(
            Method::DELETE,
            "/api/v1/enquiries/{enquiry_id}/publication",
            STAFF,
            None,
        ),
        endpoint(Method::GET, "/api/v1/public/questions", EVERYONE, None),
        // Guidance: staff write, anyone reads what is published.
        endpoint(
            Method::POST,
            "/api/v1/articles",
            STAFF,
            Some(json!({"language": "zh-CN", "title": "退货", "body": "短"})),
        ),
        endpoint(Method::GET, "/api/v1/articles", STAFF, None),
        endpoint(
            Method::PATCH,
            "/api/v1/articles/{article_id}",
            STAFF,
            Some(json!({"published": false})),
        ),
        endpoint(Method::GET, "/api/v1/public/articles", EVERYONE, None),
        endpoint(
            Method::GET,
            "/api/v1/public/articles/{article_id}",
            EVERYONE,
            None,
        ),
        endpoint(
            Method::GET,
            "/api/v1/public/articles/suggestions",
            EVERYONE,
            None,
        ),
        endpoint(
            Method::GET,
            "/api/v1/public/associations/{association_id}/performance",
            EVERYONE,
            None,
        ),
        // Surge alerts and consumer warnings: the association's staff.
        endpoint(
            Method::GET,
            "/api/v1/associations/{association_id}/alerts",
            OWN_ASSOCIATION_STAFF,
            None,
        ),
        endpoint(
            Method::POST,
            "/api/v1/associations/{association_id}/warnings",
            OWN_ASSOCIATION_STAFF,
            Some(json!({"title": "警", "body": "短"})),
        ),
        endpoint(
            Method::GET,
            "/api/v1/associations/{association_id}/warnings",
            OWN_ASSOCIATION_STAFF,
            None,
        ),
        endpoint(
            Method::POST,
            "/api/v1/associations/{association_id}/warnings/{warning_id}/withdrawal",
            OWN_ASSOCIATION_STAFF,
            None,
        ),
        endpoint(Method::GET, "/api/v1/public/warnings", EVERYONE, None),
        endpoint(
            Method::GET,
            "/api/v1/public/warnings/{warning_id}",
            EVERYONE,
            None,
        ),
        endpoint(
            Method::GET,
            "/api/v1/complaints/{complaint_id}/similar",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::GET,
            "/api/v1/complaints/{complaint_id}/group-complaints",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::GET,
            "/api/v1/associations/{association_id}/group-proposals",
            OWN_ASSOCIATION_STAFF,
            None,
        ),
        endpoint(
            Method::GET,
            "/api/v1/associations/{association_id}/group-complaints",
            OWN_ASSOCIATION_STAFF,
            None,
        ),
        endpoint(
            Method::POST,
            "/api/v1/group-complaints",
            REVIEWERS,
            Some(json!({"title": "集体", "cause": "同因", "complaint_ids": []})),
        ),
        // A group nobody here formed: every signed-in caller is told 404.
        endpoint(
            Method::GET,
            "/api/v1/group-complaints/{group_id}",
            SIGNED_IN,
            None,
        ),
        endpoint(
            Method::POST,
            "/api/v1/group-complaints/{group_id}/members",
            SIGNED_IN,
            Some(json!({"complaint_id": "00000000-0000-0000-0000-000000000000"})),
        ),
        endpoint(
            Method::POST,
            "/api/v1/group-complaints/{group_id}/offers",
            SIGNED_IN,
            Some(json!({"terms": "退款", "perform_by": "2026-12-31"})),
        ),
        endpoint(
            Method::PUT,
            "/api/v1/group-complaints/{group_id}/mediator",
            SIGNED_IN,
            Some(json!({"mediator_id": "00000000-0000-0000-0000-000000000000"})),
        ),
        endpoint(
            Method::GET,
            "/api/v1/associations/{association_id}/dashboard",
            OWN_ASSOCIATION_STAFF,
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
    business: String,
    complaint: String,
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
    let business = app
        .post(
            "/api/v1/businesses",
            tokens[6].1.as_deref(),
            json!({"name": "广州某某商行", "region_code": "440104"}),
        )
        .await;
    World {
        association: guangdong,
        target: target.body["id"].as_str().unwrap().to_owned(),
        business: business.body["id"].as_str().unwrap().to_owned(),
        // A complaint nobody here filed: every caller is refused or told 404.
        complaint: uuid::Uuid::now_v7().to_string(),
        tokens,
    }
}

fn concrete(template: &str, world: &World) -> String {
    template
        .replace("{id}", &world.association)
        .replace("{association_id}", &world.association)
        .replace("{user_id}", &world.target)
        .replace("{code}", "440300")
        .replace("{business_id}", &world.business)
        .replace("{complaint_id}", &world.complaint)
        .replace("{evidence_id}", &world.complaint)
        .replace("{key_id}", &world.complaint)
        .replace("{alias_id}", &world.complaint)
        .replace("{outlet_id}", &world.complaint)
        .replace("{template_id}", &world.complaint)
        .replace("{webhook_id}", &world.complaint)
        .replace("{delivery_id}", "1")
        .replace("{application_id}", &world.complaint)
        .replace("{enquiry_id}", &world.complaint)
        .replace("{group_id}", &world.complaint)
        .replace("{article_id}", "999999")
        .replace("{warning_id}", "999999")
        .replace("{invitation_id}", &world.complaint)
        .replace("{listing_id}", &world.complaint)
        .replace("{token}", "inv_unknown")
        .replace("{number}", "20990101000001")
        .replace("{provider}", "wechat")
}

#[tokio::test]
async fn every_endpoint_refuses_every_role_and_organisation_it_does_not_allow() {
    let app = spawn_app().await;
    let world = world(&app).await;

    let mut wrong = Vec::new();
    for endpoint in endpoints() {
        for (caller, token) in &world.tokens {
            let path = concrete(endpoint.template, &world);
            let status = status_of(&app, &endpoint, &path, token.as_deref()).await;
            let refused = matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN);
            let expected_refusal = if token.is_none() {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::FORBIDDEN
            };
            let allowed = endpoint.allowed.contains(caller);
            let login_endpoint = endpoint.template.contains("/auth/");

            if allowed && refused && !login_endpoint {
                wrong.push(format!(
                    "{} {} refused {caller:?}: {status}",
                    endpoint.method, path
                ));
            }
            if !allowed && status != expected_refusal {
                wrong.push(format!(
                    "{} {} let {caller:?} through: {status}",
                    endpoint.method, path
                ));
            }
        }
    }

    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// The status of one call; a stream is closed as soon as its headers arrive.
async fn status_of(
    app: &TestApp,
    endpoint: &Endpoint,
    path: &str,
    token: Option<&str>,
) -> StatusCode {
    if !endpoint.streams {
        let body = endpoint.body.clone();
        return app
            .send(endpoint.method.clone(), path, token, body)
            .await
            .status;
    }
    let mut request = app.client.get(app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let opened = tokio::time::timeout(Duration::from_secs(10), request.send()).await;
    opened
        .expect("the stream's headers arrive")
        .expect("the request reaches the server")
        .status()
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
