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
    let (key, origin) = match &settings.jwt_key {
        JwtKeySource::Value(secret) => (
            Secret::new(secret.expose().trim()),
            "REDRESS_JWT_SECRET".to_owned(),
        ),
        JwtKeySource::File(path) => (read_key(path)?, path.display().to_string()),
        JwtKeySource::DataDir => {
            if !settings.is_embedded() {
                tracing::warn!(
                    "no REDRESS_JWT_SECRET set: using a key kept in the data folder; \
                     give every API replica the same REDRESS_JWT_SECRET"
                );
            }
            let path = settings.data_dir.join(KEY_FILE);
            (
                key_in_data_dir(&settings.data_dir)?,
                path.display().to_string(),
            )
        }
    };
    if key.expose().len() < MIN_KEY_BYTES {
        bail!(
            "the token signing key from {origin} must be at least {MIN_KEY_BYTES} bytes long; \
             give a longer one (e.g. `openssl rand -base64 48`), or delete a damaged generated \
             key file to have a new one made (everyone then has to log in again)"
        );
    }
    Ok(key)
}

fn read_key(path: &Path) -> anyhow::Result<Secret> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the token signing key from {}", path.display()))?;
    warn_if_readable_by_others(path);
    Ok(Secret::new(text.trim()))
}

fn warn_if_readable_by_others(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map(|m| m.permissions().mode())
            .unwrap_or(0);
        if mode & 0o077 != 0 {
            tracing::warn!(path = %path.display(), mode = format!("{:o}", mode & 0o777), "the token signing key file is readable by other users; run chmod 600 on it");
        }
    }
}

fn key_in_data_dir(data_dir: &Path) -> anyhow::Result<Secret> {
    let path = data_dir.join(KEY_FILE);
    if path.exists() {
        return read_key(&path);
    }

    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating the data folder {}", data_dir.display()))?;
    write_private(&path, &random_token(48))?;
    tracing::info!(path = %path.display(), "generated a new token signing key");
    read_key(&path)
}

/// Writes the file whole or not at all: a temporary file, synced, then
/// linked into place, so a crash never leaves a half-written key.
fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    let temporary = path.with_extension(format!("tmp-{}", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(&temporary)
        .with_context(|| format!("creating {}", temporary.display()))?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    // A hard link, unlike a rename, refuses to replace a key that another
    // process placed first; that key then wins.
    let placed = std::fs::hard_link(&temporary, path);
    let _ = std::fs::remove_file(&temporary);
    match placed {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e).with_context(|| format!("placing the new key at {}", path.display())),
    }
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
