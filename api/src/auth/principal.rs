//! The authenticated caller, taken from `Authorization: Bearer <token>`;
//! for the event stream only, also from an `access_token` query parameter.

use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use shared::accounts::{StaffRole, UserKind};
use shared::businesses::ApiScope;
use shared::team::BusinessRole;
use shared::{AssociationId, BusinessId, UserId};
use uuid::Uuid;

use crate::auth::api_keys;
use crate::auth::sessions::live_session;
use crate::auth::tokens::TokenError;
use crate::error::ApiError;
use crate::i18n::Text;
use crate::state::AppState;

/// Who is calling, as their access token says, with a live session.
#[derive(Clone, Debug)]
pub struct Principal {
    pub user_id: UserId,
    pub session_id: Uuid,
    pub kind: UserKind,
    pub roles: Vec<StaffRole>,
    pub association_id: Option<AssociationId>,
    pub business_id: Option<BusinessId>,
    /// The business user's role in their business; none for API keys,
    /// which act within their scopes instead.
    pub business_role: Option<BusinessRole>,
    /// Set when the caller is a business's system using an API key: what
    /// the key may do. None for a person's login session.
    pub scopes: Option<Vec<ApiScope>>,
}

impl Principal {
    pub fn has_role(&self, role: StaffRole) -> bool {
        self.kind == UserKind::Staff && self.roles.contains(&role)
    }

    /// True for a login session, or for an API key with this scope.
    pub fn may(&self, scope: ApiScope) -> bool {
        self.scopes
            .as_ref()
            .is_none_or(|scopes| scopes.contains(&scope))
    }

    /// Refuses an API key without the scope; people pass.
    pub fn require(&self, scope: ApiScope) -> Result<(), crate::error::ApiError> {
        if self.may(scope) {
            Ok(())
        } else {
            Err(crate::error::ApiError::missing_scope(scope))
        }
    }

    pub fn is_api_key(&self) -> bool {
        self.scopes.is_some()
    }

    /// True for a person signed in for this business with one of the roles.
    pub fn acts_for(&self, business: BusinessId, roles: &[BusinessRole]) -> bool {
        self.kind == UserKind::Business
            && !self.is_api_key()
            && self.business_id == Some(business)
            && self.business_role.is_some_and(|role| roles.contains(&role))
    }
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = request.app_data::<web::Data<AppState>>().cloned();
        let token = bearer_token(request);

        Box::pin(async move {
            let state =
                state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("app state missing")))?;
            authenticate(&state, token?.as_str()).await
        })
    }
}

/// The caller of an event stream: like [`Principal`], but the token may
/// also come as the `access_token` query parameter, because a browser's
/// `EventSource` cannot send headers. Only the stream accepts it: a token in
/// an address can end up in proxies' logs and the browser's history, so it
/// must only open something that reads, never changes. The server's own
/// request log records routes, not query strings.
#[derive(Clone, Debug)]
pub struct StreamPrincipal(pub Principal);

impl FromRequest for StreamPrincipal {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = request.app_data::<web::Data<AppState>>().cloned();
        let token = match request.headers().get(AUTHORIZATION) {
            Some(_) => bearer_token(request),
            None => query_token(request),
        };

        Box::pin(async move {
            let state =
                state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("app state missing")))?;
            authenticate(&state, token?.as_str()).await.map(Self)
        })
    }
}

/// The `access_token` query parameter, when there is no `Authorization` header.
fn query_token(request: &HttpRequest) -> Result<String, ApiError> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(request.query_string()).unwrap_or_default();
    pairs
        .into_iter()
        .find(|(name, _)| name == "access_token")
        .map(|(_, token)| token.trim().to_owned())
        .filter(|token| !token.is_empty())
        .ok_or_else(|| {
            ApiError::unauthenticated(Text::new(
                "请先登录：请求缺少 Authorization: Bearer 令牌或 access_token 参数。",
                "Log in first: the request has neither an Authorization: Bearer token nor an access_token parameter.",
            ))
        })
}

fn bearer_token(request: &HttpRequest) -> Result<String, ApiError> {
    let header = request.headers().get(AUTHORIZATION).ok_or_else(|| {
        ApiError::unauthenticated(Text::new(
            "请先登录：请求缺少 Authorization: Bearer 令牌。",
            "Log in first: the request has no Authorization: Bearer token.",
        ))
    })?;
    let value = header.to_str().unwrap_or_default();
    let (scheme, token) = value.split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(ApiError::unauthenticated(Text::new(
            "Authorization 头必须是 “Bearer <访问令牌>”。",
            "The Authorization header must be `Bearer <access token>`.",
        )));
    }
    Ok(token.trim().to_owned())
}

async fn authenticate(state: &AppState, token: &str) -> Result<Principal, ApiError> {
    if api_keys::is_api_key(token) {
        return api_keys::authenticate(state, token).await;
    }
    let now = state.clock.now();
    let claims = state.keys.verify(token, now).map_err(|error| match error {
        TokenError::Expired => ApiError::unauthenticated(Text::new(
            "访问令牌已过期，请用刷新令牌换取新令牌。",
            "The access token has expired; exchange the refresh token for a new one.",
        )),
        TokenError::Invalid(_) => ApiError::unauthenticated(Text::new(
            "访问令牌无效，请重新登录。",
            "The access token is invalid; log in again.",
        )),
    })?;
    if live_session(&state.db, claims.sid, now).await?.is_none() {
        return Err(ApiError::unauthenticated(Text::new(
            "登录已结束，请重新登录。",
            "This login session has ended; log in again.",
        )));
    }

    let kind = UserKind::parse(&claims.kind).ok_or_else(|| {
        ApiError::unauthenticated(Text::new(
            "访问令牌无效，请重新登录。",
            "The access token is invalid; log in again.",
        ))
    })?;
    Ok(Principal {
        user_id: UserId(claims.sub),
        session_id: claims.sid,
        kind,
        roles: claims
            .roles
            .iter()
            .filter_map(|r| StaffRole::parse(r))
            .collect(),
        association_id: claims.org.map(AssociationId),
        business_id: claims.biz.map(BusinessId),
        business_role: claims.brole.as_deref().and_then(BusinessRole::parse),
        scopes: None,
    })
}
