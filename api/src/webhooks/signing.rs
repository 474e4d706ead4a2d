//! Signing deliveries so that receivers can refuse forgeries and replays:
//! `Redress-Signature: v1=<hex>` is the HMAC-SHA256 of
//! `"{Redress-Timestamp}.{body}"`, keyed with the webhook's secret (all of
//! it, `whsec_` included). The timestamp inside the signed text lets a
//! receiver refuse an old delivery replayed with its signature.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::secrets::random_token;

const PREFIX: &str = "whsec_";

/// The version of the signature scheme, written before the hex digest.
pub const VERSION: &str = "v1";

/// A new webhook secret, shown to its business once.
pub fn new_secret() -> String {
    format!("{PREFIX}{}", random_token(32))
}

/// The `Redress-Signature` value for a body sent at `timestamp` (Unix seconds).
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    let digest: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{VERSION}={digest}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_hmac_of_timestamp_dot_body() {
        // Computed independently: Python's hmac.new(b"whsec_test",
        // b'1700000000.{"a":1}', hashlib.sha256).hexdigest().
        let expected = "v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789";

        assert_eq!(
            signature("whsec_test", 1_700_000_000, r#"{"a":1}"#),
            expected
        );
    }

    #[test]
    fn another_timestamp_or_body_changes_the_signature() {
        let signed = signature("whsec_test", 1_700_000_000, "{}");

        assert_ne!(signature("whsec_test", 1_700_000_001, "{}"), signed);
        assert_ne!(signature("whsec_test", 1_700_000_000, "{ }"), signed);
        assert_ne!(signature("whsec_other", 1_700_000_000, "{}"), signed);
    }

    #[test]
    fn secrets_are_long_random_and_recognisable() {
        let (first, second) = (new_secret(), new_secret());

        assert!(first.starts_with("whsec_") && first.len() > 40);
        assert_ne!(first, second);
    }
}
