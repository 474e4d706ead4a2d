//! Settings: built-in defaults, then an optional `redress.toml`, then
//! `REDRESS_*` environment variables, then command-line flags. Each later
//! layer wins. A wrong value stops start-up with the setting's name.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Parser;
use ipnet::IpNet;
use reqwest::Url;
use serde::Deserialize;

use crate::secrets::Secret;

/// The redress server: consumer complaints, their handling and their publication.
///
/// Every setting can also be given as an environment variable (shown in
/// brackets) or in a `redress.toml` file; flags win over variables, variables
/// over the file, the file over the defaults.
#[derive(Debug, Default, Parser)]
#[command(name = "redress", version)]
pub struct Flags {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Configuration file; missing is fine unless named explicitly.
    #[arg(long, env = "REDRESS_CONFIG")]
    pub config: Option<PathBuf>,

    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "REDRESS_BIND")]
    pub bind: Option<SocketAddr>,

    /// Database URL: `sqlite://path?mode=rwc` or `postgres://user@host/db`
    /// [default: SQLite file redress.db in the data folder].
    #[arg(long, env = "REDRESS_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// Folder for the embedded database, generated secrets and evidence [default: ./data].
    #[arg(long, env = "REDRESS_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    /// Password for the `admin` account created on first start; without it a
    /// one-time password is generated and printed once.
    #[arg(long, env = "REDRESS_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,

    /// Log format: `text` for people or `json` for log collectors [default: text].
    #[arg(long, env = "REDRESS_LOG_FORMAT")]
    pub log_format: Option<LogFormat>,

    /// Log filter in `tracing` syntax, e.g. `info,api=debug` [default: info].
    #[arg(long, env = "REDRESS_LOG")]
    pub log: Option<String>,

    /// Key that signs access tokens (at least 32 bytes). Give every replica the same key.
    /// Without it and without a key file, a key is generated into the data folder.
    #[arg(long, env = "REDRESS_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,

    /// File holding the token signing key, as an alternative to REDRESS_JWT_SECRET.
    #[arg(long, env = "REDRESS_JWT_SECRET_FILE")]
    pub jwt_secret_file: Option<PathBuf>,

    /// Lifetime of access tokens in seconds [default: 900].
    #[arg(long, env = "REDRESS_ACCESS_TOKEN_TTL")]
    pub access_token_ttl: Option<u64>,

    /// Lifetime of refresh tokens (and of a login session) in seconds [default: 2592000, 30 days].
    #[arg(long, env = "REDRESS_REFRESH_TOKEN_TTL")]
    pub refresh_token_ttl: Option<u64>,

    /// Browser origins allowed to call the API, comma-separated, e.g.
    /// `https://tousu.example.cn`. Empty: same origin only [default: empty].
    #[arg(long, env = "REDRESS_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Option<Vec<String>>,

    /// Folder of the built SPA (index.html and pkg/) [default: web/dist].
    #[arg(long, env = "REDRESS_WEB_DIR")]
    pub web_dir: Option<PathBuf>,

    /// Largest JSON request body in bytes [default: 1048576].
    #[arg(long, env = "REDRESS_MAX_JSON_BYTES")]
    pub max_json_bytes: Option<usize>,

    /// Take the client address from the first `X-Forwarded-For` entry; only
    /// behind a proxy that sets it [default: false].
    #[arg(long, env = "REDRESS_TRUST_PROXY")]
    pub trust_proxy: Option<bool>,

    /// Demo mode: the platform admin may set the server's clock
    /// (`PUT /api/v1/demo/clock`), so that replayed cases live through their
    /// deadlines. Never on a production server [default: false].
    #[arg(long, env = "REDRESS_DEMO", num_args = 0..=1, default_missing_value = "true")]
    pub demo: Option<bool>,

    /// Seconds that in-flight requests get to finish on SIGTERM or SIGINT [default: 30].
    #[arg(long, env = "REDRESS_SHUTDOWN_TIMEOUT")]
    pub shutdown_timeout: Option<u64>,

    /// Seconds a request waits for a database connection before it is
    /// answered 503 with Retry-After [default: 5].
    #[arg(long, env = "REDRESS_DATABASE_WAIT")]
    pub database_wait: Option<u64>,

    /// Seconds between runs of the deadline sweeper [default: 30].
    #[arg(long, env = "REDRESS_SWEEP_INTERVAL")]
    pub sweep_interval: Option<u64>,

    /// Hours before a deadline that the parties are reminded [default: 24].
    #[arg(long, env = "REDRESS_DEADLINE_WARNING_HOURS")]
    pub deadline_warning_hours: Option<u64>,

    /// Largest evidence image or PDF in bytes [default: 20971520, 20 MiB].
    #[arg(long, env = "REDRESS_MAX_EVIDENCE_BYTES")]
    pub max_evidence_bytes: Option<u64>,

    /// Largest evidence video in bytes [default: 104857600, 100 MiB].
    #[arg(long, env = "REDRESS_MAX_VIDEO_BYTES")]
    pub max_video_bytes: Option<u64>,

    /// Most evidence bytes on one complaint [default: 314572800, 300 MiB].
    #[arg(long, env = "REDRESS_MAX_CASE_EVIDENCE_BYTES")]
    pub max_case_evidence_bytes: Option<u64>,

    /// Hours an uploaded file may wait for a filing before it is removed [default: 24].
    #[arg(long, env = "REDRESS_ORPHAN_EVIDENCE_HOURS")]
    pub orphan_evidence_hours: Option<u64>,

    /// Seconds between re-reads of the inbox by each open event stream, which
    /// catch notifications whose wake-up was lost [default: 5].
    #[arg(long, env = "REDRESS_EVENT_RECHECK_INTERVAL")]
    pub event_recheck_interval: Option<u64>,

    /// Seconds between heartbeats on each open event stream; each one also
    /// checks that the login session still lives [default: 15].
    #[arg(long, env = "REDRESS_EVENT_HEARTBEAT_INTERVAL")]
    pub event_heartbeat_interval: Option<u64>,

    /// Addresses or networks that webhooks may reach although they are
    /// private, loopback or link-local, comma-separated, e.g.
    /// `10.20.0.0/16,127.0.0.1`. Empty: public addresses only [default: empty].
    #[arg(long, env = "REDRESS_WEBHOOK_ALLOWED_NETWORKS", value_delimiter = ',')]
    pub webhook_allowed_networks: Option<Vec<String>>,

    /// Seconds a webhook delivery may take to connect [default: 5].
    #[arg(long, env = "REDRESS_WEBHOOK_CONNECT_TIMEOUT")]
    pub webhook_connect_timeout: Option<u64>,

    /// Seconds a webhook delivery may take in all, answer included [default: 15].
    #[arg(long, env = "REDRESS_WEBHOOK_TIMEOUT")]
    pub webhook_timeout: Option<u64>,

    /// Seconds between looks for webhook deliveries that are due [default: 2].
    #[arg(long, env = "REDRESS_WEBHOOK_INTERVAL")]
    pub webhook_interval: Option<u64>,

    /// Requests a minute that one client address may make to the anonymous
    /// public endpoints (/api/v1/public/…), counted by each replica apart [default: 300].
    #[arg(long, env = "REDRESS_PUBLIC_RATE_LIMIT")]
    pub public_rate_limit: Option<u32>,

    /// Public requests one address may make at once before the per-minute
    /// rate applies [default: 60].
    #[arg(long, env = "REDRESS_PUBLIC_RATE_BURST")]
    pub public_rate_burst: Option<u32>,
    /// Accepted complaints a business needs in a period before its public
    /// record shows a complaint-handling index and it is ranked [default: 10].
    #[arg(long, env = "REDRESS_INDEX_MIN_CASES")]
    pub index_min_cases: Option<u64>,

    /// WeChat mini-program AppID (`wx` and 16 hex digits). With the app
    /// secret, WeChat mini-program sign-in is offered; without, it is not.
    #[arg(long, env = "REDRESS_WECHAT_APP_ID")]
    pub wechat_app_id: Option<String>,

    /// WeChat mini-program AppSecret (32 hex digits).
    #[arg(long, env = "REDRESS_WECHAT_APP_SECRET", hide_env_values = true)]
    pub wechat_app_secret: Option<String>,

    /// Where WeChat's API answers [default: https://api.weixin.qq.com].
    #[arg(long, env = "REDRESS_WECHAT_BASE_URL")]
    pub wechat_base_url: Option<String>,

    /// Alipay mini-program app id (16 digits). With the two keys, Alipay
    /// mini-program sign-in is offered; without, it is not.
    #[arg(long, env = "REDRESS_ALIPAY_APP_ID")]
    pub alipay_app_id: Option<String>,

    /// The app's RSA private key that signs requests to Alipay (RSA2): PEM,
    /// or the bare base64 that Alipay's key tool prints.
    #[arg(long, env = "REDRESS_ALIPAY_PRIVATE_KEY", hide_env_values = true)]
    pub alipay_private_key: Option<String>,

    /// Alipay's RSA public key (支付宝公钥) that signs its answers: PEM or bare base64.
    #[arg(long, env = "REDRESS_ALIPAY_PUBLIC_KEY")]
    pub alipay_public_key: Option<String>,

    /// Alipay's gateway [default: https://openapi.alipay.com/gateway.do].
    #[arg(long, env = "REDRESS_ALIPAY_GATEWAY_URL")]
    pub alipay_gateway_url: Option<String>,

    /// Seconds a call to a mini-program platform may take to connect [default: 3].
    #[arg(long, env = "REDRESS_MINI_PROGRAM_CONNECT_TIMEOUT")]
    pub mini_program_connect_timeout: Option<u64>,

    /// Seconds a call to a mini-program platform may take in all [default: 5].
    #[arg(long, env = "REDRESS_MINI_PROGRAM_TIMEOUT")]
    pub mini_program_timeout: Option<u64>,
}

/// What the binary does; without a command, it serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::Subcommand)]
pub enum Command {
    /// Serve the API, the SPA and the docs (the default).
    Serve,
    /// Print the OpenAPI document as JSON and exit.
    Openapi,
    /// Give `admin` a new password (REDRESS_ADMIN_PASSWORD, or a generated one
    /// printed once), end its sessions and exit.
    ResetAdminPassword,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// The same settings as `Flags`, as read from `redress.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    bind: Option<SocketAddr>,
    database_url: Option<String>,
    data_dir: Option<PathBuf>,
    admin_password: Option<String>,
    log_format: Option<LogFormat>,
    log: Option<String>,
    jwt_secret: Option<String>,
    jwt_secret_file: Option<PathBuf>,
    access_token_ttl: Option<u64>,
    refresh_token_ttl: Option<u64>,
    cors_origins: Option<Vec<String>>,
    web_dir: Option<PathBuf>,
    max_json_bytes: Option<usize>,
    trust_proxy: Option<bool>,
    demo: Option<bool>,
    shutdown_timeout: Option<u64>,
    database_wait: Option<u64>,
    sweep_interval: Option<u64>,
    deadline_warning_hours: Option<u64>,
    max_evidence_bytes: Option<u64>,
    max_video_bytes: Option<u64>,
    max_case_evidence_bytes: Option<u64>,
    orphan_evidence_hours: Option<u64>,
    event_recheck_interval: Option<u64>,
    event_heartbeat_interval: Option<u64>,
    webhook_allowed_networks: Option<Vec<String>>,
    webhook_connect_timeout: Option<u64>,
    webhook_timeout: Option<u64>,
    webhook_interval: Option<u64>,
    public_rate_limit: Option<u32>,
    public_rate_burst: Option<u32>,
    index_min_cases: Option<u64>,
    wechat_app_id: Option<String>,
    wechat_app_secret: Option<String>,
    wechat_base_url: Option<String>,
    alipay_app_id: Option<String>,
    alipay_private_key: Option<String>,
    alipay_public_key: Option<String>,
    alipay_gateway_url: Option<String>,
    mini_program_connect_timeout: Option<u64>,
    mini_program_timeout: Option<u64>,
}

/// Where the token signing key comes from.
#[derive(Clone, Debug)]
pub enum JwtKeySource {
    Value(Secret),
    File(PathBuf),
    /// Generated on first start into the data folder.
    DataDir,
}

/// The longest token a demo server issues: ten years.
pub const DEMO_TOKEN_TTL: u64 = 315_360_000;

/// The settings the server runs with.
#[derive(Clone, Debug)]
pub struct Settings {
    pub bind: SocketAddr,
    pub database_url: Secret,
    pub data_dir: PathBuf,
    pub admin_password: Option<Secret>,
    pub log_format: LogFormat,
    pub log_filter: String,
    pub jwt_key: JwtKeySource,
    pub access_token_ttl: u64,
    pub refresh_token_ttl: u64,
    pub cors_origins: Vec<String>,
    pub web_dir: PathBuf,
    pub max_json_bytes: usize,
    pub trust_proxy: bool,
    /// The clock may be set through the API (demo servers only).
    pub demo: bool,
    pub shutdown_timeout: u64,
    /// Seconds a request waits for a database connection.
    pub database_wait: u64,
    pub sweep_interval: u64,
    pub deadline_warning_hours: u64,
    pub max_evidence_bytes: u64,
    pub max_video_bytes: u64,
    pub max_case_evidence_bytes: u64,
    pub orphan_evidence_hours: u64,
    pub event_recheck_interval: u64,
    pub event_heartbeat_interval: u64,
    /// Private, loopback or link-local networks webhooks may reach anyway.
    pub webhook_allowed_networks: Vec<IpNet>,
    pub webhook_connect_timeout: u64,
    pub webhook_timeout: u64,
    pub webhook_interval: u64,
    /// Public requests a minute per client address, in this process.
    pub public_rate_limit: u32,
    /// Public requests one address may make at once.
    pub public_rate_burst: u32,
    /// Accepted complaints needed for a complaint-handling index.
    pub index_min_cases: u64,
    /// WeChat mini-program sign-in, when configured.
    pub wechat: Option<WechatSettings>,
    /// Alipay mini-program sign-in, when configured.
    pub alipay: Option<AlipaySettings>,
    pub mini_program_connect_timeout: u64,
    pub mini_program_timeout: u64,
}

/// The WeChat mini-program whose users may sign in.
#[derive(Clone, Debug)]
pub struct WechatSettings {
    /// Where `/sns/jscode2session` answers.
    pub base_url: Url,
    pub app_id: String,
    pub app_secret: Secret,
}

/// The Alipay mini-program whose users may sign in.
#[derive(Clone, Debug)]
pub struct AlipaySettings {
    /// The gateway that takes `alipay.system.oauth.token`.
    pub gateway_url: Url,
    pub app_id: String,
    /// Signs requests (RSA2); PEM or bare base64, checked at start.
    pub private_key: Secret,
    /// Alipay's key, which signs its answers; PEM or bare base64.
    pub public_key: String,
}

impl Settings {
    /// Reads the layers in order and checks the result.
    pub fn load(flags: Flags) -> anyhow::Result<Self> {
        let file = read_file(flags.config.as_deref())?;
        let data_dir = flags
            .data_dir
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("data"));
        let database_url = flags
            .database_url
            .or(file.database_url)
            .unwrap_or_else(|| default_database_url(&data_dir));
        let jwt_key = match (
            flags.jwt_secret.or(file.jwt_secret),
            flags.jwt_secret_file.or(file.jwt_secret_file),
        ) {
            (Some(value), _) => JwtKeySource::Value(Secret::new(value)),
            (None, Some(path)) => JwtKeySource::File(path),
            (None, None) => JwtKeySource::DataDir,
        };

        let settings = Self {
            bind: flags
                .bind
                .or(file.bind)
                .unwrap_or(([127, 0, 0, 1], 8080).into()),
            database_url: Secret::new(database_url),
            data_dir,
            admin_password: flags
                .admin_password
                .or(file.admin_password)
                .map(Secret::new),
            log_format: flags.log_format.or(file.log_format).unwrap_or_default(),
            log_filter: flags.log.or(file.log).unwrap_or_else(|| "info".to_owned()),
            jwt_key,
            access_token_ttl: flags
                .access_token_ttl
                .or(file.access_token_ttl)
                .unwrap_or(900),
            refresh_token_ttl: flags
                .refresh_token_ttl
                .or(file.refresh_token_ttl)
                .unwrap_or(30 * 24 * 3600),
            cors_origins: flags.cors_origins.or(file.cors_origins).unwrap_or_default(),
            web_dir: flags
                .web_dir
                .or(file.web_dir)
                .unwrap_or_else(|| PathBuf::from("web/dist")),
            max_json_bytes: flags
                .max_json_bytes
                .or(file.max_json_bytes)
                .unwrap_or(1 << 20),
            trust_proxy: flags.trust_proxy.or(file.trust_proxy).unwrap_or(false),
            demo: flags.demo.or(file.demo).unwrap_or(false),
            shutdown_timeout: flags
                .shutdown_timeout
                .or(file.shutdown_timeout)
                .unwrap_or(30),
            database_wait: flags.database_wait.or(file.database_wait).unwrap_or(5),
            sweep_interval: flags.sweep_interval.or(file.sweep_interval).unwrap_or(30),
            deadline_warning_hours: flags
                .deadline_warning_hours
                .or(file.deadline_warning_hours)
                .unwrap_or(24),
            max_evidence_bytes: flags
                .max_evidence_bytes
                .or(file.max_evidence_bytes)
                .unwrap_or(20 << 20),
            max_video_bytes: flags
                .max_video_bytes
                .or(file.max_video_bytes)
                .unwrap_or(100 << 20),
            max_case_evidence_bytes: flags
                .max_case_evidence_bytes
                .or(file.max_case_evidence_bytes)
                .unwrap_or(300 << 20),
            orphan_evidence_hours: flags
                .orphan_evidence_hours
                .or(file.orphan_evidence_hours)
                .unwrap_or(24),
            event_recheck_interval: flags
                .event_recheck_interval
                .or(file.event_recheck_interval)
                .unwrap_or(5),
            event_heartbeat_interval: flags
                .event_heartbeat_interval
                .or(file.event_heartbeat_interval)
                .unwrap_or(15),
            webhook_allowed_networks: networks(
                flags
                    .webhook_allowed_networks
                    .or(file.webhook_allowed_networks)
                    .unwrap_or_default(),
            )?,
            webhook_connect_timeout: flags
                .webhook_connect_timeout
                .or(file.webhook_connect_timeout)
                .unwrap_or(5),
            webhook_timeout: flags.webhook_timeout.or(file.webhook_timeout).unwrap_or(15),
            webhook_interval: flags
                .webhook_interval
                .or(file.webhook_interval)
                .unwrap_or(2),
            public_rate_limit: flags
                .public_rate_limit
                .or(file.public_rate_limit)
                .unwrap_or(300),
            public_rate_burst: flags
                .public_rate_burst
                .or(file.public_rate_burst)
                .unwrap_or(60),
            index_min_cases: flags.index_min_cases.or(file.index_min_cases).unwrap_or(10),
            wechat: wechat(
                flags.wechat_app_id.or(file.wechat_app_id),
                flags.wechat_app_secret.or(file.wechat_app_secret),
                flags.wechat_base_url.or(file.wechat_base_url),
            )?,
            alipay: alipay(AlipayLayers {
                app_id: flags.alipay_app_id.or(file.alipay_app_id),
                private_key: flags.alipay_private_key.or(file.alipay_private_key),
                public_key: flags.alipay_public_key.or(file.alipay_public_key),
                gateway_url: flags.alipay_gateway_url.or(file.alipay_gateway_url),
            })?,
            mini_program_connect_timeout: flags
                .mini_program_connect_timeout
                .or(file.mini_program_connect_timeout)
                .unwrap_or(3),
            mini_program_timeout: flags
                .mini_program_timeout
                .or(file.mini_program_timeout)
                .unwrap_or(5),
        };
        settings.check()?;
        Ok(settings)
    }

    fn check(&self) -> anyhow::Result<()> {
        let url = self.database_url.expose();
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
        {
            bail!("REDRESS_DATABASE_URL must start with sqlite:, postgres:// or postgresql://");
        }
        // A demo server's clock jumps by days and years during a replay; its
        // tokens may live as long as its sessions.
        let longest_access = if self.demo { DEMO_TOKEN_TTL } else { 86_400 };
        if !(60..=longest_access).contains(&self.access_token_ttl) {
            bail!(
                "REDRESS_ACCESS_TOKEN_TTL must be between 60 and {longest_access} seconds \
                 (86400 unless the server runs with --demo)"
            );
        }
        if self.refresh_token_ttl < self.access_token_ttl {
            bail!("REDRESS_REFRESH_TOKEN_TTL must not be shorter than REDRESS_ACCESS_TOKEN_TTL");
        }
        if self.max_json_bytes < 1024 {
            bail!("REDRESS_MAX_JSON_BYTES must be at least 1024");
        }
        if !(1..=60).contains(&self.database_wait) {
            bail!("REDRESS_DATABASE_WAIT must be between 1 and 60 seconds");
        }
        if !(1..=3600).contains(&self.sweep_interval) {
            bail!("REDRESS_SWEEP_INTERVAL must be between 1 and 3600 seconds");
        }
        if !(1..=3600).contains(&self.event_recheck_interval) {
            bail!("REDRESS_EVENT_RECHECK_INTERVAL must be between 1 and 3600 seconds");
        }
        if !(1..=3600).contains(&self.event_heartbeat_interval) {
            bail!("REDRESS_EVENT_HEARTBEAT_INTERVAL must be between 1 and 3600 seconds");
        }
        if self.max_evidence_bytes < 1024 || self.max_video_bytes < 1024 {
            bail!("REDRESS_MAX_EVIDENCE_BYTES and REDRESS_MAX_VIDEO_BYTES must be at least 1024");
        }
        if self.max_case_evidence_bytes < self.max_evidence_bytes.max(self.max_video_bytes) {
            bail!("REDRESS_MAX_CASE_EVIDENCE_BYTES must not be smaller than one file's limit");
        }
        if !(1..=60).contains(&self.webhook_connect_timeout)
            || !(self.webhook_connect_timeout..=300).contains(&self.webhook_timeout)
        {
            bail!(
                "REDRESS_WEBHOOK_CONNECT_TIMEOUT must be between 1 and 60 seconds, and \
                 REDRESS_WEBHOOK_TIMEOUT between it and 300 seconds"
            );
        }
        if !(1..=3600).contains(&self.webhook_interval) {
            bail!("REDRESS_WEBHOOK_INTERVAL must be between 1 and 3600 seconds");
        }
        if !(1..=1_000_000).contains(&self.public_rate_limit) {
            bail!("REDRESS_PUBLIC_RATE_LIMIT must be between 1 and 1000000 requests a minute");
        }
        if !(1..=100_000).contains(&self.public_rate_burst) {
            bail!("REDRESS_PUBLIC_RATE_BURST must be between 1 and 100000 requests");
        }
        if !(1..=10_000).contains(&self.index_min_cases) {
            bail!(
                "REDRESS_INDEX_MIN_CASES must be between 1 and 10000: an index on no case at \
                 all would mean nothing"
            );
        }
        if !(1..=30).contains(&self.mini_program_connect_timeout)
            || !(self.mini_program_connect_timeout..=60).contains(&self.mini_program_timeout)
        {
            bail!(
                "REDRESS_MINI_PROGRAM_CONNECT_TIMEOUT must be between 1 and 30 seconds, and \
                 REDRESS_MINI_PROGRAM_TIMEOUT between it and 60 seconds: a person waits for it"
            );
        }
        for origin in &self.cors_origins {
            if !(origin.starts_with("http://") || origin.starts_with("https://")) {
                bail!("REDRESS_CORS_ORIGINS: `{origin}` must start with http:// or https://");
            }
        }
        Ok(())
    }

    /// True when the database is the embedded SQLite file.
    pub fn is_embedded(&self) -> bool {
        self.database_url.expose().starts_with("sqlite:")
    }
}

/// `10.0.0.0/8` or a single address such as `127.0.0.1`.
fn networks(entries: Vec<String>) -> anyhow::Result<Vec<IpNet>> {
    entries
        .iter()
        .map(|entry| entry.trim())
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry
                .parse::<IpNet>()
                .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    anyhow::anyhow!(
                        "REDRESS_WEBHOOK_ALLOWED_NETWORKS: `{entry}` is neither an address \
                         (10.1.2.3) nor a network (10.1.0.0/16)"
                    )
                })
        })
        .collect()
}

const WECHAT_BASE_URL: &str = "https://api.weixin.qq.com";
const ALIPAY_GATEWAY_URL: &str = "https://openapi.alipay.com/gateway.do";

/// WeChat sign-in when both the app id and its secret are set; neither is
/// fine (not offered), one alone is a mistake.
fn wechat(
    app_id: Option<String>,
    app_secret: Option<String>,
    base_url: Option<String>,
) -> anyhow::Result<Option<WechatSettings>> {
    let (app_id, app_secret) = match (app_id, app_secret) {
        (None, None) => return Ok(None),
        (Some(id), Some(secret)) => (id.trim().to_owned(), secret.trim().to_owned()),
        _ => bail!(
            "WeChat sign-in needs both REDRESS_WECHAT_APP_ID and REDRESS_WECHAT_APP_SECRET \
             (or neither, to not offer it)"
        ),
    };
    if !(app_id.len() == 18 && app_id.starts_with("wx") && is_lower_hex(&app_id[2..])) {
        bail!(
            "REDRESS_WECHAT_APP_ID must be `wx` and 16 hexadecimal digits, as the mini-program's \
             settings page (开发管理 → 开发设置) shows it"
        );
    }
    if !(app_secret.len() == 32 && is_lower_hex(&app_secret)) {
        bail!("REDRESS_WECHAT_APP_SECRET must be the 32 hexadecimal digits of the AppSecret");
    }
    Ok(Some(WechatSettings {
        base_url: provider_url(
            "REDRESS_WECHAT_BASE_URL",
            base_url.as_deref().unwrap_or(WECHAT_BASE_URL),
        )?,
        app_id,
        app_secret: Secret::new(app_secret),
    }))
}

/// The Alipay settings as the layers gave them.
struct AlipayLayers {
    app_id: Option<String>,
    private_key: Option<String>,
    public_key: Option<String>,
    gateway_url: Option<String>,
}

/// Alipay sign-in when the app id and both keys are set; none is fine (not
/// offered), some alone are a mistake. The keys are parsed at start-up.
fn alipay(layers: AlipayLayers) -> anyhow::Result<Option<AlipaySettings>> {
    let (app_id, private_key, public_key) =
        match (layers.app_id, layers.private_key, layers.public_key) {
            (None, None, None) => return Ok(None),
            (Some(id), Some(private), Some(public)) => (id.trim().to_owned(), private, public),
            _ => bail!(
                "Alipay sign-in needs REDRESS_ALIPAY_APP_ID, REDRESS_ALIPAY_PRIVATE_KEY and \
                 REDRESS_ALIPAY_PUBLIC_KEY together (or none of them, to not offer it)"
            ),
        };
    if !(app_id.len() == 16 && app_id.bytes().all(|b| b.is_ascii_digit())) {
        bail!("REDRESS_ALIPAY_APP_ID must be the 16 digits of the mini-program's APPID");
    }
    Ok(Some(AlipaySettings {
        gateway_url: provider_url(
            "REDRESS_ALIPAY_GATEWAY_URL",
            layers.gateway_url.as_deref().unwrap_or(ALIPAY_GATEWAY_URL),
        )?,
        app_id,
        private_key: Secret::new(private_key),
        public_key,
    }))
}

fn is_lower_hex(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// An http(s) address without credentials, query or fragment.
fn provider_url(name: &str, raw: &str) -> anyhow::Result<Url> {
    let url = Url::parse(raw.trim())
        .map_err(|_| anyhow::anyhow!("{name}: `{raw}` is not an absolute URL"))?;
    if !matches!(url.scheme(), "http" | "https")
        || !url.username().is_empty()
        || url.password().is_some()
        || url.query().is_some()
        || url.fragment().is_some()
    {
        bail!("{name} must be an http:// or https:// address without credentials or query");
    }
    Ok(url)
}

fn default_database_url(data_dir: &Path) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        data_dir.join("redress.db").display()
    )
}

fn read_file(named: Option<&Path>) -> anyhow::Result<FileSettings> {
    let path = named.unwrap_or(Path::new("redress.toml"));
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && named.is_none() => {
            return Ok(FileSettings::default());
        }
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    toml::from_str(&text)
        .with_context(|| format!("{} is not a valid settings file", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_serve_the_embedded_database_on_loopback() {
        let dir = tempfile::tempdir().unwrap();
        let flags = Flags {
            config: Some(write(&dir, "")),
            ..Flags::default()
        };

        let settings = Settings::load(flags).unwrap();

        assert_eq!(settings.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(
            settings.database_url.expose(),
            "sqlite://data/redress.db?mode=rwc"
        );
        assert!(settings.is_embedded());
        assert_eq!(settings.log_format, LogFormat::Text);
    }

    #[test]
    fn flags_win_over_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = write(&dir, "bind = \"0.0.0.0:9000\"\nlog_format = \"json\"\n");
        let flags = Flags {
            config: Some(file),
            bind: Some("127.0.0.1:9100".parse().unwrap()),
            ..Flags::default()
        };

        let settings = Settings::load(flags).unwrap();

        assert_eq!(settings.bind.to_string(), "127.0.0.1:9100");
        assert_eq!(settings.log_format, LogFormat::Json);
    }

    #[test]
    fn an_unknown_file_setting_is_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let flags = Flags {
            config: Some(write(&dir, "bnid = \"x\"\n")),
            ..Flags::default()
        };

        let error = format!("{:#}", Settings::load(flags).unwrap_err());

        assert!(error.contains("bnid"), "{error}");
    }

    #[test]
    fn a_foreign_database_url_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let flags = Flags {
            config: Some(write(&dir, "")),
            database_url: Some("mysql://localhost/x".into()),
            ..Flags::default()
        };

        let error = Settings::load(flags).unwrap_err().to_string();

        assert!(error.contains("REDRESS_DATABASE_URL"), "{error}");
    }

    #[test]
    fn webhook_networks_take_addresses_and_networks_and_name_a_wrong_one() {
        let dir = tempfile::tempdir().unwrap();
        let good = Flags {
            config: Some(write(&dir, "")),
            webhook_allowed_networks: Some(vec!["127.0.0.1".into(), "10.20.0.0/16".into()]),
            ..Flags::default()
        };
        let bad = Flags {
            config: Some(write(&dir, "")),
            webhook_allowed_networks: Some(vec!["10.20.0.0/33".into()]),
            ..Flags::default()
        };

        let settings = Settings::load(good).unwrap();
        let error = Settings::load(bad).unwrap_err().to_string();

        assert_eq!(
            settings.webhook_allowed_networks,
            vec![
                "127.0.0.1/32".parse::<IpNet>().unwrap(),
                "10.20.0.0/16".parse().unwrap()
            ]
        );
        assert!(
            error.contains("REDRESS_WEBHOOK_ALLOWED_NETWORKS"),
            "{error}"
        );
    }

    #[test]
    fn the_public_rate_limit_defaults_and_a_zero_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let defaults = Flags {
            config: Some(write(&dir, "")),
            ..Flags::default()
        };
        let settings = Settings::load(defaults).unwrap();
        let zero = Flags {
            config: Some(write(&dir, "public_rate_burst = 0\n")),
            ..Flags::default()
        };

        let error = Settings::load(zero).unwrap_err().to_string();

        assert_eq!(
            (settings.public_rate_limit, settings.public_rate_burst),
            (300, 60)
        );
        assert!(error.contains("REDRESS_PUBLIC_RATE_BURST"), "{error}");
    }

    #[test]
    fn the_index_minimum_defaults_to_ten_and_zero_is_refused() {
        let plain = tempfile::tempdir().unwrap();
        let strict = tempfile::tempdir().unwrap();
        let default = Flags {
            config: Some(write(&plain, "")),
            ..Flags::default()
        };
        let zero = Flags {
            config: Some(write(&strict, "index_min_cases = 0\n")),
            ..Flags::default()
        };

        let settings = Settings::load(default).unwrap();
        let error = Settings::load(zero).unwrap_err().to_string();

        assert_eq!(settings.index_min_cases, 10);
        assert!(error.contains("REDRESS_INDEX_MIN_CASES"), "{error}");
    }

    #[test]
    fn mini_program_platforms_are_offered_only_when_configured_whole() {
        let dir = tempfile::tempdir().unwrap();
        let wechat = "wechat_app_id = \"wx0123456789abcdef\"\n\
                      wechat_app_secret = \"0123456789abcdef0123456789abcdef\"\n";
        let configured = Flags {
            config: Some(write(&dir, wechat)),
            ..Flags::default()
        };

        let settings = Settings::load(configured).unwrap();

        let wechat = settings.wechat.unwrap();
        assert_eq!(wechat.base_url.as_str(), "https://api.weixin.qq.com/");
        assert_eq!(format!("{:?}", wechat.app_secret), "[redacted]");
        assert!(settings.alipay.is_none());
        assert_eq!(
            (
                settings.mini_program_connect_timeout,
                settings.mini_program_timeout
            ),
            (3, 5)
        );
    }

    #[test]
    fn a_wrong_or_missing_mini_program_setting_is_named() {
        let cases = [
            (
                "wechat_app_id = \"wx0123456789abcdef\"\n",
                "REDRESS_WECHAT_APP_SECRET",
            ),
            (
                "wechat_app_id = \"wx01\"\nwechat_app_secret = \"0123456789abcdef0123456789abcdef\"\n",
                "REDRESS_WECHAT_APP_ID",
            ),
            (
                "wechat_app_id = \"wx0123456789abcdef\"\nwechat_app_secret = \"secret\"\n",
                "REDRESS_WECHAT_APP_SECRET",
            ),
            (
                "alipay_app_id = \"2021004100000001\"\n",
                "REDRESS_ALIPAY_PRIVATE_KEY",
            ),
            (
                "alipay_app_id = \"2021\"\nalipay_private_key = \"k\"\nalipay_public_key = \"k\"\n",
                "REDRESS_ALIPAY_APP_ID",
            ),
            ("mini_program_timeout = 0\n", "REDRESS_MINI_PROGRAM_TIMEOUT"),
        ];

        for (text, name) in cases {
            let dir = tempfile::tempdir().unwrap();
            let flags = Flags {
                config: Some(write(&dir, text)),
                ..Flags::default()
            };

            let error = Settings::load(flags).unwrap_err().to_string();

            assert!(error.contains(name), "{text}: {error}");
        }
    }

    #[test]
    fn a_platform_address_must_be_plain_http() {
        let dir = tempfile::tempdir().unwrap();
        let flags = Flags {
            config: Some(write(&dir, "")),
            wechat_app_id: Some("wx0123456789abcdef".into()),
            wechat_app_secret: Some("0123456789abcdef0123456789abcdef".into()),
            wechat_base_url: Some("ftp://api.weixin.qq.com".into()),
            ..Flags::default()
        };

        let error = Settings::load(flags).unwrap_err().to_string();

        assert!(error.contains("REDRESS_WECHAT_BASE_URL"), "{error}");
    }

    fn write(dir: &tempfile::TempDir, text: &str) -> PathBuf {
        let path = dir.path().join("redress.toml");
        std::fs::write(&path, text).unwrap();
        path
    }
}
