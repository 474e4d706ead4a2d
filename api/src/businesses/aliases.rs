//! `/businesses/{business_id}/aliases`: the brand and former names that
//! consumers know a business by, so that name search finds it under them.
//! Association staff keep them; merges add the merged record's name.

use actix_web::{HttpResponse, delete, post, web};
use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use shared::businesses::{AddAliasRequest, AliasKind, BusinessAlias};
use shared::validation::display_text;
use shared::{BusinessId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::businesses::{names, registry};
use crate::db::for_share;
use crate::entities::{business_aliases, businesses};
use crate::error::{ApiError, ApiResult, Fields};
use crate::http::Json;
use crate::i18n::Text;
use crate::policy::{Action, authorize};
use crate::state::AppState;

/// More than this many names on one record is a sign of misuse, not of a big brand.
const MOST_ALIASES: u64 = 50;

pub fn configure(config: &mut ServiceConfig) {
    config.service(add_alias).service(remove_alias);
}

/// Add a brand or former name to a business (association staff).
#[utoipa::path(
    tag = "businesses",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path)),
    request_body(content = AddAliasRequest, example = json!({"name": "小鹏汽车", "kind": "brand"})),
    responses(
        (status = 201, description = "The new alias", body = BusinessAlias),
        (status = 403, description = "Not association staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such business", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The business has this name already, or was merged into another", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name or kind", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/businesses/{business_id}/aliases")]
async fn add_alias(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<BusinessId>,
    body: Json<AddAliasRequest>,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::RegisterBusinesses)?;
    let body = body.into_inner()?;
    let name = check(&body)?;
    let txn = state.writer.begin().await?;
    let business = find_current(&txn, *id).await?;

    let added = insert(
        &txn,
        &business,
        &name,
        body.kind,
        Some(principal.user_id.0),
        state.clock.now(),
    )
    .await?
    .ok_or_else(already_known)?;
    txn.commit().await?;
    tracing::info!(business_id = %business.id, alias = %added.name, by = %principal.user_id, "business alias added");
    Ok(HttpResponse::Created().json(registry::alias_view(added)))
}

fn check(body: &AddAliasRequest) -> ApiResult<String> {
    let mut fields = Fields::default();
    let name = fields.check(
        "name",
        display_text(&body.name, 200),
        Text::new(
            "名称不能为空，不能超过 200 字，也不能包含控制字符。",
            "The name must be 1 to 200 characters without control characters.",
        ),
    );
    if body.kind == AliasKind::RecordedName {
        fields.push(
            "kind",
            "invalid_choice",
            Text::new(
                "只能添加品牌名（brand）或曾用名（former_name）；投诉中记录的名称在合并时自动加入。",
                "Add a brand or a former_name; recorded names come from merges.",
            ),
        );
    }
    fields.finish()?;
    name.ok_or_else(|| ApiError::internal(anyhow::anyhow!("a checked alias name went missing")))
}

fn already_known() -> ApiError {
    ApiError::conflict(Text::new(
        "该经营者已有这个名称。",
        "The business is known by this name already.",
    ))
}

/// Adds a name unless the business has it already, as its own name or an
/// alias (compared folded). Returns the new row, or None when it had it.
pub async fn insert(
    db: &impl ConnectionTrait,
    business: &businesses::Model,
    name: &str,
    kind: AliasKind,
    by: Option<Uuid>,
    now: DateTime<Utc>,
) -> ApiResult<Option<business_aliases::Model>> {
    let key = names::fold(name);
    if key.is_empty() || business.name_key.as_deref() == Some(key.as_str()) {
        return Ok(None);
    }
    let existing = business_aliases::Entity::find()
        .filter(business_aliases::Column::BusinessId.eq(business.id))
        .filter(business_aliases::Column::AliasKey.eq(key.clone()))
        .one(db)
        .await?;
    if existing.is_some() {
        return Ok(None);
    }
    refuse_too_many(db, business.id).await?;

    let id = Uuid::now_v7();
    let row = business_aliases::ActiveModel {
        id: Set(id),
        business_id: Set(business.id),
        name: Set(name.to_owned()),
        alias_key: Set(key),
        kind: Set(kind.as_str().to_owned()),
        created_by: Set(by),
        created_at: Set(now),
    };
    // A concurrent insert of the same name wins quietly; the transaction of
    // a merge stays usable where a unique violation would abort it.
    business_aliases::Entity::insert(row)
        .on_conflict(OnConflict::new().do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(business_aliases::Entity::find_by_id(id).one(db).await?)
}

async fn refuse_too_many(db: &impl ConnectionTrait, business: Uuid) -> ApiResult<()> {
    let count = business_aliases::Entity::find()
        .filter(business_aliases::Column::BusinessId.eq(business))
        .count(db)
        .await?;
    if count >= MOST_ALIASES {
        return Err(ApiError::conflict(Text::new(
            format!("一个经营者最多有 {MOST_ALIASES} 个别名，请先删除不再使用的。"),
            format!("A business has at most {MOST_ALIASES} aliases; remove unused ones first."),
        )));
    }
    Ok(())
}

/// Remove an alias (association staff).
#[utoipa::path(
    tag = "businesses",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path), ("alias_id" = Uuid, Path)),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Not association staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such alias on this business", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/businesses/{business_id}/aliases/{alias_id}")]
async fn remove_alias(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(BusinessId, Uuid)>,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::RegisterBusinesses)?;
    let (business, alias) = path.into_inner();

    let removed = business_aliases::Entity::delete_many()
        .filter(business_aliases::Column::Id.eq(alias))
        .filter(business_aliases::Column::BusinessId.eq(business.0))
        .exec(&state.db)
        .await?;
    if removed.rows_affected == 0 {
        return Err(ApiError::not_found("别名", "alias"));
    }
    tracing::info!(business_id = %business.0, alias_id = %alias, by = %principal.user_id, "business alias removed");
    Ok(HttpResponse::NoContent().finish())
}

/// A business that has not been merged into another, held against a
/// concurrent merge until the transaction ends: the merge then either
/// carries the new name along or is seen here.
async fn find_current(db: &impl ConnectionTrait, id: BusinessId) -> ApiResult<businesses::Model> {
    let business = for_share(businesses::Entity::find_by_id(id.0), db)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("经营者", "business"))?;
    if let Some(target) = business.merged_into {
        return Err(ApiError::conflict(Text::new(
            format!("这条记录已并入经营者 {target}，请在那里添加名称。"),
            format!("This record was merged into business {target}; add the name there."),
        )));
    }
    Ok(business)
}
