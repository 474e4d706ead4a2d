//! `PUT /businesses/{business_id}/contacts`: the customer-service contacts a
//! business publishes so that consumers can try it first. They show on the
//! public business record.

use actix_web::{put, web};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};
use shared::businesses::{Business, ServiceContacts};
use shared::validation::{EmailAddress, display_text};
use shared::{BusinessId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::businesses::registry;
use crate::entities::businesses;
use crate::error::{ApiError, ApiResult, Fields};
use crate::http::Json;
use crate::i18n::Text;
use crate::policy::{Action, authorize};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config.service(set_contacts);
}

/// Publish the business's customer-service contacts (its own signed-in users).
#[utoipa::path(
    tag = "businesses",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path)),
    request_body(content = ServiceContacts, example = json!({"phone": "400-800-1234", "email": "service@example.cn", "hours": "每天 9:00–21:00"})),
    responses(
        (status = 200, description = "The business with its contacts", body = Business),
        (status = 403, description = "Not a signed-in user of this business", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No way to reach the service, or an invalid value", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/businesses/{business_id}/contacts")]
async fn set_contacts(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<BusinessId>,
    body: Json<ServiceContacts>,
) -> ApiResult<web::Json<Business>> {
    authorize(&principal, Action::ManageOwnBusiness(*id))?;
    let body = body.into_inner()?;
    let contacts = check(&body)?;
    let business = businesses::Entity::find_by_id(id.0)
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found("经营者", "business"))?;

    let mut active = business.into_active_model();
    active.service_contacts = Set(Some(
        serde_json::to_string(&contacts).map_err(ApiError::internal)?,
    ));
    active.updated_at = Set(state.clock.now());
    let updated = active.update(&state.db).await?;
    Ok(web::Json(registry::present(&state.db, updated).await?))
}

fn check(body: &ServiceContacts) -> ApiResult<ServiceContacts> {
    let mut fields = Fields::default();
    let contacts = check_contacts(&mut fields, "", body);
    fields.finish()?;
    contacts.ok_or_else(|| ApiError::internal(anyhow::anyhow!("checked contacts went missing")))
}

/// Checks contacts, recording problems under `prefix` (for example
/// `service_contacts.`); the cleaned contacts when there is none.
pub fn check_contacts(
    fields: &mut Fields,
    prefix: &str,
    body: &ServiceContacts,
) -> Option<ServiceContacts> {
    let before = fields.len();
    let phone = optional(
        fields,
        &format!("{prefix}phone"),
        body.phone.as_deref(),
        30,
        is_phone,
    );
    let email = match body
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        Some(email) => fields.check(
            &format!("{prefix}email"),
            EmailAddress::parse(email).map(|e| e.as_str().to_owned()),
            Text::new("请填写有效的电子邮箱地址。", "Give a valid e-mail address."),
        ),
        None => None,
    };
    let url = optional(
        fields,
        &format!("{prefix}url"),
        body.url.as_deref(),
        300,
        |u| u.starts_with("https://") || u.starts_with("http://"),
    );
    let hours = optional(
        fields,
        &format!("{prefix}hours"),
        body.hours.as_deref(),
        100,
        |_| true,
    );
    let fine = fields.len() == before;
    if phone.is_none() && email.is_none() && url.is_none() && fine {
        fields.push(
            &format!("{prefix}phone"),
            "required",
            Text::new(
                "请至少提供电话、邮箱或网址中的一种。",
                "Give at least a phone number, an e-mail address or a web address.",
            ),
        );
    }
    (fields.len() == before).then_some(ServiceContacts {
        phone,
        email,
        url,
        hours,
    })
}

fn optional(
    fields: &mut Fields,
    field: &str,
    value: Option<&str>,
    max: usize,
    well_formed: impl Fn(&str) -> bool,
) -> Option<String> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    let text = fields.check(
        field,
        display_text(value, max),
        Text::new("不能包含控制字符。", "Must not contain control characters."),
    )?;
    if well_formed(&text) {
        return Some(text);
    }
    fields.push(
        field,
        "invalid_format",
        Text::new("格式不正确，请检查。", "This is not well formed; check it."),
    );
    None
}

/// Digits with the separators people write: `400-800-1234`, `(020) 1234 5678`, `+86 …`.
fn is_phone(value: &str) -> bool {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    (5..=20).contains(&digits)
        && value
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+' | '(' | ')'))
}
