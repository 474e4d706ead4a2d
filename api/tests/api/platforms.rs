//! Fake mini-program platforms on 127.0.0.1: WeChat's `jscode2session` and
//! Alipay's gateway with `alipay.system.oauth.token`, answering each login
//! code as the real ones would answer such a code.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpResponse, HttpServer, web};
use api::config::{AlipaySettings, WechatSettings};
use api::secrets::Secret;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
use serde_json::json;

pub const WECHAT_APP_ID: &str = "wx0123456789abcdef";
pub const OTHER_WECHAT_APP_ID: &str = "wxfedcba9876543210";
pub const WECHAT_SECRET: &str = "0123456789abcdef0123456789abcdef";
/// What WeChat returns as `session_key`; no answer of ours may hold it.
pub const SESSION_KEY: &str = "tiihtNczf5v6AKRyjwEUhQ==";

pub const ALIPAY_APP_ID: &str = "2021004100000001";
/// Test-only keys, made with `openssl genpkey -algorithm RSA`.
pub const APP_PRIVATE_KEY: &str = include_str!("../data/alipay-app-private.pem");
const APP_PUBLIC_KEY: &str = include_str!("../data/alipay-app-public.pem");
const GATEWAY_PRIVATE_KEY: &str = include_str!("../data/alipay-gateway-private.pem");
pub const GATEWAY_PUBLIC_KEY: &str = include_str!("../data/alipay-gateway-public.pem");

/// A fake platform and the requests it got.
pub struct Platform {
    pub url: String,
    requests: Arc<Mutex<Vec<HashMap<String, String>>>>,
}

impl Platform {
    /// The parameters of every request so far.
    pub fn requests(&self) -> Vec<HashMap<String, String>> {
        self.requests.lock().unwrap().clone()
    }

    pub fn wechat_settings(&self, app_id: &str) -> WechatSettings {
        WechatSettings {
            base_url: self.url.parse().unwrap(),
            app_id: app_id.to_owned(),
            app_secret: Secret::new(WECHAT_SECRET),
        }
    }

    pub fn alipay_settings(&self) -> AlipaySettings {
        AlipaySettings {
            gateway_url: format!("{}/gateway.do", self.url).parse().unwrap(),
            app_id: ALIPAY_APP_ID.to_owned(),
            private_key: Secret::new(APP_PRIVATE_KEY),
            public_key: GATEWAY_PUBLIC_KEY.to_owned(),
        }
    }
}

type Requests = web::Data<Arc<Mutex<Vec<HashMap<String, String>>>>>;

/// WeChat. `code-<name>` is the user `<name>` (its openid differs per app,
/// its unionid does not); `used`, `invalid`, `risky`, `quota` and `busy`
/// get WeChat's error codes for those cases; `slow` answers after three
/// seconds, `html` not in JSON. A wrong app id or secret gets 40125.
pub async fn wechat() -> Platform {
    start(|routes| {
        routes.route("/sns/jscode2session", web::get().to(jscode2session));
    })
    .await
}

/// Alipay's gateway. `auth-<name>` is the user `<name>`, answered signed
/// with Alipay's key; `forged-<name>` is signed with another key; `expired`
/// gets `isv.code-invalid`. A request not signed with the app's key gets
/// `isv.invalid-signature`.
pub async fn alipay() -> Platform {
    start(|routes| {
        routes.route("/gateway.do", web::post().to(gateway));
    })
    .await
}

async fn start(routes: fn(&mut web::ServiceConfig)) -> Platform {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(Vec::new()));
    let shared = web::Data::new(requests.clone());
    let server = HttpServer::new(move || App::new().app_data(shared.clone()).configure(routes))
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
    tokio::spawn(server);
    Platform { url, requests }
}

async fn jscode2session(
    query: web::Query<HashMap<String, String>>,
    requests: Requests,
) -> HttpResponse {
    let query = query.into_inner();
    requests.lock().unwrap().push(query.clone());
    let param = |name: &str| query.get(name).map(String::as_str).unwrap_or("");
    let app_id = param("appid");

    let known_app = [WECHAT_APP_ID, OTHER_WECHAT_APP_ID].contains(&app_id);
    if !known_app || param("secret") != WECHAT_SECRET || param("grant_type") != "authorization_code"
    {
        return wechat_error(40125, "invalid appsecret");
    }
    match param("js_code") {
        "used" => wechat_error(40163, "code been used"),
        "invalid" => wechat_error(40029, "invalid code"),
        "risky" => wechat_error(40226, "high risk user"),
        "quota" => wechat_error(45011, "api minute-quota reach limit"),
        "busy" => wechat_error(-1, "system error"),
        "html" => HttpResponse::Ok()
            .content_type("text/html")
            .body("<html>maintenance</html>"),
        "slow" => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            wechat_error(-1, "system error")
        }
        code => match code.strip_prefix("code-") {
            Some(name) => HttpResponse::Ok().content_type("text/plain").body(
                json!({
                    "openid": format!("{name}@{app_id}"),
                    "session_key": SESSION_KEY,
                    "unionid": format!("union-{name}"),
                })
                .to_string(),
            ),
            None => wechat_error(40029, "invalid code"),
        },
    }
}

fn wechat_error(code: i64, message: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain")
        .body(json!({"errcode": code, "errmsg": message}).to_string())
}

async fn gateway(form: web::Bytes, requests: Requests) -> HttpResponse {
    let form: HashMap<String, String> = serde_urlencoded::from_bytes(&form).unwrap_or_default();
    requests.lock().unwrap().push(form.clone());
    let param = |name: &str| form.get(name).map(String::as_str).unwrap_or("");

    let well_formed = param("app_id") == ALIPAY_APP_ID
        && param("method") == "alipay.system.oauth.token"
        && param("sign_type") == "RSA2"
        && param("grant_type") == "authorization_code";
    if !well_formed || !signed_by_app(&form) {
        return alipay_error("40002", "isv.invalid-signature", "验签出错");
    }
    let code = param("code");
    if let Some(name) = code.strip_prefix("auth-") {
        return alipay_success(name, GATEWAY_PRIVATE_KEY);
    }
    if let Some(name) = code.strip_prefix("forged-") {
        return alipay_success(name, APP_PRIVATE_KEY);
    }
    alipay_error("40002", "isv.code-invalid", "授权码code无效")
}

/// The request's signature over its sorted parameters, checked with the
/// app's public key as Alipay checks it.
fn signed_by_app(form: &HashMap<String, String>) -> bool {
    let mut names: Vec<&String> = form
        .keys()
        .filter(|name| *name != "sign" && !form[*name].is_empty())
        .collect();
    names.sort();
    let content = names
        .iter()
        .map(|name| format!("{name}={}", form[*name]))
        .collect::<Vec<_>>()
        .join("&");
    let Some(signature) = form.get("sign").and_then(|s| STANDARD.decode(s).ok()) else {
        return false;
    };
    let key = DecodingKey::from_rsa_pem(APP_PUBLIC_KEY.as_bytes()).unwrap();
    jsonwebtoken::crypto::verify(
        &URL_SAFE_NO_PAD.encode(signature),
        content.as_bytes(),
        &key,
        Algorithm::RS256,
    )
    .unwrap_or(false)
}

fn alipay_success(name: &str, signing_key: &str) -> HttpResponse {
    let node = json!({
        "code": "10000",
        "msg": "Success",
        "open_id": format!("open-{name}"),
        "access_token": "authusrB1234",
        "expires_in": 1296000,
        "refresh_token": "authusrR1234",
        "re_expires_in": 2592000,
    })
    .to_string();
    let key = EncodingKey::from_rsa_pem(signing_key.as_bytes()).unwrap();
    let signature = jsonwebtoken::crypto::sign(node.as_bytes(), &key, Algorithm::RS256).unwrap();
    let signature = STANDARD.encode(URL_SAFE_NO_PAD.decode(signature).unwrap());
    HttpResponse::Ok()
        .content_type("text/html;charset=utf-8")
        .body(format!(
            r#"{{"alipay_system_oauth_token_response":{node},"sign":"{signature}"}}"#
        ))
}

fn alipay_error(code: &str, sub_code: &str, sub_message: &str) -> HttpResponse {
    HttpResponse::Ok().body(
        json!({"error_response": {
            "code": code, "msg": "Invalid Arguments", "sub_code": sub_code, "sub_msg": sub_message,
        }})
        .to_string(),
    )
}
