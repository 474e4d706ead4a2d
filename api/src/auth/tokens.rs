//! Access tokens: short-lived HS256 JWTs naming the user, their kind, roles,
//! association and login session.

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::secrets::Secret;

const ISSUER: &str = "redress";

pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    pub access_ttl: u64,
    pub refresh_ttl: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: Uuid,
    /// The login session; refused once the session ends.
    pub sid: Uuid,
    /// `consumer`, `staff` or `platform_admin`.
    pub kind: String,
    #[serde(default)]
    pub roles: Vec<String>,
    /// The staff member's association.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<Uuid>,
    /// The business user's business.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz: Option<Uuid>,
    /// The business user's role in it: `owner`, `manager` or `handler`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brole: Option<String>,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("the token has expired")]
    Expired,
    #[error("the token is not valid: {0}")]
    Invalid(String),
}

impl TokenKeys {
    pub fn new(secret: &Secret, access_ttl: u64, refresh_ttl: u64) -> anyhow::Result<Self> {
        Ok(Self {
            encoding: EncodingKey::from_secret(secret.expose().as_bytes())?,
            decoding: DecodingKey::from_secret(secret.expose().as_bytes())?,
            access_ttl,
            refresh_ttl,
        })
    }

    pub fn issue(&self, mut claims: Claims, now: DateTime<Utc>) -> anyhow::Result<String> {
        claims.iat = now.timestamp();
        claims.exp = now.timestamp() + self.access_ttl as i64;
        claims.iss = ISSUER.to_owned();
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    /// Checks signature, algorithm and issuer, then expiry against `now` (the
    /// server's clock, not the library's).
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<Claims, TokenError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_exp = false;
        validation.set_required_spec_claims(&["exp", "sub", "iss"]);
        validation.set_issuer(&[ISSUER]);

        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map_err(|e| TokenError::Invalid(e.to_string()))?;
        if data.claims.exp <= now.timestamp() {
            return Err(TokenError::Expired);
        }
        Ok(data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn keys(secret: &str) -> TokenKeys {
        TokenKeys::new(&Secret::new(secret), 900, 3600).unwrap()
    }

    fn claims() -> Claims {
        Claims {
            sub: Uuid::now_v7(),
            sid: Uuid::now_v7(),
            kind: "consumer".into(),
            roles: vec![],
            org: None,
            biz: None,
            brole: None,
            iat: 0,
            exp: 0,
            iss: String::new(),
        }
    }

    const KEY: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn a_token_verifies_until_it_expires() {
        let keys = keys(KEY);
        let now = Utc::now();
        let token = keys.issue(claims(), now).unwrap();

        assert!(
            keys.verify(&token, now + chrono::Duration::seconds(899))
                .is_ok()
        );
        assert!(matches!(
            keys.verify(&token, now + chrono::Duration::seconds(900)),
            Err(TokenError::Expired)
        ));
    }

    #[test]
    fn a_token_signed_with_another_key_is_refused() {
        let token = keys("another-key-another-key-another-k")
            .issue(claims(), Utc::now())
            .unwrap();

        assert!(matches!(
            keys(KEY).verify(&token, Utc::now()),
            Err(TokenError::Invalid(_))
        ));
    }

    #[test]
    fn an_unsigned_token_is_refused() {
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let token = keys(KEY).issue(claims(), Utc::now()).unwrap();
        let payload = token.split('.').nth(1).unwrap();
        let unsigned = format!(
            "{}.{payload}.",
            engine.encode(r#"{"alg":"none","typ":"JWT"}"#)
        );

        assert!(matches!(
            keys(KEY).verify(&unsigned, Utc::now()),
            Err(TokenError::Invalid(_))
        ));
    }
}
