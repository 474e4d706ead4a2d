//! Serving the single-page app: its files, and `index.html` for every other
//! path so that client routes survive a reload. Unknown `/api` paths get a
//! problem instead.

use std::path::{Component, Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::Method;
use actix_web::{HttpRequest, HttpResponse, Responder, web};
use shared::ErrorCode;

use crate::error::ApiError;
use crate::i18n::Text;
use crate::state::AppState;

pub async fn fallback(request: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let path = request.path().to_owned();
    if path.starts_with("/api/") || path == "/api" {
        return respond(api_fallback(&request));
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return respond(method_not_allowed());
    }

    let dir = &state.settings.web_dir;
    let index = dir.join("index.html");
    if !index.is_file() {
        return spa_missing(dir);
    }
    let file = asset_path(dir, &path)
        .filter(|p| p.is_file())
        .unwrap_or(index);
    match NamedFile::open_async(&file).await {
        Ok(file) => file
            .use_etag(true)
            .respond_to(&request)
            .map_into_boxed_body(),
        Err(error) => respond(ApiError::internal(anyhow::anyhow!(
            "reading {}: {error}",
            file.display()
        ))),
    }
}

/// A file below `dir` named by the URL path, refusing any `..` escape.
fn asset_path(dir: &Path, url_path: &str) -> Option<PathBuf> {
    let relative = Path::new(url_path.trim_start_matches('/'));
    let plain = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    (plain && !url_path.ends_with('/')).then(|| dir.join(relative))
}

fn api_fallback(request: &HttpRequest) -> ApiError {
    if request.resource_map().has_resource(request.path()) {
        method_not_allowed()
    } else {
        ApiError::new(
            ErrorCode::NotFound,
            actix_web::http::StatusCode::NOT_FOUND,
            Text::new(
                "没有这个接口，请对照 /docs 检查路径。",
                "There is no such endpoint; check the path against /docs.",
            ),
        )
    }
}

fn method_not_allowed() -> ApiError {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        actix_web::http::StatusCode::METHOD_NOT_ALLOWED,
        Text::new(
            "此地址不支持该请求方法；接口只使用 GET、POST、PUT、DELETE。",
            "This address does not accept that method; the API uses GET, POST, PUT and DELETE only.",
        ),
    )
}

fn spa_missing(dir: &Path) -> HttpResponse {
    tracing::warn!(web_dir = %dir.display(), "the SPA is not built; `cargo xtask run` builds it");
    respond(ApiError::new(
        ErrorCode::ServiceUnavailable,
        actix_web::http::StatusCode::SERVICE_UNAVAILABLE,
        Text::new(
            format!(
                "网页应用尚未构建（{} 中没有 index.html）：请运行 cargo xtask run，或设置 REDRESS_WEB_DIR。接口文档见 /docs/。",
                dir.display()
            ),
            format!(
                "The web app is not built (no index.html in {}): run `cargo xtask run` or set REDRESS_WEB_DIR. The API docs are at /docs/.",
                dir.display()
            ),
        ),
    ))
}

fn respond(error: ApiError) -> HttpResponse {
    actix_web::ResponseError::error_response(&error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape_the_web_folder() {
        let dir = Path::new("/srv/web");

        assert_eq!(
            asset_path(dir, "/pkg/web.js"),
            Some(PathBuf::from("/srv/web/pkg/web.js"))
        );
        assert_eq!(asset_path(dir, "/../etc/passwd"), None);
        assert_eq!(asset_path(dir, "/pkg/../../x"), None);
        assert_eq!(asset_path(dir, "/"), None);
    }
}
