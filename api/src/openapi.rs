//! The OpenAPI document: its frame here, its paths from the route table.

mod common_responses;

use actix_web::App;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use shared::mini_program::MiniProgramProvider;
use shared::publication::PublicSort;
use shared::records::RankingOrder;

use crate::routes;
use crate::webhooks::docs::WebhookDocs;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "redress API",
        description = "Consumers file complaints against businesses; businesses reconcile; consumer associations accept, mediate and publish.\n\nConventions: JSON with snake_case fields, RFC 3339 UTC times, UUID ids, cursor pagination (`limit` at most 200), `Authorization: Bearer` tokens, errors as `application/problem+json` with a stable `code`, messages in zh-CN or en after `Accept-Language`.",
        license(name = "AGPL-3.0-or-later")
    ),
    servers((url = "/")),
    // Enums that only parameters name: utoipa refers to them without
    // collecting them, so they are listed here for the references to resolve.
    components(schemas(MiniProgramProvider, PublicSort, RankingOrder)),
    modifiers(&BearerAuth, &WebhookDocs),
    tags(
        (name = "auth", description = "Registering, logging in and tokens"),
        (name = "accounts", description = "The caller's own account"),
        (name = "organisations", description = "Regions, associations and their staff"),
        (name = "complaints", description = "Complaints: filing, actions, timeline, messages and the taxonomy"),
        (name = "businesses", description = "Businesses complained about and their membership"),
        (name = "public", description = "What anyone may read without signing in, under /api/v1/public/: published complaints and their search, businesses' handling records and the rankings by the complaint-handling index, statistics and open data. Rate limited per client address (429 with `Retry-After`)"),
        (name = "joining", description = "Businesses applying to join the platform, and the association's review"),
        (name = "team", description = "A business's users: their roles, and inviting colleagues"),
        (name = "notifications", description = "The caller's inbox and its live event stream"),
        (name = "bundles", description = "Case bundles (案件包): a case exported as one verifiable JSON document, with its hash-chained timeline and evidence, for referral to the market regulator or transfer to another platform; checking and importing such a bundle. Bundles carry the consumer's contacts and internal entries and are for association staff only"),
        (name = "evidence", description = "Files that parties upload and attach to complaints"),
        (name = "publication", description = "Publication (阳光公开): each association's disclosure rules, the consumer's preview and consent, staff's edits of the redacted text and taking a complaint down, and the business's public reply"),
        (name = "disclosure", description = "What is published: case publicity (个案公示) of businesses that refused mediation or did not carry out an agreement. Reads under /api/v1/public/ need no account and are rate limited per client address (429 with `Retry-After`)"),
        (name = "webhooks", description = "A member business's webhooks: signed POSTs to its systems when its cases change, and their delivery log"),
        (name = "group complaints", description = "Similar complaints and group complaints (集体投诉): proposals from similar texts against one business, confirming a group, joining it, the business's common offer and the group's mediator"),
        (name = "enquiries", description = "Enquiries (咨询): a consumer's question to the association serving their region, its answer, turning it into a complaint, and publishing it as a question and answer"),
        (name = "guidance", description = "Guidance articles (消费指引) that association staff write and publish; anyone reads and searches them under /api/v1/public/articles"),
        (name = "warnings", description = "Early warning (预警) of complaint surges against a business, a category or a region, for the association's staff with the complaints as evidence; and the consumer warnings (消费警示) staff issue, which anyone reads under /api/v1/public/warnings"),
        (name = "demo", description = "A demo server's clock (started with `--demo`): a replay files real complaints on their real dates and lets their deadlines run out. Production servers answer `demo_mode_off`"),
        (name = "health", description = "Probes"),
    )
)]
struct Frame;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT or API key")
                    .description(Some(
                        "A person's access token from /auth/login (a JWT, 15 minutes), or a \
                         member business's API key (`rdk_…`) for its own systems. A key reaches \
                         what its scopes allow: `read_cases` the business's complaints, their \
                         timelines, messages, evidence, export and reply templates; \
                         `act_on_cases` actions, messages and evidence uploads on them; \
                         `manage_webhooks` its webhooks and their deliveries. Keys never reach \
                         accounts, inboxes or the business's settings; a refusal names the \
                         missing scope.",
                    ))
                    .build(),
            ),
        );
    }
}

pub fn frame() -> utoipa::openapi::OpenApi {
    Frame::openapi()
}

/// The whole document, exactly as the server serves it.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, document) = App::new()
        .into_utoipa_app()
        .openapi(frame())
        .configure(routes::configure)
        .split_for_parts();
    let mut document = document;
    common_responses::add(&mut document);
    document
}

/// The document as committed in `openapi/openapi.json`.
pub fn document_json() -> String {
    let mut json = document().to_pretty_json().unwrap_or_default();
    json.push('\n');
    json
}
