//! What every mini-program platform does for sign-in: exchange a login code
//! for the user's stable id in the app. Each platform sits behind
//! [`CodeExchange`] in a module of its own; everything else is shared.

use actix_web::http::StatusCode;
use chrono::{DateTime, Utc};
use shared::ErrorCode;
use shared::mini_program::MiniProgramProvider;

use crate::config::Settings;
use crate::error::{ApiError, ApiResult};
use crate::http::outbound;
use crate::i18n::Text;
use crate::mini_program::{alipay::Alipay, wechat::Wechat};
use crate::notifications::sender::BoxFuture;

/// Answers larger than this are not read: a login answer is a few hundred bytes.
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// Who the platform says the mini-program's user is. The platform's session
/// key and access token are never kept, nor passed on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// The user's id within this app (WeChat `openid`; Alipay `open_id`, or
    /// `user_id` for apps that still receive it).
    pub open_id: String,
    /// The user's id across the platform account's apps, when it tells.
    pub union_id: Option<String>,
}

/// The longest id kept; platforms' ids are far shorter.
const MAX_ID_LEN: usize = 128;

impl Identity {
    /// The identity, if the ids are plain text of a length that can be kept.
    pub fn new(open_id: String, union_id: Option<String>) -> Result<Self, ExchangeError> {
        let usable = |id: &str| {
            !id.is_empty() && id.len() <= MAX_ID_LEN && id.chars().all(|c| c.is_ascii_graphic())
        };
        if !usable(&open_id) || union_id.as_deref().is_some_and(|id| !usable(id)) {
            return Err(ExchangeError::Unavailable(
                "the platform answered with an id that is not plain text of up to 128 characters"
                    .to_owned(),
            ));
        }
        Ok(Self { open_id, union_id })
    }
}

/// Why a code could not be exchanged.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    /// Invalid, expired or used: the client gets a fresh code.
    #[error("the platform refused the login code: {0}")]
    InvalidCode(String),
    /// The platform itself will not let this user sign in (risk control).
    #[error("the platform refused this user: {0}")]
    UserRefused(String),
    /// The platform's own rate limit for this user or app.
    #[error("the platform's rate limit was reached: {0}")]
    RateLimited(String),
    /// No answer, an unreadable one, or the platform is busy.
    #[error("{0}")]
    Unavailable(String),
    /// The platform refuses the app's id, secret or key: the operator's to fix.
    #[error("{0}")]
    Misconfigured(String),
}

/// One platform's code-to-session call.
pub trait CodeExchange: Send + Sync {
    /// The app id the identities belong to.
    fn app_id(&self) -> &str;

    fn exchange<'a>(
        &'a self,
        code: &'a str,
        now: DateTime<Utc>,
    ) -> BoxFuture<'a, Result<Identity, ExchangeError>>;
}

/// The platforms this server offers, as configured.
pub struct MiniPrograms {
    wechat: Option<Box<dyn CodeExchange>>,
    alipay: Option<Box<dyn CodeExchange>>,
}

impl MiniPrograms {
    /// Builds a client for each configured platform; a key that does not
    /// parse stops start-up with the setting's name.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        let client = outbound::client_builder(
            settings.mini_program_connect_timeout,
            settings.mini_program_timeout,
            "redress-mini-program",
        )
        .build()?;
        let timeout = settings.mini_program_timeout;
        let wechat = match &settings.wechat {
            Some(wechat) => Some(Wechat::new(wechat, client.clone(), timeout)?),
            None => None,
        };
        let alipay = match &settings.alipay {
            Some(alipay) => Some(Alipay::new(alipay, client, timeout)?),
            None => None,
        };
        Ok(Self {
            wechat: wechat.map(|w| Box::new(w) as Box<dyn CodeExchange>),
            alipay: alipay.map(|a| Box::new(a) as Box<dyn CodeExchange>),
        })
    }

    /// The platform's exchange, or a 404 saying that this server does not
    /// offer it.
    pub fn offered(&self, provider: MiniProgramProvider) -> ApiResult<&dyn CodeExchange> {
        let exchange = match provider {
            MiniProgramProvider::Wechat => self.wechat.as_deref(),
            MiniProgramProvider::Alipay => self.alipay.as_deref(),
        };
        exchange.ok_or_else(|| not_offered(provider))
    }
}

/// The platform named in the path, or a 404 naming those that exist.
pub fn parse_provider(name: &str) -> ApiResult<MiniProgramProvider> {
    MiniProgramProvider::parse(name).ok_or_else(|| {
        ApiError::new(
            ErrorCode::NotFound,
            StatusCode::NOT_FOUND,
            Text::new(
                "没有这个小程序平台；可用的有 wechat 和 alipay。",
                "No such mini-program platform; there are wechat and alipay.",
            ),
        )
    })
}

fn not_offered(provider: MiniProgramProvider) -> ApiError {
    let (zh, en) = names(provider);
    ApiError::new(
        ErrorCode::MiniProgramNotOffered,
        StatusCode::NOT_FOUND,
        Text::new(
            format!("本平台未开通{zh}小程序登录；请用手机号和密码登录。"),
            format!(
                "This server does not offer {en} mini-program sign-in; log in with a mobile number and password."
            ),
        ),
    )
}

/// The platform's name in both languages.
pub fn names(provider: MiniProgramProvider) -> (&'static str, &'static str) {
    match provider {
        MiniProgramProvider::Wechat => ("微信", "WeChat"),
        MiniProgramProvider::Alipay => ("支付宝", "Alipay"),
    }
}

impl ExchangeError {
    /// The answer to the client; the cause, for the log, says what the
    /// operator can fix.
    pub fn into_api_error(self, provider: MiniProgramProvider) -> ApiError {
        let (zh, en) = names(provider);
        match self {
            Self::InvalidCode(_) => invalid_code(provider),
            Self::UserRefused(_) => ApiError::forbidden_because(Text::new(
                format!("{zh}拒绝了该用户的登录，请改用手机号和密码登录。"),
                format!(
                    "{en} refuses to sign this user in; log in with a mobile number and password instead."
                ),
            )),
            Self::RateLimited(why) => {
                tracing::warn!(provider = provider.as_str(), why = %why, "the mini-program platform's rate limit was reached");
                let mut error = ApiError::new(
                    ErrorCode::RateLimited,
                    StatusCode::TOO_MANY_REQUESTS,
                    Text::new(
                        format!("{zh}登录请求过于频繁，请一分钟后再试。"),
                        format!("Too many {en} sign-ins just now; try again in a minute."),
                    ),
                );
                error.retry_after = Some(60);
                error
            }
            Self::Unavailable(cause) => unavailable(provider, anyhow::anyhow!("{en}: {cause}")),
            Self::Misconfigured(cause) => unavailable(
                provider,
                anyhow::anyhow!(
                    "{en} refuses this server's app settings ({cause}); check the REDRESS_{}_* settings",
                    provider.as_str().to_uppercase()
                ),
            ),
        }
    }
}

pub fn invalid_code(provider: MiniProgramProvider) -> ApiError {
    let (zh, en) = names(provider);
    ApiError::new(
        ErrorCode::InvalidLoginCode,
        StatusCode::UNAUTHORIZED,
        Text::new(
            format!("{zh}登录凭证无效、已过期或已使用，请重新获取后再试。"),
            format!(
                "The {en} login code is invalid, expired or used; get a fresh one and try again."
            ),
        ),
    )
}

fn unavailable(provider: MiniProgramProvider, cause: anyhow::Error) -> ApiError {
    let (zh, en) = names(provider);
    let mut error = ApiError::new(
        ErrorCode::ProviderUnavailable,
        StatusCode::SERVICE_UNAVAILABLE,
        Text::new(
            format!("{zh}暂时无法完成登录，请稍后重试。"),
            format!("{en} cannot complete the sign-in right now; try again shortly."),
        ),
    );
    error.retry_after = Some(30);
    error.cause = Some(cause);
    error
}

/// Reads an answer's body, refusing a non-2xx status or one too large.
pub async fn answer_text(
    response: reqwest::Result<reqwest::Response>,
    timeout: u64,
) -> Result<String, ExchangeError> {
    let response =
        response.map_err(|error| ExchangeError::Unavailable(outbound::describe(error, timeout)))?;
    let status = response.status();
    if !status.is_success() {
        return Err(ExchangeError::Unavailable(format!(
            "the platform answered HTTP {status}"
        )));
    }
    if response
        .content_length()
        .is_some_and(|length| length > MAX_ANSWER_BYTES as u64)
    {
        return Err(ExchangeError::Unavailable(
            "the platform's answer is too large".to_owned(),
        ));
    }
    let bytes = response
        .bytes()
        .await
        .map_err(|error| ExchangeError::Unavailable(outbound::describe(error, timeout)))?;
    if bytes.len() > MAX_ANSWER_BYTES {
        return Err(ExchangeError::Unavailable(
            "the platform's answer is too large".to_owned(),
        ));
    }
    String::from_utf8(bytes.to_vec())
        .map_err(|_| ExchangeError::Unavailable("the platform's answer is not UTF-8".to_owned()))
}
