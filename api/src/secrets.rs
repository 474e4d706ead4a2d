//! Secrets: values that never appear in logs, and the token signing key.

use std::fmt;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use rand::RngCore;

use crate::config::{JwtKeySource, Settings};

/// A string that prints as `[redacted]`.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

const KEY_FILE: &str = "jwt-signing.key";
const MIN_KEY_BYTES: usize = 32;

/// Loads the token signing key from the setting, the named file or the data
/// folder; in the last case, generates it on first start with mode 0600.
pub fn signing_key(settings: &Settings) -> anyhow::Result<Secret> {
    let key = match &settings.jwt_key {
        JwtKeySource::Value(secret) => secret.clone(),
        JwtKeySource::File(path) => read_key(path)?,
        JwtKeySource::DataDir => {
            if !settings.is_embedded() {
                tracing::warn!(
                    "no REDRESS_JWT_SECRET set: using a key kept in the data folder; \
                     give every API replica the same REDRESS_JWT_SECRET"
                );
            }
            key_in_data_dir(&settings.data_dir)?
        }
    };
    if key.expose().len() < MIN_KEY_BYTES {
        bail!("the token signing key must be at least {MIN_KEY_BYTES} bytes long");
    }
    Ok(key)
}

fn read_key(path: &Path) -> anyhow::Result<Secret> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the token signing key from {}", path.display()))?;
    Ok(Secret::new(text.trim()))
}

fn key_in_data_dir(data_dir: &Path) -> anyhow::Result<Secret> {
    let path = data_dir.join(KEY_FILE);
    if path.exists() {
        return read_key(&path);
    }

    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating the data folder {}", data_dir.display()))?;
    let key = random_token(48);
    write_private(&path, &key)?;
    tracing::info!(path = %path.display(), "generated a new token signing key");
    Ok(Secret::new(key))
}

fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

/// A URL-safe random string carrying `bytes` bytes of entropy.
pub fn random_token(bytes: usize) -> String {
    use base64::Engine;

    let mut buffer = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buffer);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buffer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print_their_value() {
        let secret = Secret::new("hunter2-hunter2");

        assert_eq!(format!("{secret:?}"), "[redacted]");
    }

    #[test]
    fn a_generated_key_is_kept_with_owner_only_permissions() {
        let dir = tempfile::tempdir().unwrap();

        let first = key_in_data_dir(dir.path()).unwrap();
        let second = key_in_data_dir(dir.path()).unwrap();

        assert_eq!(first.expose(), second.expose());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
