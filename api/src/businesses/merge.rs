//! `POST /businesses/{business_id}/merges`: complaints filed without a credit
//! code made uncoded records. Once staff know which coded business such a
//! record means, they merge it: its complaints move to the coded business
//! (each with a timeline entry and its public copy rewritten), its case
//! publicity listings move with them, its names become aliases, and the record
//! stays behind pointing to the business, so old links and later filings
//! under that name reach the right place. The cases keep their association;
//! staff transfer them if the coded business is served elsewhere.

use actix_web::{post, web};
use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder,
};
use serde_json::json;
use shared::accounts::UserKind;
use shared::businesses::{AliasKind, MergeBusinessRequest, MergeOutcome};
use shared::cases::Visibility;
use shared::{BusinessId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::businesses::{aliases, registry};
use crate::complaints::{store, timeline};
use crate::db::for_update;
use crate::disclosure::{publication, publicity};
use crate::entities::{api_keys, business_aliases, businesses, complaints, users};
use crate::error::{ApiError, ApiResult};
use crate::http::Json;
use crate::i18n::Text;
use crate::organisations::routing;
use crate::policy::{Action, authorize};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config.service(merge_business);
}

/// Merge an uncoded business record into this coded one, keeping all its complaints.
///
/// Allowed for the admin and intake officers of the association serving the
/// regions of both records, and for platform admins: a record served by
/// another association is merged by a platform admin. The uncoded record
/// must have no accounts, no API keys and no membership of its own.
#[utoipa::path(
    tag = "businesses",
    security(("bearer" = [])),
    params(("business_id" = BusinessId, Path, description = "The coded business to merge into")),
    request_body = MergeBusinessRequest,
    responses(
        (status = 200, description = "Merged", body = MergeOutcome),
        (status = 403, description = "Not staff of the association serving both records", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such business", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "These records cannot be merged; the detail says why", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/businesses/{business_id}/merges")]
async fn merge_business(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<BusinessId>,
    body: Json<MergeBusinessRequest>,
) -> ApiResult<web::Json<MergeOutcome>> {
    let target = businesses::Entity::find_by_id(id.0)
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found("经营者", "business"))?;
    let serving = routing::serving(&state.db, &target.region_code).await?;
    authorize(&principal, Action::MergeBusinesses(serving.id.into()))?;
    let body = body.into_inner()?;

    let txn = state.writer.begin().await?;
    let (business, moved) =
        merge(&txn, &principal, target.id, body.from.0, state.clock.now()).await?;
    txn.commit().await?;
    tracing::info!(
        into = %business.id, from = %body.from.0, complaints_moved = moved, by = %principal.user_id,
        "business records merged"
    );

    Ok(web::Json(MergeOutcome {
        business: registry::present(&state.db, business).await?,
        merged: body.from,
        complaints_moved: moved,
    }))
}

async fn merge(
    txn: &DatabaseTransaction,
    principal: &Principal,
    target: Uuid,
    source: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<(businesses::Model, u64)> {
    let target = lock(txn, target).await?;
    let source = lock(txn, source).await?;
    authorize_for(txn, principal, &source).await?;
    check_mergeable(txn, &target, &source).await?;

    let moved = move_complaints(txn, principal, &target, &source, now).await?;
    publicity::move_listings(txn, source.id, target.id).await?;
    carry_names(txn, &target, &source, now).await?;
    mark_merged(txn, source, target.id, now).await?;
    Ok((target, moved))
}

async fn lock(txn: &DatabaseTransaction, id: Uuid) -> ApiResult<businesses::Model> {
    for_update(businesses::Entity::find_by_id(id), txn)
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::not_found("经营者", "business"))
}

/// Staff merge only the records their own association serves: moving the
/// complaints of a record served elsewhere would hand another association's
/// cases to a business of their choosing.
async fn authorize_for(
    txn: &DatabaseTransaction,
    principal: &Principal,
    record: &businesses::Model,
) -> ApiResult<()> {
    let serving = routing::serving(txn, &record.region_code).await?;
    authorize(principal, Action::MergeBusinesses(serving.id.into()))
}

/// Only an uncoded record with nothing of its own but complaints goes into a
/// coded record that is itself current.
async fn check_mergeable(
    txn: &DatabaseTransaction,
    target: &businesses::Model,
    source: &businesses::Model,
) -> ApiResult<()> {
    if target.id == source.id {
        return Err(refused(
            "不能把经营者并入它自己。",
            "A business cannot be merged into itself.",
        ));
    }
    if target.credit_code.is_none() {
        return Err(refused(
            "只能并入有统一社会信用代码的经营者；请先为目标登记代码。",
            "Records merge only into a business with a credit code; register the code first.",
        ));
    }
    if let Some(into) = target.merged_into.or(source.merged_into) {
        return Err(refused(
            format!("其中一条记录已并入经营者 {into}，请在那里操作。"),
            format!(
                "One of the records was merged into business {into} already; work on that one."
            ),
        ));
    }
    if source.credit_code.is_some() {
        return Err(refused(
            "被并入的记录有自己的统一社会信用代码，是另一家经营者，不能合并。",
            "The record to merge has its own credit code, so it is another business; it cannot be merged.",
        ));
    }
    if source.member {
        return Err(refused(
            "被并入的记录是入驻会员，请先结束其入驻。",
            "The record to merge is a member; end its membership first.",
        ));
    }
    refuse_if_owned(txn, source.id).await
}

async fn refuse_if_owned(txn: &DatabaseTransaction, source: Uuid) -> ApiResult<()> {
    let accounts = users::Entity::find()
        .filter(users::Column::BusinessId.eq(source))
        .filter(users::Column::Kind.eq(UserKind::Business.as_str()))
        .count(txn)
        .await?;
    let keys = api_keys::Entity::find()
        .filter(api_keys::Column::BusinessId.eq(source))
        .count(txn)
        .await?;
    if accounts > 0 || keys > 0 {
        return Err(refused(
            "被并入的记录有自己的账号或 API 密钥，说明有人在以它处理投诉，不能合并。",
            "The record to merge has accounts or API keys of its own, so someone handles complaints as it; it cannot be merged.",
        ));
    }
    Ok(())
}

fn refused(zh: impl Into<String>, en: impl Into<String>) -> ApiError {
    ApiError::conflict(Text::new(zh, en))
}

/// Moves every complaint, oldest first, recording the move on each case
/// and rewriting the public copy of those that are published.
async fn move_complaints(
    txn: &DatabaseTransaction,
    principal: &Principal,
    target: &businesses::Model,
    source: &businesses::Model,
    now: DateTime<Utc>,
) -> ApiResult<u64> {
    let ids: Vec<Uuid> = complaints::Entity::find()
        .filter(complaints::Column::BusinessId.eq(source.id))
        .order_by_asc(complaints::Column::Id)
        .all(txn)
        .await?
        .into_iter()
        .map(|case| case.id)
        .collect();

    for id in &ids {
        let Some(case) = store::lock(txn, *id).await? else {
            continue;
        };
        let version = case.version;
        let mut active = case.into_active_model();
        active.business_id = Set(target.id);
        active.version = Set(version + 1);
        active.updated_at = Set(now);
        let moved = active.update(txn).await?;
        timeline::append(txn, *id, moved_entry(principal, target, source), now).await?;
        publication::refresh(txn, &moved, now).await?;
    }
    Ok(ids.len() as u64)
}

fn moved_entry(
    principal: &Principal,
    target: &businesses::Model,
    source: &businesses::Model,
) -> timeline::NewEntry {
    timeline::NewEntry {
        kind: "business_merged",
        actor_id: Some(principal.user_id.0),
        actor_role: "association",
        visibility: Visibility::Parties,
        payload: json!({
            "from": source.id,
            "from_name": source.name,
            "to": target.id,
            "to_name": target.name,
            "credit_code": target.credit_code,
        }),
    }
}

/// The merged record's name and aliases become the business's aliases.
async fn carry_names(
    txn: &DatabaseTransaction,
    target: &businesses::Model,
    source: &businesses::Model,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    aliases::insert(
        txn,
        target,
        &source.name,
        AliasKind::RecordedName,
        None,
        now,
    )
    .await?;

    let theirs = business_aliases::Entity::find()
        .filter(business_aliases::Column::BusinessId.eq(source.id))
        .all(txn)
        .await?;
    for alias in theirs {
        let kind = AliasKind::parse(&alias.kind).unwrap_or(AliasKind::RecordedName);
        aliases::insert(txn, target, &alias.name, kind, alias.created_by, now).await?;
    }
    business_aliases::Entity::delete_many()
        .filter(business_aliases::Column::BusinessId.eq(source.id))
        .exec(txn)
        .await?;
    Ok(())
}

async fn mark_merged(
    txn: &DatabaseTransaction,
    source: businesses::Model,
    target: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let mut active = source.into_active_model();
    active.merged_into = Set(Some(target));
    active.merged_at = Set(Some(now));
    active.updated_at = Set(now);
    active.update(txn).await?;
    Ok(())
}
