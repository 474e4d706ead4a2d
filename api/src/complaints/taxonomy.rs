//! `/categories` and `/natures`: the taxonomy the filing form offers.

use actix_web::{get, web};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};
use shared::taxonomy::{Category, Nature};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::entities::{categories, natures};
use crate::error::{ApiResult, Fields};
use crate::i18n::Text;
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config.service(list_categories).service(list_natures);
}

/// Every complaint category, parents before children. Public.
///
/// The list is short (under a hundred entries) and returned whole.
#[utoipa::path(
    tag = "complaints",
    responses(
        (status = 200, description = "The category tree, flattened", body = Vec<Category>),
        (status = 503, description = "The database is not reachable", body = shared::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/categories")]
async fn list_categories(state: web::Data<AppState>) -> ApiResult<web::Json<Vec<Category>>> {
    let rows = categories::Entity::find()
        .order_by_asc(categories::Column::Position)
        .all(&state.db)
        .await?;

    Ok(web::Json(rows.into_iter().map(category).collect()))
}

/// Every complaint nature. Public.
#[utoipa::path(
    tag = "complaints",
    responses(
        (status = 200, description = "The natures, most common first", body = Vec<Nature>),
        (status = 503, description = "The database is not reachable", body = shared::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/natures")]
async fn list_natures(state: web::Data<AppState>) -> ApiResult<web::Json<Vec<Nature>>> {
    let rows = natures::Entity::find()
        .order_by_asc(natures::Column::Position)
        .all(&state.db)
        .await?;

    Ok(web::Json(rows.into_iter().map(nature).collect()))
}

fn category(row: categories::Model) -> Category {
    Category {
        code: row.code,
        parent_code: row.parent_code,
        kind: row.kind,
        name_zh: row.name_zh,
        name_en: row.name_en,
    }
}

fn nature(row: natures::Model) -> Nature {
    Nature {
        code: row.code,
        name_zh: row.name_zh,
        name_en: row.name_en,
    }
}

/// Records a `category_code` filter that names no category.
pub async fn check_category(
    db: &impl ConnectionTrait,
    code: Option<&str>,
    fields: &mut Fields,
) -> ApiResult<()> {
    if let Some(code) = code
        && categories::Entity::find_by_id(code.to_owned())
            .one(db)
            .await?
            .is_none()
    {
        fields.push(
            "category_code",
            "unknown_category",
            Text::new(
                "没有这个投诉类别，请从 /categories 中选择。",
                "No such category; choose one from /categories.",
            ),
        );
    }
    Ok(())
}
