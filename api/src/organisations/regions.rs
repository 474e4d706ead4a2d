//! `/regions`: the GB/T 2260 division tree, for pickers and routing.

use actix_web::{get, web};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::organisations::{Region, RegionLevel, RegionQuery};
use shared::{Page, Problem};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::entities::regions;
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;
use crate::pagination;
use crate::state::AppState;

pub const NATIONAL_REGION: &str = "000000";

pub fn configure(config: &mut ServiceConfig) {
    config.service(list_regions).service(get_region);
}

/// List regions: the direct children of `parent_code`, by code.
///
/// Without `parent_code`, the provinces. Public.
#[utoipa::path(
    tag = "organisations",
    params(RegionQuery),
    responses(
        (status = 200, description = "One page of regions", body = Page<Region>),
        (status = 422, description = "Invalid limit or cursor", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/regions")]
async fn list_regions(
    state: web::Data<AppState>,
    query: crate::http::Query<RegionQuery>,
) -> ApiResult<web::Json<Page<Region>>> {
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let parent = query
        .parent_code
        .clone()
        .unwrap_or_else(|| NATIONAL_REGION.to_owned());
    if !is_region_code(&parent) {
        return Err(ApiError::field(
            "parent_code",
            "invalid_format",
            Text::new(
                "行政区划代码应为 6 位数字。",
                "A region code is six digits.",
            ),
        ));
    }

    let mut select = regions::Entity::find().filter(regions::Column::ParentCode.eq(parent));
    if let Some(after) = after {
        select = select.filter(regions::Column::Code.gt(after));
    }
    let rows = select
        .order_by_asc(regions::Column::Code)
        .limit(limit + 1)
        .all(&state.db)
        .await?;

    let (rows, next_cursor) = pagination::page(rows, limit, |r| r.code.clone());
    Ok(web::Json(Page {
        items: rows.into_iter().map(view).collect(),
        next_cursor,
    }))
}

/// One region by its six-digit code. Public.
#[utoipa::path(
    tag = "organisations",
    params(("code" = String, Path, description = "Six-digit region code", example = "440300")),
    responses(
        (status = 200, description = "The region", body = Region),
        (status = 404, description = "No such region", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/regions/{code}")]
async fn get_region(
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> ApiResult<web::Json<Region>> {
    let region = find(&state, &code)
        .await?
        .ok_or_else(|| ApiError::not_found("行政区划", "region"))?;

    Ok(web::Json(view(region)))
}

/// Six ASCII digits, as every GB/T 2260 code is.
pub fn is_region_code(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

pub async fn find(state: &AppState, code: &str) -> ApiResult<Option<regions::Model>> {
    if !is_region_code(code) {
        return Ok(None);
    }
    Ok(regions::Entity::find_by_id(code.to_owned())
        .one(&state.db)
        .await?)
}

pub fn view(region: regions::Model) -> Region {
    Region {
        level: RegionLevel::parse(&region.level).unwrap_or(RegionLevel::County),
        code: region.code,
        name: region.name,
        parent_code: region.parent_code,
    }
}
