//! Alipay: the gateway's `alipay.system.oauth.token` exchanges the code
//! from `my.getAuthCode` for the user's `open_id` (or `user_id`). The
//! request carries Alipay's common parameters signed RSA2 (SHA256withRSA
//! over the sorted `key=value` pairs) with the app's private key; a
//! successful answer must carry Alipay's signature over its response node,
//! checked with Alipay's public key. The access and refresh tokens Alipay
//! also returns are not read.

use std::collections::BTreeMap;

use anyhow::bail;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
use reqwest::Url;
use reqwest::header::CONTENT_TYPE;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::config::AlipaySettings;
use crate::deadlines::calendar::china_time;
use crate::mini_program::provider::{CodeExchange, ExchangeError, Identity, answer_text};
use crate::notifications::sender::BoxFuture;

const METHOD: &str = "alipay.system.oauth.token";
const FORM_TYPE: &str = "application/x-www-form-urlencoded;charset=utf-8";

pub struct Alipay {
    client: reqwest::Client,
    gateway: Url,
    app_id: String,
    private_key: EncodingKey,
    alipay_key: DecodingKey,
    timeout: u64,
}

/// The gateway's answer: one response node, named after the method, or an
/// error node; and the signature over the node's exact text.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow)]
    alipay_system_oauth_token_response: Option<&'a RawValue>,
    #[serde(borrow)]
    error_response: Option<&'a RawValue>,
    sign: Option<String>,
}

/// The fields of a response node that are used.
#[derive(Debug, Default, Deserialize)]
struct Node {
    code: Option<String>,
    msg: Option<String>,
    sub_code: Option<String>,
    sub_msg: Option<String>,
    user_id: Option<String>,
    open_id: Option<String>,
    union_id: Option<String>,
}

impl Alipay {
    pub fn new(
        settings: &AlipaySettings,
        client: reqwest::Client,
        timeout: u64,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            client,
            gateway: settings.gateway_url.clone(),
            app_id: settings.app_id.clone(),
            private_key: private_key(settings.private_key.expose())?,
            alipay_key: public_key(&settings.public_key)?,
            timeout,
        })
    }

    async fn call(&self, code: &str, now: DateTime<Utc>) -> Result<Identity, ExchangeError> {
        let form = self.signed_form(code, now)?;
        let body = serde_urlencoded::to_string(&form)
            .map_err(|error| ExchangeError::Misconfigured(format!("encoding the form: {error}")))?;
        let response = self
            .client
            .post(self.gateway.clone())
            .header(CONTENT_TYPE, FORM_TYPE)
            .body(body)
            .send()
            .await;
        let text = answer_text(response, self.timeout).await?;
        self.identity(&text)
    }

    /// The request's parameters with their signature.
    fn signed_form(
        &self,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<BTreeMap<&'static str, String>, ExchangeError> {
        let mut form = BTreeMap::from([
            ("app_id", self.app_id.clone()),
            ("method", METHOD.to_owned()),
            ("format", "JSON".to_owned()),
            ("charset", "utf-8".to_owned()),
            ("sign_type", "RSA2".to_owned()),
            // `yyyy-MM-dd HH:mm:ss`, China time, as the gateway expects.
            ("timestamp", china_time(now)),
            ("version", "1.0".to_owned()),
            ("grant_type", "authorization_code".to_owned()),
            ("code", code.to_owned()),
        ]);
        let signature = sign(&signing_content(&form), &self.private_key)
            .map_err(|error| ExchangeError::Misconfigured(format!("signing failed: {error}")))?;
        form.insert("sign", signature);
        Ok(form)
    }

    /// The identity in a signed answer, or the error the answer names.
    fn identity(&self, text: &str) -> Result<Identity, ExchangeError> {
        let envelope: Envelope = serde_json::from_str(text).map_err(|_| unreadable())?;
        if let Some(node) = envelope.alipay_system_oauth_token_response {
            let signed = envelope
                .sign
                .as_deref()
                .is_some_and(|sign| verify(node.get(), sign, &self.alipay_key));
            if !signed {
                return Err(ExchangeError::Unavailable(
                    "Alipay's answer is not signed by REDRESS_ALIPAY_PUBLIC_KEY's key".to_owned(),
                ));
            }
            return node_identity(parse_node(node)?);
        }
        // An error grants nothing, so an unsigned one is taken as it is.
        match envelope.error_response {
            Some(node) => Err(failure(&parse_node(node)?)),
            None => Err(unreadable()),
        }
    }
}

impl CodeExchange for Alipay {
    fn app_id(&self) -> &str {
        &self.app_id
    }

    fn exchange<'a>(
        &'a self,
        code: &'a str,
        now: DateTime<Utc>,
    ) -> BoxFuture<'a, Result<Identity, ExchangeError>> {
        Box::pin(self.call(code, now))
    }
}

fn unreadable() -> ExchangeError {
    ExchangeError::Unavailable("Alipay's answer is not the expected JSON".to_owned())
}

fn parse_node(node: &RawValue) -> Result<Node, ExchangeError> {
    serde_json::from_str(node.get()).map_err(|_| unreadable())
}

fn node_identity(node: Node) -> Result<Identity, ExchangeError> {
    if node.code.as_deref().is_some_and(|code| code != "10000") {
        return Err(failure(&node));
    }
    let open_id = node.open_id.or(node.user_id).filter(|id| !id.is_empty());
    match open_id {
        Some(open_id) => Identity::new(open_id, node.union_id.filter(|id| !id.is_empty())),
        None => Err(ExchangeError::Unavailable(
            "Alipay answered without open_id or user_id".to_owned(),
        )),
    }
}

/// What an error node means for us.
fn failure(node: &Node) -> ExchangeError {
    let code = node.code.as_deref().unwrap_or("");
    let sub_code = node.sub_code.as_deref().unwrap_or("");
    let why = format!(
        "Alipay {code} {}: {sub_code} {}",
        node.msg.as_deref().unwrap_or(""),
        node.sub_msg.as_deref().unwrap_or("")
    );
    if sub_code.starts_with("isv.code") {
        ExchangeError::InvalidCode(why)
    } else if code == "20000" {
        ExchangeError::Unavailable(why)
    } else {
        ExchangeError::Misconfigured(why)
    }
}

/// What is signed: the non-empty parameters but `sign`, sorted by name, as
/// `name=value` joined with `&`, not URL-encoded.
fn signing_content(form: &BTreeMap<&str, String>) -> String {
    form.iter()
        .filter(|(name, value)| **name != "sign" && !value.is_empty())
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// SHA256withRSA, in standard base64 as Alipay writes it.
fn sign(content: &str, key: &EncodingKey) -> anyhow::Result<String> {
    let url_safe = jsonwebtoken::crypto::sign(content.as_bytes(), key, Algorithm::RS256)?;
    Ok(STANDARD.encode(URL_SAFE_NO_PAD.decode(url_safe)?))
}

fn verify(content: &str, signature: &str, key: &DecodingKey) -> bool {
    let Ok(bytes) = STANDARD.decode(signature.trim()) else {
        return false;
    };
    let url_safe = URL_SAFE_NO_PAD.encode(bytes);
    jsonwebtoken::crypto::verify(&url_safe, content.as_bytes(), key, Algorithm::RS256)
        .unwrap_or(false)
}

/// The app's private key, in PEM or as the bare base64 of PKCS#8 or PKCS#1
/// that Alipay's key tool prints. It must sign, or start-up stops.
fn private_key(text: &str) -> anyhow::Result<EncodingKey> {
    for candidate in pem_candidates(text, &["PRIVATE KEY", "RSA PRIVATE KEY"]) {
        let Ok(key) = EncodingKey::from_rsa_pem(candidate.as_bytes()) else {
            continue;
        };
        if sign("redress", &key).is_ok() {
            return Ok(key);
        }
    }
    bail!(
        "REDRESS_ALIPAY_PRIVATE_KEY is not an RSA private key: give the application private key \
         (应用私钥) in PEM, or the bare base64 that Alipay's key tool prints"
    )
}

/// Alipay's public key, in PEM or bare base64.
fn public_key(text: &str) -> anyhow::Result<DecodingKey> {
    pem_candidates(text, &["PUBLIC KEY", "RSA PUBLIC KEY"])
        .iter()
        .find_map(|candidate| DecodingKey::from_rsa_pem(candidate.as_bytes()).ok())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "REDRESS_ALIPAY_PUBLIC_KEY is not an RSA public key: give Alipay's public key \
                 (支付宝公钥, not the application's) in PEM or bare base64"
            )
        })
}

/// The text itself when it is PEM; otherwise bare base64 wrapped as each label.
fn pem_candidates(text: &str, labels: &[&str]) -> Vec<String> {
    let text = text.trim();
    if text.starts_with("-----BEGIN") {
        return vec![text.to_owned()];
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let lines: Vec<&str> = compact
        .as_bytes()
        .chunks(64)
        .filter_map(|chunk| std::str::from_utf8(chunk).ok())
        .collect();
    labels
        .iter()
        .map(|label| {
            format!(
                "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
                lines.join("\n")
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP_PRIVATE: &str = include_str!("../../tests/data/alipay-app-private.pem");
    const APP_PUBLIC: &str = include_str!("../../tests/data/alipay-app-public.pem");

    fn bare(pem: &str) -> String {
        pem.lines()
            .filter(|line| !line.starts_with("-----"))
            .collect()
    }

    #[test]
    fn the_signed_content_is_the_sorted_pairs_without_sign_or_empty_values() {
        let form = BTreeMap::from([
            ("method", "m".to_owned()),
            ("app_id", "1".to_owned()),
            ("sign", "s".to_owned()),
            ("empty", String::new()),
        ]);

        assert_eq!(signing_content(&form), "app_id=1&method=m");
    }

    #[test]
    fn keys_are_taken_in_pem_or_bare_base64_and_what_one_signs_the_other_verifies() {
        let from_pem = private_key(APP_PRIVATE).unwrap();
        let from_bare = private_key(&bare(APP_PRIVATE)).unwrap();
        let public = public_key(&bare(APP_PUBLIC)).unwrap();

        let signature = sign("a=1&b=2", &from_bare).unwrap();

        assert!(verify("a=1&b=2", &signature, &public));
        assert!(!verify("a=1&b=3", &signature, &public));
        assert_eq!(
            sign("x", &from_pem).unwrap(),
            sign("x", &from_bare).unwrap()
        );
    }

    #[test]
    fn a_wrong_key_is_named_at_start() {
        let private = private_key("not a key").err().unwrap().to_string();
        let public = public_key("bm90IGEga2V5").err().unwrap().to_string();

        assert!(private.contains("REDRESS_ALIPAY_PRIVATE_KEY"), "{private}");
        assert!(public.contains("REDRESS_ALIPAY_PUBLIC_KEY"), "{public}");
    }

    #[test]
    fn code_errors_are_invalid_codes_and_the_rest_the_operators() {
        let node = |code: &str, sub: &str| Node {
            code: Some(code.into()),
            sub_code: Some(sub.into()),
            ..Node::default()
        };

        assert!(matches!(
            failure(&node("40002", "isv.code-invalid")),
            ExchangeError::InvalidCode(_)
        ));
        assert!(matches!(
            failure(&node("20000", "aop.unknow-error")),
            ExchangeError::Unavailable(_)
        ));
        assert!(matches!(
            failure(&node("40002", "isv.invalid-signature")),
            ExchangeError::Misconfigured(_)
        ));
    }
}
