//! The client's network address, for per-address login throttling and the
//! public endpoints' rate limit.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};

use crate::state::AppState;

/// The peer's IP address, or the first `X-Forwarded-For` entry when the
/// server is configured to trust its proxy.
#[derive(Clone, Debug)]
pub struct ClientAddr(pub String);

impl ClientAddr {
    /// The address of the client that sent this request.
    pub fn of(request: &HttpRequest) -> Self {
        let trust_proxy = request
            .app_data::<web::Data<AppState>>()
            .is_some_and(|state| state.settings.trust_proxy);
        let forwarded = trust_proxy
            .then(|| request.headers().get("x-forwarded-for")?.to_str().ok())
            .flatten()
            .and_then(|value| value.split(',').next())
            .map(|first| first.trim().to_owned())
            .filter(|first| !first.is_empty());
        let peer = request.peer_addr().map(|addr| addr.ip().to_string());

        Self(forwarded.or(peer).unwrap_or_else(|| "unknown".to_owned()))
    }
}

impl FromRequest for ClientAddr {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Self::of(request)))
    }
}
