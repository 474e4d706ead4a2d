//! Password hashing with argon2id, off the async threads.

use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
use argon2::{Argon2, PasswordHash, PasswordVerifier};

use actix_web::http::StatusCode;
use shared::ErrorCode;

use crate::error::ApiError;
use crate::i18n::Text;
use crate::secrets::Secret;

/// A PHC string of an unguessable password, verified against when the login
/// is unknown so that unknown and known logins take the same time.
const DECOY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Ik8qH0Zr2tLh0h4u3yJ5mF4c0rYj0Wq8h2m5v6o0Zb8";

pub async fn hash(password: Secret) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.expose().as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| ApiError::internal(anyhow::anyhow!("hashing a password: {e}")))
    })
    .await
    .map_err(ApiError::internal)?
}

/// The answer to a wrong login or password; it does not say which.
pub fn invalid_credentials() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidCredentials,
        StatusCode::UNAUTHORIZED,
        Text::new("账号或密码错误。", "The login or the password is wrong."),
    )
}

/// True when `password` matches `hash`; with no hash, spends the same time and fails.
pub async fn verify(password: Secret, hash: Option<String>) -> Result<bool, ApiError> {
    tokio::task::spawn_blocking(move || {
        let stored = hash.as_deref().unwrap_or(DECOY_HASH);
        let parsed = PasswordHash::new(stored).map_err(|e| {
            ApiError::internal(anyhow::anyhow!("stored password hash is unreadable: {e}"))
        })?;
        let matches = Argon2::default()
            .verify_password(password.expose().as_bytes(), &parsed)
            .is_ok();
        Ok(matches && hash.is_some())
    })
    .await
    .map_err(ApiError::internal)?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_own_password_only() {
        let hash = hash(Secret::new("消费者维权2024")).await.unwrap();

        assert!(hash.starts_with("$argon2id$"));
        assert!(
            verify(Secret::new("消费者维权2024"), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !verify(Secret::new("消费者维权2025"), Some(hash))
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn an_unknown_login_never_verifies() {
        assert!(!verify(Secret::new("anything1"), None).await.unwrap());
    }
}
