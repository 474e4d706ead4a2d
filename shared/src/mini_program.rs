//! Mini-program sign-in: a WeChat or Alipay mini-program exchanges the
//! login code it got from its platform for the ordinary token pair, after
//! binding a mobile number once.

use serde::{Deserialize, Serialize};

use crate::auth::TokenResponse;

/// A mini-program platform whose users can sign in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MiniProgramProvider {
    /// WeChat (微信小程序): the code comes from `wx.login`.
    Wechat,
    /// Alipay (支付宝小程序): the code comes from `my.getAuthCode`.
    Alipay,
}

impl MiniProgramProvider {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Wechat => "wechat",
            Self::Alipay => "alipay",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Wechat, Self::Alipay]
            .into_iter()
            .find(|provider| provider.as_str() == value)
    }
}

/// The login code a mini-program got from its platform.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MiniProgramLoginRequest {
    /// The code from `wx.login` (WeChat) or `my.getAuthCode` (Alipay). It
    /// works once and for a few minutes only.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "0a3Xk2ll2VbJZa4Xf8ml2x6Vz23Xk2lz")
    )]
    pub code: String,
}

/// What a mini-program login gives: tokens, or a ticket to bind a mobile
/// number with first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum MiniProgramLogin {
    /// The mini-program user is bound to an account: the same tokens as
    /// `POST /auth/login` gives.
    SignedIn(TokenResponse),
    /// First use: bind a mobile number with `POST
    /// /auth/mini-program/{provider}/binding` before the ticket expires.
    BindingRequired(BindingTicket),
}

/// A single-use ticket that stands for a mini-program user not yet bound to
/// an account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BindingTicket {
    /// Opaque; send it to the binding endpoint once.
    pub binding_ticket: String,
    /// Seconds until the ticket expires.
    pub ticket_expires_in: u64,
}

/// Binds the mini-program user behind a ticket to a consumer account:
/// the account registered with this mobile number, proven by its
/// password, or a new account with this number and password.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MiniProgramBindingRequest {
    /// The ticket from the login that answered `binding_required`.
    pub binding_ticket: String,
    /// Mainland mobile number, 11 digits starting with 1.
    #[cfg_attr(feature = "openapi", schema(example = "13800138000"))]
    pub phone: String,
    /// The existing account's password; for a new account, its password
    /// (at least 8 characters mixing letters with digits or symbols).
    pub password: String,
    /// The name shown to businesses and associations, 1 to 50 characters;
    /// required when a new account is created, ignored otherwise.
    #[cfg_attr(feature = "openapi", schema(example = "王女士"))]
    pub display_name: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_names_its_outcome_beside_the_fields() {
        let ticket = MiniProgramLogin::BindingRequired(BindingTicket {
            binding_ticket: "t".into(),
            ticket_expires_in: 600,
        });

        let json = serde_json::to_value(&ticket).unwrap();

        assert_eq!(
            json,
            serde_json::json!({"outcome": "binding_required", "binding_ticket": "t", "ticket_expires_in": 600})
        );
    }

    #[test]
    fn providers_parse_their_wire_names_only() {
        assert_eq!(
            MiniProgramProvider::parse("wechat"),
            Some(MiniProgramProvider::Wechat)
        );
        assert_eq!(MiniProgramProvider::parse("WeChat"), None);
    }
}
