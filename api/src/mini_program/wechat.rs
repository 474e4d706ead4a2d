//! WeChat: `GET {base}/sns/jscode2session` exchanges the code from
//! `wx.login` for the user's `openid` (and `unionid` when the app belongs to
//! an open-platform account). WeChat also returns a `session_key`; it is not
//! even read here.

use chrono::{DateTime, Utc};
use reqwest::Url;
use serde::Deserialize;

use crate::config::WechatSettings;
use crate::mini_program::provider::{CodeExchange, ExchangeError, Identity, answer_text};
use crate::notifications::sender::BoxFuture;
use crate::secrets::Secret;

pub struct Wechat {
    client: reqwest::Client,
    endpoint: Url,
    app_id: String,
    app_secret: Secret,
    timeout: u64,
}

/// The fields of WeChat's answer that are used; `session_key` is left out
/// on purpose.
#[derive(Debug, Default, Deserialize)]
struct Answer {
    openid: Option<String>,
    unionid: Option<String>,
    #[serde(default)]
    errcode: i64,
    #[serde(default)]
    errmsg: String,
}

impl Wechat {
    pub fn new(
        settings: &WechatSettings,
        client: reqwest::Client,
        timeout: u64,
    ) -> anyhow::Result<Self> {
        let base = settings.base_url.as_str().trim_end_matches('/');
        let endpoint = Url::parse(&format!("{base}/sns/jscode2session"))?;
        Ok(Self {
            client,
            endpoint,
            app_id: settings.app_id.clone(),
            app_secret: settings.app_secret.clone(),
            timeout,
        })
    }

    async fn call(&self, code: &str) -> Result<Identity, ExchangeError> {
        let mut url = self.endpoint.clone();
        url.query_pairs_mut()
            .append_pair("appid", &self.app_id)
            .append_pair("secret", self.app_secret.expose())
            .append_pair("js_code", code)
            .append_pair("grant_type", "authorization_code");
        let response = self.client.get(url).send().await;
        let text = answer_text(response, self.timeout).await?;
        let answer: Answer = serde_json::from_str(&text).map_err(|_| {
            ExchangeError::Unavailable("WeChat's answer is not the expected JSON".to_owned())
        })?;
        identity(answer)
    }
}

impl CodeExchange for Wechat {
    fn app_id(&self) -> &str {
        &self.app_id
    }

    fn exchange<'a>(
        &'a self,
        code: &'a str,
        _now: DateTime<Utc>,
    ) -> BoxFuture<'a, Result<Identity, ExchangeError>> {
        Box::pin(self.call(code))
    }
}

/// The identity, or WeChat's error code mapped to what it means for us.
fn identity(answer: Answer) -> Result<Identity, ExchangeError> {
    let why = format!("WeChat errcode {}: {}", answer.errcode, answer.errmsg);
    match answer.errcode {
        0 => match answer.openid.filter(|id| !id.is_empty()) {
            Some(open_id) => Identity::new(open_id, answer.unionid.filter(|id| !id.is_empty())),
            None => Err(ExchangeError::Unavailable(
                "WeChat answered without an openid".to_owned(),
            )),
        },
        // Invalid code; code already used.
        40029 | 40163 => Err(ExchangeError::InvalidCode(why)),
        // A user WeChat's risk control blocks.
        40226 => Err(ExchangeError::UserRefused(why)),
        // The app's minute quota.
        45011 => Err(ExchangeError::RateLimited(why)),
        // System busy.
        -1 => Err(ExchangeError::Unavailable(why)),
        // Invalid AppID, AppSecret or the like.
        _ => Err(ExchangeError::Misconfigured(why)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(json: &str) -> Answer {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn an_openid_with_its_unionid_is_the_identity_and_the_session_key_is_dropped() {
        let parsed = answer(r#"{"openid":"o1","session_key":"sk","unionid":"u1"}"#);

        let found = identity(parsed).unwrap();

        assert_eq!(
            found,
            Identity {
                open_id: "o1".into(),
                union_id: Some("u1".into())
            }
        );
    }

    #[test]
    fn error_codes_map_to_what_they_mean() {
        let kinds = [40029, 40163, 40226, 45011, -1, 40013]
            .map(|code| identity(answer(&format!(r#"{{"errcode":{code},"errmsg":"x"}}"#))));

        assert!(matches!(kinds[0], Err(ExchangeError::InvalidCode(_))));
        assert!(matches!(kinds[1], Err(ExchangeError::InvalidCode(_))));
        assert!(matches!(kinds[2], Err(ExchangeError::UserRefused(_))));
        assert!(matches!(kinds[3], Err(ExchangeError::RateLimited(_))));
        assert!(matches!(kinds[4], Err(ExchangeError::Unavailable(_))));
        assert!(matches!(kinds[5], Err(ExchangeError::Misconfigured(_))));
    }

    #[test]
    fn an_answer_without_openid_or_error_is_unusable() {
        assert!(matches!(
            identity(answer("{}")),
            Err(ExchangeError::Unavailable(_))
        ));
    }
}
