//! `spawn_app()` and the small steps every test repeats.

use std::path::PathBuf;
use std::sync::Arc;

use api::clock::ManualClock;
use api::config::{JwtKeySource, LogFormat, Settings};
use api::secrets::Secret;
use api::startup::Application;
use api::state::AppState;
use migrations::{Migrator, MigratorTrait};
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};

pub const ADMIN_PASSWORD: &str = "Admin-pass-2024";
pub const JWT_SECRET: &str = "test-signing-key-test-signing-key-0123";

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub clock: ManualClock,
    pub web_dir: PathBuf,
    /// Where the test's database lives, for tests that reach past the API.
    pub database_url: String,
    /// The running server's shared state (its database pool, event hub…),
    /// also for tests that run its jobs directly.
    pub state: AppState,
    /// The PostgreSQL server and database this test created, dropped at the end.
    postgres: Option<(String, String)>,
    _data_dir: tempfile::TempDir,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let Some((server, name)) = self.postgres.take() else {
            return;
        };
        let label = name.clone();
        // Drop runs inside the test's runtime, which cannot block on itself.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async {
                let admin = Database::connect(format!("{server}/postgres"))
                    .await
                    .map_err(std::io::Error::other)?;
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await
                    .map_err(std::io::Error::other)?;
                admin.close().await.map_err(std::io::Error::other)
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop the test database {label}; drop it with `dropdb {label}`");
        }
    }
}

/// A response reduced to what the tests look at.
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }

    pub fn field_codes(&self) -> Vec<(String, String)> {
        self.body["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .map(|e| {
                        (
                            e["field"].as_str().unwrap_or("").to_owned(),
                            e["code"].as_str().unwrap_or("").to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// A server whose settings the test adjusts first.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temporary data folder");
    let web_dir = data_dir.path().join("web");
    std::fs::create_dir_all(web_dir.join("pkg")).unwrap();
    std::fs::write(
        web_dir.join("index.html"),
        "<!doctype html><title>redress test spa</title>",
    )
    .unwrap();
    std::fs::write(web_dir.join("pkg/web.js"), "export default 1;").unwrap();
    let clock = ManualClock::new(chrono::Utc::now());
    let database = TestDatabase::create(&data_dir).await;

    let mut settings = Settings {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url: Secret::new(database.url()),
        data_dir: data_dir.path().to_owned(),
        admin_password: Some(Secret::new(ADMIN_PASSWORD)),
        log_format: LogFormat::Text,
        log_filter: "warn".to_owned(),
        jwt_key: JwtKeySource::Value(Secret::new(JWT_SECRET)),
        access_token_ttl: 900,
        refresh_token_ttl: 30 * 24 * 3600,
        cors_origins: vec!["https://tousu.example.cn".to_owned()],
        web_dir: web_dir.clone(),
        max_json_bytes: 64 * 1024,
        trust_proxy: false,
        demo: false,
        shutdown_timeout: 1,
        database_wait: 5,
        // Tests run the sweeper themselves after moving the clock.
        sweep_interval: 3600,
        deadline_warning_hours: 24,
        max_evidence_bytes: 20 << 20,
        max_video_bytes: 100 << 20,
        max_case_evidence_bytes: 300 << 20,
        orphan_evidence_hours: 24,
        event_recheck_interval: 5,
        event_heartbeat_interval: 15,
        // Tests call the webhook worker themselves, or start a replica that runs it.
        webhook_allowed_networks: Vec::new(),
        webhook_connect_timeout: 2,
        webhook_timeout: 5,
        webhook_interval: 3600,
        public_rate_limit: 300,
        public_rate_burst: 60,
        index_min_cases: 10,
        // Tests that sign in with a mini-program configure a fake platform.
        wechat: None,
        alipay: None,
        mini_program_connect_timeout: 1,
        mini_program_timeout: 2,
    };
    adjust(&mut settings);
    let (address, state) = start(settings, &clock).await;

    TestApp {
        address,
        state,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        clock,
        web_dir,
        database_url: database.url(),
        postgres: database.postgres,
        _data_dir: data_dir,
    }
}

async fn start(settings: Settings, clock: &ManualClock) -> (String, AppState) {
    let application = Application::build_with_clock(settings, Arc::new(clock.clone()))
        .await
        .expect("the server starts");
    let address = format!("http://127.0.0.1:{}", application.port());
    let state = application.state().clone();
    tokio::spawn(application.run());
    (address, state)
}

/// SQLite in the test's folder, or a fresh PostgreSQL database.
struct TestDatabase {
    sqlite: String,
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    async fn create(data_dir: &tempfile::TempDir) -> Self {
        let sqlite = format!(
            "sqlite://{}?mode=rwc",
            data_dir.path().join("redress.db").display()
        );
        if std::env::var("REDRESS_TEST_DATABASE").as_deref() != Ok("postgres") {
            return Self {
                sqlite,
                postgres: None,
            };
        }

        let server = std::env::var("REDRESS_TEST_POSTGRES")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned());
        let run = std::env::var("REDRESS_TEST_RUN").unwrap_or_else(|_| "adhoc".to_owned());
        let name = format!("redress_t_{run}_{}", uuid::Uuid::new_v4().simple());
        let template = migrated_template(&server, &run);
        let admin = Database::connect(format!("{server}/postgres"))
            .await
            .expect("PostgreSQL is reachable at REDRESS_TEST_POSTGRES");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
            .await
            .expect("a test database can be created from the migrated template");
        admin.close().await.ok();
        Self {
            sqlite,
            postgres: Some((server, name)),
        }
    }

    fn url(&self) -> String {
        match &self.postgres {
            Some((server, name)) => format!("{server}/{name}"),
            None => self.sqlite.clone(),
        }
    }
}

/// The name of a database that holds every migration and nothing else,
/// created once per test program and run: each test's database is copied
/// from it, which is much faster than migrating each one. The server still
/// runs its migrations at start, and finds none left to apply.
fn migrated_template(server: &str, run: &str) -> String {
    static TEMPLATE: std::sync::OnceLock<String> = std::sync::OnceLock::new();

    TEMPLATE
        .get_or_init(|| {
            let name = format!("redress_t_{run}_template_{}", std::process::id());
            let (server, made) = (server.to_owned(), name.clone());
            // The caller's runtime cannot block on itself: migrate on a thread of its own.
            std::thread::spawn(move || {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a runtime for the template")
                    .block_on(create_template(&server, &made))
            })
            .join()
            .expect("the template database is created");
            name
        })
        .clone()
}

async fn create_template(server: &str, name: &str) {
    let admin = Database::connect(format!("{server}/postgres"))
        .await
        .expect("PostgreSQL is reachable at REDRESS_TEST_POSTGRES");
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .expect("an old template database can be dropped");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("the template database can be created");

    let template = Database::connect(format!("{server}/{name}"))
        .await
        .expect("the template database is reachable");
    Migrator::up(&template, None)
        .await
        .expect("the migrations apply to the template database");
    template.close().await.ok();
    admin.close().await.ok();
}

impl TestApp {
    /// A second server on this test's database and clock, as another replica
    /// would run; it leaves the database to this app to drop.
    pub async fn replica(&self, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let data_dir = tempfile::tempdir().expect("temporary data folder");
        let mut settings = (*self.state.settings).clone();
        settings.bind = "127.0.0.1:0".parse().unwrap();
        settings.data_dir = data_dir.path().to_owned();
        adjust(&mut settings);
        let (address, state) = start(settings, &self.clock).await;

        TestApp {
            address,
            state,
            client: self.client.clone(),
            clock: self.clock.clone(),
            web_dir: self.web_dir.clone(),
            database_url: self.database_url.clone(),
            postgres: None,
            _data_dir: data_dir,
        }
    }

    /// This app's tools (client, clock, database) aimed at another server on
    /// the same database, such as a `redress` process the test started: its
    /// requests go there. It leaves the database to this app to drop. Its
    /// client lets idle connections go after a second, before the server's
    /// keep-alive (5 s) ends them, so that no request under load goes out on
    /// a connection the server is just closing.
    pub fn aimed_at(&self, address: &str) -> TestApp {
        TestApp {
            address: address.to_owned(),
            state: self.state.clone(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .pool_idle_timeout(std::time::Duration::from_secs(1))
                .build()
                .unwrap(),
            clock: self.clock.clone(),
            web_dir: self.web_dir.clone(),
            database_url: self.database_url.clone(),
            postgres: None,
            _data_dir: tempfile::tempdir().expect("temporary data folder"),
        }
    }

    pub fn on_postgres(&self) -> bool {
        self.database_url.starts_with("postgres")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut request = self.client.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        reply(
            request
                .send()
                .await
                .expect("the request reaches the server"),
        )
        .await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Reply {
        self.send(Method::POST, path, token, Some(body)).await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: Value) -> Reply {
        self.send(Method::PUT, path, token, Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(Method::DELETE, path, token, None).await
    }

    pub async fn register(&self, phone: &str, password: &str) -> Reply {
        self.post(
            "/api/v1/auth/register",
            None,
            json!({"phone": phone, "password": password, "display_name": "王女士"}),
        )
        .await
    }

    pub async fn login(&self, login: &str, password: &str) -> Reply {
        self.post(
            "/api/v1/auth/login",
            None,
            json!({"login": login, "password": password}),
        )
        .await
    }

    /// Logs in and returns the whole token response.
    pub async fn tokens(&self, login: &str, password: &str) -> Value {
        let reply = self.login(login, password).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "login as {login}: {}",
            reply.body
        );
        reply.body
    }

    pub async fn access_token(&self, login: &str, password: &str) -> String {
        self.tokens(login, password).await["access_token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn admin_token(&self) -> String {
        self.access_token("admin", ADMIN_PASSWORD).await
    }

    /// A registered consumer's access token.
    pub async fn consumer_token(&self, phone: &str) -> String {
        let registered = self.register(phone, "wang2024!").await;
        assert_eq!(
            registered.status,
            StatusCode::CREATED,
            "{}",
            registered.body
        );
        self.access_token(phone, "wang2024!").await
    }

    /// The id of the association serving a region code.
    pub async fn association_id(&self, region_code: &str) -> String {
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                Some(c) => format!("/api/v1/associations?limit=200&cursor={c}"),
                None => "/api/v1/associations?limit=200".to_owned(),
            };
            let page = self.get(&path, None).await.body;
            let found = page["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["region_code"] == region_code);
            if let Some(association) = found {
                return association["id"].as_str().unwrap().to_owned();
            }
            cursor = Some(
                page["next_cursor"]
                    .as_str()
                    .expect("the association exists")
                    .to_owned(),
            );
        }
    }

    /// Adds a staff member with these roles (as the platform admin) and
    /// returns their access token.
    pub async fn staff_token(&self, association: &str, login_name: &str, roles: &[&str]) -> String {
        let admin = self.admin_token().await;
        let created = self
            .post(
                &format!("/api/v1/associations/{association}/staff"),
                Some(&admin),
                json!({"login_name": login_name, "display_name": "张伟", "password": "staff-pass-1", "roles": roles}),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        self.access_token(login_name, "staff-pass-1").await
    }
}

pub async fn reply(response: reqwest::Response) -> Reply {
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Reply {
        status,
        headers,
        body,
    }
}
