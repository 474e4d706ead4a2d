//! Putting the server together: database, first-start set-up, the route
//! table and the middleware around it.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_cors::Cors;
use actix_web::dev::Server;
use actix_web::http::header;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpResponse, HttpServer, web};
use anyhow::Context;
use sea_orm::DatabaseConnection;
use shared::ErrorCode;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::accounts::bootstrap;
use crate::auth::tokens::TokenKeys;
use crate::classify::Suggester;
use crate::clock::{Clock, DemoClock, SystemClock};
use crate::config::Settings;
use crate::deadlines::WorkingDayCalendar;
use crate::error::ApiError;
use crate::evidence::LocalFolderStore;
use crate::http::envelope::envelope;
use crate::http::rate_limit::RateLimiter;
use crate::i18n::Text;
use crate::mini_program::MiniPrograms;
use crate::notifications::{self, EventHub, LoggingSender};
use crate::state::AppState;
use crate::{classify, db, jobs, openapi, routes, secrets, spa, webhooks};

/// A server bound to its port, ready to run.
pub struct Application {
    server: Server,
    port: u16,
    state: AppState,
}

impl Application {
    /// Binds, connects, migrates and creates the admin on first start. The
    /// port comes first: a start that cannot serve must not create the
    /// admin and print a password that nobody will see.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let clock: Arc<dyn Clock> = if settings.demo {
            tracing::warn!(
                "demo mode: the platform admin may set this server's clock; never run it in production"
            );
            Arc::new(DemoClock::default())
        } else {
            Arc::new(SystemClock)
        };
        Self::build_with_clock(settings, clock).await
    }

    pub async fn build_with_clock(
        settings: Settings,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(settings.bind).with_context(|| {
            format!(
                "binding {}; is another server using it? Choose another address with REDRESS_BIND \
                 or `cargo xtask run -- --bind 127.0.0.1:8081`",
                settings.bind
            )
        })?;
        let port = listener.local_addr()?.port();
        let key = secrets::signing_key(&settings)?;
        let keys = TokenKeys::new(&key, settings.access_token_ttl, settings.refresh_token_ttl)?;
        let mini_programs = MiniPrograms::from_settings(&settings)?;
        let db = db::connect(&settings).await?;
        db::migrate(&settings).await?;
        let writer = db::Writer::new(&db, &settings).await?;
        bootstrap::ensure_admin(&db, settings.admin_password.as_ref()).await?;
        crate::guidance::indexing::index_seeded(&db)
            .await
            .map_err(|e| anyhow::anyhow!("segmenting the seeded guidance articles: {e:?}"))?;
        let evidence_dir = settings.data_dir.join("evidence");
        let public_limit = RateLimiter::new(settings.public_rate_limit, settings.public_rate_burst);
        let state = AppState {
            settings: Arc::new(settings),
            db,
            writer,
            keys: Arc::new(keys),
            clock,
            calendar: Arc::new(WorkingDayCalendar::official()?),
            evidence: Arc::new(LocalFolderStore::new(evidence_dir)),
            events: Arc::new(EventHub::default()),
            sender: Arc::new(LoggingSender),
            public_limit: Arc::new(public_limit),
            mini_programs: Arc::new(mini_programs),
            classifier: Arc::new(
                Suggester::committed().context("loading the committed classifier model")?,
            ),
        };
        let server = serve(listener, state.clone())?;
        jobs::spawn(state.clone());
        webhooks::delivery::spawn(state.clone());
        notifications::listener::start(&state);
        // Serve the committed model at once, and the one fine-tuned on the
        // staff corrections as soon as it is ready.
        classify::retraining::spawn(&state);
        // The word segmenter's dictionary takes a moment to load: load it
        // now, not in the first search or publication.
        tokio::task::spawn_blocking(crate::search::segment::warm_up);
        Ok(Self {
            server,
            port,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    /// What the handlers share, for tests that reach past the API.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until SIGTERM or SIGINT (Ctrl-C), then lets in-flight requests
    /// finish within the shutdown timeout. Open event streams end at once,
    /// and the notification listener stops with the server.
    pub async fn run(self) -> std::io::Result<()> {
        let handle = self.server.handle();
        let events = self.state.events.clone();
        tokio::spawn(async move {
            stop_signal().await;
            tracing::info!("stopping: finishing the requests in progress");
            events.stop();
            handle.stop(true).await;
        });

        let served = self.server.await;
        self.state.events.stop();
        served
    }
}

fn serve(listener: TcpListener, state: AppState) -> anyhow::Result<Server> {
    let shutdown = state.settings.shutdown_timeout;
    let data = web::Data::new(state);
    let document = openapi::document();
    let server = HttpServer::new(move || {
        // The docs come first: the /api/v1 scope would otherwise answer for
        // /api/v1/openapi.json with its own not-found.
        let docs = SwaggerUi::new("/docs/{_:.*}").url("/api/v1/openapi.json", document.clone());
        let (app, _) = App::new()
            .service(docs)
            .into_utoipa_app()
            .openapi(openapi::frame())
            .app_data(data.clone())
            .app_data(web::PayloadConfig::new(data.settings.max_json_bytes))
            .app_data(web::PathConfig::default().error_handler(|_, _| path_error().into()))
            .app_data(
                web::QueryConfig::default().error_handler(|error, _| query_error(&error).into()),
            )
            .configure(routes::configure)
            .split_for_parts();

        app.route(
            "/docs",
            web::get().to(|| async {
                HttpResponse::PermanentRedirect()
                    .insert_header((header::LOCATION, "/docs/"))
                    .finish()
            }),
        )
        .default_service(web::to(spa::fallback))
        .wrap(cors(&data.settings.cors_origins))
        .wrap(from_fn(envelope))
    })
    .shutdown_timeout(shutdown)
    // Both signals stop gracefully (see `Application::run`); the framework
    // alone would drop open requests on SIGINT.
    .disable_signals()
    .listen(listener)?
    .run();
    Ok(server)
}

async fn stop_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = interrupt => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = interrupt.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}

fn cors(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "DELETE"])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::ACCEPT_LANGUAGE,
        ])
        .allowed_header("idempotency-key")
        .allowed_header("x-request-id")
        .expose_headers(["x-request-id", "retry-after"])
        .max_age(3600);
    for origin in origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}

fn path_error() -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        actix_web::http::StatusCode::NOT_FOUND,
        Text::new(
            "路径中的编号格式不对，找不到对应的资源。",
            "The id in the path is malformed, so there is no such resource.",
        ),
    )
}

fn query_error(error: &actix_web::error::QueryPayloadError) -> ApiError {
    let reason = error.to_string();
    ApiError::field(
        "query",
        "invalid_format",
        Text::new(
            format!("查询参数有误：{reason}"),
            format!("Invalid query parameter: {reason}"),
        ),
    )
}

/// How long `Duration` the server waits at shutdown; exposed for the binary's log.
pub fn shutdown_grace(settings: &Settings) -> Duration {
    Duration::from_secs(settings.shutdown_timeout)
}
