//! `/public/warnings`: the consumer warnings in force, for anyone. They are
//! the association's own text; nobody's personal information is in them,
//! and who issued one is not shown.

use std::collections::HashMap;

use actix_web::{get, web};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::warnings::{PublicConsumerWarning, PublicWarningQuery};
use shared::{AssociationId, BusinessId, Page, Problem};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::entities::{associations, businesses, consumer_warnings as warnings};
use crate::error::ApiResult;
use crate::http::Query;
use crate::pagination;
use crate::state::AppState;
use crate::warnings::issuing::not_found;

pub fn configure(config: &mut ServiceConfig) {
    config.service(list).service(one);
}

/// The consumer warnings in force, newest first; only those about one
/// business with `business_id`. Anonymous.
#[utoipa::path(
    tag = "public",
    params(PublicWarningQuery),
    responses(
        (status = 200, description = "One page of warnings", body = Page<PublicConsumerWarning>),
        (status = 422, description = "A bad cursor or limit", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/warnings")]
async fn list(
    state: web::Data<AppState>,
    query: Query<PublicWarningQuery>,
) -> ApiResult<web::Json<Page<PublicConsumerWarning>>> {
    let limit = pagination::limit(query.limit)?;
    let before = pagination::decode_number(query.cursor.as_deref())?;

    let mut select = warnings::Entity::find().filter(warnings::Column::WithdrawnAt.is_null());
    if let Some(BusinessId(business)) = query.business_id {
        select = select.filter(warnings::Column::BusinessId.eq(business));
    }
    if let Some(before) = before {
        select = select.filter(warnings::Column::Id.lt(before));
    }
    let rows = select
        .order_by_desc(warnings::Column::Id)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    let (rows, next_cursor) = pagination::page(rows, limit, |last| last.id.to_string());

    Ok(web::Json(Page {
        items: public_views(&state.db, rows).await?,
        next_cursor,
    }))
}

/// One consumer warning in force. Anonymous.
#[utoipa::path(
    tag = "public",
    params(("warning_id" = i32, Path)),
    responses(
        (status = 200, description = "The warning", body = PublicConsumerWarning),
        (status = 404, description = "No warning in force has this id (it may have been withdrawn)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/warnings/{warning_id}")]
async fn one(
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> ApiResult<web::Json<PublicConsumerWarning>> {
    let row = warnings::Entity::find_by_id(*id)
        .filter(warnings::Column::WithdrawnAt.is_null())
        .one(&state.db)
        .await?
        .ok_or_else(not_found)?;

    let mut views = public_views(&state.db, vec![row]).await?;
    views.pop().map(web::Json).ok_or_else(not_found)
}

/// The warnings with their association's and business's names.
async fn public_views(
    db: &impl ConnectionTrait,
    rows: Vec<warnings::Model>,
) -> ApiResult<Vec<PublicConsumerWarning>> {
    let association_ids: Vec<Uuid> = rows.iter().map(|r| r.association_id).collect();
    let business_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.business_id).collect();
    let association_names: HashMap<Uuid, String> = associations::Entity::find()
        .filter(associations::Column::Id.is_in(association_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let business_names: HashMap<Uuid, String> = if business_ids.is_empty() {
        HashMap::new()
    } else {
        businesses::Entity::find()
            .filter(businesses::Column::Id.is_in(business_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|b| (b.id, b.name))
            .collect()
    };

    Ok(rows
        .into_iter()
        .map(|row| PublicConsumerWarning {
            id: row.id,
            association_id: AssociationId(row.association_id),
            association_name: association_names
                .get(&row.association_id)
                .cloned()
                .unwrap_or_default(),
            title: row.title,
            body: row.body,
            business_name: row
                .business_id
                .and_then(|b| business_names.get(&b).cloned()),
            business_id: row.business_id.map(BusinessId),
            category_code: row.category_code,
            region_code: row.region_code,
            issued_at: row.issued_at,
        })
        .collect())
}
