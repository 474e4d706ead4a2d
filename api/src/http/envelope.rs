//! The middleware around every request: it assigns the request id, renders
//! errors as problem+json in the caller's language, and writes one log line.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, HttpResponse};
use shared::{ErrorCode, FieldError, Problem};
use tracing::Instrument;

use crate::error::PendingProblem;
use crate::i18n::{Lang, Text};

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
pub const PROBLEM_JSON: &str = "application/problem+json";

/// The id of the current request, as echoed in `X-Request-Id`.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

pub async fn envelope(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let request_id = incoming_id(&request).unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    request
        .extensions_mut()
        .insert(RequestId(request_id.clone()));
    let lang = Lang::of(request.request());
    let method = request.method().to_string();
    let span = tracing::info_span!("request", request_id = %request_id);
    let started = Instant::now();

    let response = next.call(request).instrument(span.clone()).await?;

    let response = render_problem(response.map_into_boxed_body(), lang, &request_id);
    let mut response = response;
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    span.in_scope(|| log_request(&response, &method, started));
    Ok(response)
}

/// A client's own id is kept when it is short and plain; anything else is replaced.
fn incoming_id(request: &ServiceRequest) -> Option<String> {
    let value = request.headers().get(REQUEST_ID)?.to_str().ok()?;
    let plain = !value.is_empty()
        && value.len() <= 128
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b));
    plain.then(|| value.to_owned())
}

fn log_request(response: &ServiceResponse<BoxBody>, method: &str, started: Instant) {
    let request = response.request();
    let route = request
        .match_pattern()
        .unwrap_or_else(|| "(unmatched)".to_owned());
    let status = response.status().as_u16();
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    let cause = response
        .response()
        .extensions()
        .get::<PendingProblem>()
        .and_then(|problem| problem.cause.clone());

    match cause {
        Some(cause) => tracing::error!(method, route, status, latency_ms, cause, "request failed"),
        None if status >= 500 => {
            tracing::error!(method, route, status, latency_ms, "request failed")
        }
        None => tracing::info!(method, route, status, latency_ms, "request"),
    }
}

/// Turns a pending problem, or any bare error response, into problem+json.
fn render_problem(
    response: ServiceResponse<BoxBody>,
    lang: Lang,
    request_id: &str,
) -> ServiceResponse<BoxBody> {
    let pending = response
        .response()
        .extensions()
        .get::<PendingProblem>()
        .cloned();
    let status = response.status();
    let already_problem = response
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    let pending = match pending {
        Some(pending) => pending,
        None if status.as_u16() >= 400 && !already_problem => generic_problem(status),
        None => return response,
    };

    let problem = Problem {
        kind: format!("/problems/{}", pending.code.as_str()),
        title: title(pending.code).pick(lang).to_owned(),
        status: status.as_u16(),
        detail: pending.detail.pick(lang).to_owned(),
        code: pending.code,
        request_id: Some(request_id.to_owned()),
        errors: pending
            .fields
            .iter()
            .map(|f| FieldError {
                field: f.field.clone(),
                code: f.code.to_owned(),
                message: f.message.pick(lang).to_owned(),
            })
            .collect(),
    };
    let body = serde_json::to_string(&problem).unwrap_or_default();

    let (request, old) = response.into_parts();
    let mut builder = HttpResponse::build(status);
    for (name, value) in old.headers() {
        if name != CONTENT_TYPE && name != CONTENT_LENGTH {
            builder.append_header((name.clone(), value.clone()));
        }
    }
    let mut new = builder.content_type(PROBLEM_JSON).body(body);
    new.extensions_mut().insert(pending);
    ServiceResponse::new(request, new)
}

/// For error responses that no handler of ours produced (unknown routes,
/// wrong methods, payload limits of the framework).
fn generic_problem(status: StatusCode) -> PendingProblem {
    let (code, detail) = match status.as_u16() {
        401 => (
            ErrorCode::Unauthenticated,
            Text::new("请先登录。", "Log in first."),
        ),
        403 => (
            ErrorCode::Forbidden,
            Text::new("您的账号无权进行此操作。", "Your account may not do this."),
        ),
        404 => (
            ErrorCode::NotFound,
            Text::new(
                "没有这个地址，请检查路径。",
                "There is nothing at this address; check the path.",
            ),
        ),
        405 => (
            ErrorCode::MethodNotAllowed,
            Text::new(
                "此地址不支持该请求方法。",
                "This address does not accept that method.",
            ),
        ),
        413 => (
            ErrorCode::PayloadTooLarge,
            Text::new("请求内容过大。", "The request body is too large."),
        ),
        415 => (
            ErrorCode::UnsupportedMediaType,
            Text::new(
                "请求内容类型不受支持。",
                "The request's content type is not supported.",
            ),
        ),
        429 => (
            ErrorCode::RateLimited,
            Text::new(
                "请求过于频繁，请稍后再试。",
                "Too many requests; try again later.",
            ),
        ),
        400..=499 => (
            ErrorCode::ValidationFailed,
            Text::new("请求无效。", "The request is invalid."),
        ),
        _ => (
            ErrorCode::Internal,
            Text::new(
                "服务器内部错误，请稍后重试。",
                "Something went wrong on the server; try again later.",
            ),
        ),
    };
    PendingProblem {
        code,
        detail,
        fields: Vec::new(),
        cause: None,
    }
}

pub fn title(code: ErrorCode) -> Text {
    let (zh, en) = match code {
        ErrorCode::ValidationFailed => ("请求内容有误", "Validation failed"),
        ErrorCode::MalformedJson => ("JSON 格式错误", "Malformed JSON"),
        ErrorCode::UnsupportedMediaType => ("内容类型不受支持", "Unsupported media type"),
        ErrorCode::PayloadTooLarge => ("请求内容过大", "Payload too large"),
        ErrorCode::Unauthenticated => ("未登录或登录已失效", "Not authenticated"),
        ErrorCode::InvalidCredentials => ("账号或密码错误", "Invalid credentials"),
        ErrorCode::LoginThrottled => ("登录尝试过多", "Too many login attempts"),
        ErrorCode::InvalidRefreshToken => ("刷新令牌无效", "Invalid refresh token"),
        ErrorCode::Forbidden => ("无权操作", "Forbidden"),
        ErrorCode::NotFound => ("未找到", "Not found"),
        ErrorCode::MethodNotAllowed => ("请求方法不允许", "Method not allowed"),
        ErrorCode::Conflict => ("与现有数据冲突", "Conflict"),
        ErrorCode::AlreadyPublished => ("投诉已公开", "Already published"),
        ErrorCode::NotPublished => ("投诉未公开", "Not published"),
        ErrorCode::AlreadyMember => ("该经营者已入驻", "Already a member"),
        ErrorCode::ApplicationOpen => ("已有待审核的入驻申请", "Application already open"),
        ErrorCode::InvalidTransition => ("当前状态下不能进行此操作", "Invalid transition"),
        ErrorCode::MembershipRequired => ("仅限入驻企业", "Membership required"),
        ErrorCode::PreconditionFailed => ("数据已被更新", "Precondition failed"),
        ErrorCode::IdempotencyKeyReused => ("幂等键已用于另一请求", "Idempotency key reused"),
        ErrorCode::RateLimited => ("请求过于频繁", "Rate limited"),
        ErrorCode::DemoModeOff => ("非演示模式", "Demo mode off"),
        ErrorCode::ClockBackwards => ("时钟不能倒退", "Clock cannot go back"),
        ErrorCode::MiniProgramNotOffered => {
            ("未开通该小程序登录", "Mini-program sign-in not offered")
        }
        ErrorCode::ProviderUnavailable => ("小程序平台暂不可用", "Provider unavailable"),
        ErrorCode::InvalidLoginCode => ("小程序登录凭证无效", "Invalid login code"),
        ErrorCode::InvalidBindingTicket => ("绑定凭证无效", "Invalid binding ticket"),
        ErrorCode::AlreadyBound => ("已绑定其他账号", "Already bound"),
        ErrorCode::BundleBroken => ("案件包校验未通过", "Case bundle broken"),
        ErrorCode::ServiceUnavailable => ("服务暂不可用", "Service unavailable"),
        ErrorCode::Internal => ("服务器内部错误", "Internal error"),
    };
    Text::new(zh, en)
}
