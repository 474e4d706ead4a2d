//! `/articles`: the association's staff write guidance articles, change
//! them, and publish or take them down.

use actix_web::{HttpResponse, get, patch, post, web};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect,
};
use shared::accounts::UserKind;
use shared::guidance::{Article, ArticleChange, LANGUAGES, NewArticle};
use shared::validation::{display_text, free_text};
use shared::{AssociationId, Page, PageQuery, Problem, UserId};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::entities::articles;
use crate::error::{ApiError, ApiResult, Fields};
use crate::guidance::indexing::tokens;
use crate::http::{Json, Query};
use crate::i18n::Text;
use crate::organisations::routing;
use crate::pagination;
use crate::policy::{Action, authorize};
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config.service(create).service(list).service(change);
}

/// Write a guidance article for the caller's association (staff; platform
/// admins write for the national association). Unpublished unless `publish`.
#[utoipa::path(
    tag = "guidance",
    security(("bearer" = [])),
    request_body(content = NewArticle, example = json!({"language": "zh-CN", "title": "网购退货运费由谁承担", "body": "七日无理由退货的运费一般由消费者承担，商家承诺运费险或另有约定的除外。", "publish": true})),
    responses(
        (status = 201, description = "The new article", body = Article),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not association staff", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown language, or a title or body of the wrong length", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/articles")]
async fn create(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<NewArticle>,
) -> ApiResult<HttpResponse> {
    authorize(&principal, Action::WriteArticles)?;
    let body = body.into_inner()?;
    let mut fields = Fields::default();
    let language = check_language(&mut fields, Some(&body.language));
    let title = check_title(&mut fields, Some(&body.title));
    let text = check_body(&mut fields, Some(&body.body));
    fields.finish()?;
    let (Some(language), Some(title), Some(text)) = (language, title, text) else {
        return Err(ApiError::internal(anyhow::anyhow!(
            "checked article fields went missing"
        )));
    };

    let now = state.clock.now();
    let association = match principal.association_id {
        Some(association) => association.0,
        None => routing::national(&state.db).await?.id,
    };
    let row = articles::ActiveModel {
        id: NotSet,
        association_id: Set(association),
        language: Set(language),
        search_tokens: Set(tokens(&title, &text)),
        title: Set(title),
        body: Set(text),
        published_at: Set(body.publish.then_some(now)),
        created_by: Set(Some(principal.user_id.0)),
        updated_by: Set(Some(principal.user_id.0)),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let article = articles::Entity::insert(row)
        .exec_with_returning(&state.db)
        .await?;
    tracing::info!(article = article.id, by = %principal.user_id, "guidance article written");
    Ok(HttpResponse::Created().json(view(article)))
}

/// The articles of the caller's association, published or not, newest
/// first (staff; platform admins see every association's).
#[utoipa::path(
    tag = "guidance",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "One page of articles", body = Page<Article>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not association staff", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad cursor or limit", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/articles")]
async fn list(
    state: web::Data<AppState>,
    principal: Principal,
    query: Query<PageQuery>,
) -> ApiResult<web::Json<Page<Article>>> {
    authorize(&principal, Action::WriteArticles)?;

    let mut select = articles::Entity::find();
    if principal.kind != UserKind::PlatformAdmin {
        let association = principal.association_id.map(|a| a.0);
        select = select.filter(articles::Column::AssociationId.eq(association));
    }
    let limit = pagination::limit(query.limit)?;
    if let Some(before) = pagination::decode_number(query.cursor.as_deref())? {
        select = select.filter(articles::Column::Id.lt(before));
    }
    let rows = select
        .order_by_desc(articles::Column::Id)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    let (rows, next_cursor) = pagination::page(rows, limit, |last| last.id.to_string());
    Ok(web::Json(Page {
        items: rows.into_iter().map(view).collect(),
        next_cursor,
    }))
}

/// Change an article of the caller's association: its text, or whether it
/// is published (`published`).
#[utoipa::path(
    tag = "guidance",
    security(("bearer" = [])),
    params(("article_id" = i32, Path)),
    request_body(content = ArticleChange, example = json!({"published": false})),
    responses(
        (status = 200, description = "The article as it is now", body = Article),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of the association that keeps the article", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such article", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown language, or a title or body of the wrong length", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/articles/{article_id}")]
async fn change(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<i32>,
    body: Json<ArticleChange>,
) -> ApiResult<web::Json<Article>> {
    authorize(&principal, Action::WriteArticles)?;
    let body = body.into_inner()?;
    let mut fields = Fields::default();
    let language = check_language(&mut fields, body.language.as_deref());
    let title = check_title(&mut fields, body.title.as_deref());
    let text = check_body(&mut fields, body.body.as_deref());
    fields.finish()?;
    let article = articles::Entity::find_by_id(*id)
        .one(&state.db)
        .await?
        .ok_or_else(not_found)?;
    authorize(
        &principal,
        Action::EditArticle(AssociationId(article.association_id)),
    )?;

    let now = state.clock.now();
    let published_at = match body.published {
        Some(true) => article.published_at.or(Some(now)),
        Some(false) => None,
        None => article.published_at,
    };
    let title = title.unwrap_or_else(|| article.title.clone());
    let text = text.unwrap_or_else(|| article.body.clone());
    let mut active = article.into_active_model();
    if let Some(language) = language {
        active.language = Set(language);
    }
    active.search_tokens = Set(tokens(&title, &text));
    active.title = Set(title);
    active.body = Set(text);
    active.published_at = Set(published_at);
    active.updated_by = Set(Some(principal.user_id.0));
    active.updated_at = Set(now);
    let article = active.update(&state.db).await?;
    tracing::info!(article = article.id, by = %principal.user_id, published = article.published_at.is_some(), "guidance article changed");
    Ok(web::Json(view(article)))
}

pub fn not_found() -> ApiError {
    ApiError::not_found("消费指引文章", "article")
}

/// Records a language that is not one of [`LANGUAGES`].
pub fn check_language(fields: &mut Fields, language: Option<&str>) -> Option<String> {
    let language = language?;
    if LANGUAGES.contains(&language) {
        return Some(language.to_owned());
    }
    fields.push(
        "language",
        "unknown_language",
        Text::new(
            "文章语言为 zh-CN 或 en。",
            "An article's language is zh-CN or en.",
        ),
    );
    None
}

fn check_title(fields: &mut Fields, title: Option<&str>) -> Option<String> {
    let title = title?;
    let checked = display_text(title, 100)
        .ok()
        .filter(|t| t.chars().count() >= 2);
    if checked.is_none() {
        fields.push(
            "title",
            "invalid_length",
            Text::new(
                "标题为 2 到 100 个字，不能包含控制字符。",
                "The title is 2 to 100 characters, without control characters.",
            ),
        );
    }
    checked
}

fn check_body(fields: &mut Fields, body: Option<&str>) -> Option<String> {
    fields.check(
        "body",
        free_text(body?, 20, 20_000),
        Text::new(
            "正文为 20 到 20000 个字，不能包含控制字符。",
            "The body is 20 to 20,000 characters, without control characters.",
        ),
    )
}

/// The article as its association's staff see it.
pub fn view(row: articles::Model) -> Article {
    Article {
        id: row.id,
        association_id: AssociationId(row.association_id),
        language: row.language,
        title: row.title,
        body: row.body,
        published_at: row.published_at,
        updated_by: row.updated_by.map(UserId),
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}
