//! The one API error type and its mapping to `application/problem+json`.
//!
//! An `ApiError` becomes a response carrying a [`PendingProblem`]; the problem
//! middleware renders it in the request's language with the request id, and
//! logs the cause chain of unexpected errors once.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use shared::ErrorCode;
use shared::validation::Invalid;

use crate::i18n::Text;

/// One invalid field, not yet rendered in a language.
#[derive(Clone, Debug)]
pub struct FieldIssue {
    pub field: String,
    pub code: &'static str,
    pub message: Text,
}

#[derive(Debug, thiserror::Error)]
#[error("{code:?}: {}", detail.en)]
pub struct ApiError {
    pub code: ErrorCode,
    pub status: StatusCode,
    pub detail: Text,
    pub fields: Vec<FieldIssue>,
    pub retry_after: Option<u64>,
    #[source]
    pub cause: Option<anyhow::Error>,
}

/// What the problem middleware needs to render the body.
#[derive(Clone, Debug)]
pub struct PendingProblem {
    pub code: ErrorCode,
    pub detail: Text,
    pub fields: Vec<FieldIssue>,
    /// The cause chain of an unexpected error, for the log.
    pub cause: Option<String>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: ErrorCode, status: StatusCode, detail: Text) -> Self {
        Self {
            code,
            status,
            detail,
            fields: Vec::new(),
            retry_after: None,
            cause: None,
        }
    }

    pub fn validation(fields: Vec<FieldIssue>) -> Self {
        let mut error = Self::new(
            ErrorCode::ValidationFailed,
            StatusCode::UNPROCESSABLE_ENTITY,
            Text::new(
                "请求中有字段不符合要求，请按各字段的提示修改后重试。",
                "Some fields are invalid; correct them as each field's message says and try again.",
            ),
        );
        error.fields = fields;
        error
    }

    pub fn field(field: &str, code: &'static str, message: Text) -> Self {
        Self::validation(vec![FieldIssue {
            field: field.to_owned(),
            code,
            message,
        }])
    }

    pub fn not_found(what_zh: &str, what_en: &str) -> Self {
        Self::new(
            ErrorCode::NotFound,
            StatusCode::NOT_FOUND,
            Text::new(
                format!("{what_zh}不存在，请检查链接或编号。"),
                format!("No such {what_en}; check the link or the id."),
            ),
        )
    }

    pub fn forbidden() -> Self {
        Self::forbidden_because(Text::new(
            "您的账号无权进行此操作。",
            "Your account may not do this.",
        ))
    }

    /// A 403 that says who may do it, or what the caller lacks.
    pub fn forbidden_because(detail: Text) -> Self {
        Self::new(ErrorCode::Forbidden, StatusCode::FORBIDDEN, detail)
    }

    /// A 403 for an API key without the scope this needs.
    pub fn missing_scope(scope: shared::businesses::ApiScope) -> Self {
        let name = scope.as_str();
        Self::forbidden_because(Text::new(
            format!("这个 API 密钥没有 {name} 权限范围；请创建一个带有该范围的密钥。"),
            format!("This API key lacks the {name} scope; create a key that has it."),
        ))
    }

    pub fn unauthenticated(detail: Text) -> Self {
        Self::new(ErrorCode::Unauthenticated, StatusCode::UNAUTHORIZED, detail)
    }

    pub fn conflict(detail: Text) -> Self {
        Self::new(ErrorCode::Conflict, StatusCode::CONFLICT, detail)
    }

    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        let mut error = Self::new(
            ErrorCode::Internal,
            StatusCode::INTERNAL_SERVER_ERROR,
            Text::new(
                "服务器内部错误，请稍后重试；如仍失败，请把请求编号告知平台运维人员。",
                "Something went wrong on the server. Try again later; if it keeps failing, give the request id to the platform's operators.",
            ),
        );
        error.cause = Some(cause.into());
        error
    }

    pub fn service_unavailable(cause: impl Into<anyhow::Error>) -> Self {
        let mut error = Self::new(
            ErrorCode::ServiceUnavailable,
            StatusCode::SERVICE_UNAVAILABLE,
            Text::new(
                "数据库暂时无法访问，请稍后重试。",
                "The database cannot be reached right now; try again shortly.",
            ),
        );
        error.retry_after = Some(RETRY_AFTER_OUTAGE);
        error.cause = Some(cause.into());
        error
    }
}

/// Seconds a client is asked to wait after the database could not be reached.
const RETRY_AFTER_OUTAGE: u64 = 5;

impl From<sea_orm::DbErr> for ApiError {
    fn from(error: sea_orm::DbErr) -> Self {
        if database_unreachable(&error) {
            Self::service_unavailable(error)
        } else {
            Self::internal(error)
        }
    }
}

/// Whether `error` says the database could not be reached (no connection in
/// time, a connection that broke mid-query) rather than that a query failed.
fn database_unreachable(error: &sea_orm::DbErr) -> bool {
    use sea_orm::{DbErr, RuntimeErr, sqlx};

    let runtime = match error {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return true,
        DbErr::Query(runtime) | DbErr::Exec(runtime) => runtime,
        _ => return false,
    };
    matches!(
        runtime,
        RuntimeErr::SqlxError(inner) if matches!(
            inner.as_ref(),
            sqlx::Error::Io(_)
                | sqlx::Error::Tls(_)
                | sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::WorkerCrashed
        )
    )
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        if let Some(seconds) = self.retry_after {
            response.insert_header(("Retry-After", seconds.to_string()));
        }
        let mut response = response.finish();
        response.extensions_mut().insert(PendingProblem {
            code: self.code,
            detail: self.detail.clone(),
            fields: self.fields.clone(),
            cause: self.cause.as_ref().map(|cause| format!("{cause:#}")),
        });
        response
    }
}

/// A free-text field of `1..=max` characters without control characters,
/// trimmed, or a 422 naming the field.
pub fn text_field(field: &str, value: &str, max: usize) -> ApiResult<String> {
    shared::validation::free_text(value, 1, max).map_err(|invalid| {
        ApiError::field(
            field,
            invalid.code(),
            invalid_message(
                invalid,
                &Text::new("不能包含控制字符。", "Must not contain control characters."),
            ),
        )
    })
}

/// An optional free-text field: absent or blank is `None`.
pub fn optional_text(field: &str, value: Option<&str>, max: usize) -> ApiResult<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => text_field(field, text, max).map(Some),
    }
}

/// The sentence for a field that failed one of the shared parsers.
pub fn invalid_message(invalid: Invalid, format_hint: &Text) -> Text {
    match invalid {
        Invalid::Required => Text::new("此项必填。", "This field is required."),
        Invalid::TooShort { min } => Text::new(
            format!("至少需要 {min} 个字符。"),
            format!("Must be at least {min} characters."),
        ),
        Invalid::TooLong { max } => Text::new(
            format!("不能超过 {max} 个字符。"),
            format!("Must be at most {max} characters."),
        ),
        Invalid::InvalidFormat => format_hint.clone(),
        Invalid::TooSimple => Text::new(
            "密码太简单：请同时使用字母和数字或符号。",
            "The password is too simple: mix letters with digits or symbols.",
        ),
        Invalid::TooCommon => Text::new(
            "密码太常见或与登录名相同，请换一个。",
            "The password is too common or equals the login; choose another.",
        ),
    }
}

/// Collects the invalid fields of one request, so that all of them are
/// reported at once.
#[derive(Default)]
pub struct Fields(Vec<FieldIssue>);

impl Fields {
    /// Records the field's error, if any, and passes the value on.
    pub fn check<T>(&mut self, field: &str, result: Result<T, Invalid>, hint: Text) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(invalid) => {
                self.push(field, invalid.code(), invalid_message(invalid, &hint));
                None
            }
        }
    }

    pub fn push(&mut self, field: &str, code: &'static str, message: Text) {
        self.0.push(FieldIssue {
            field: field.to_owned(),
            code,
            message,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many problems are recorded so far.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Fails with every recorded field, or succeeds when there is none.
    pub fn finish(self) -> ApiResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(self.0))
        }
    }
}
