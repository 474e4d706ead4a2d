use api::config::{Command, Flags, Settings};
use api::startup::{Application, shutdown_grace};
use api::{accounts, db, telemetry};
use clap::Parser;

mod allocator;

/// mimalloc instead of the C library's allocator: under load glibc gives
/// each of the many runtime and database threads its own arena and keeps
/// their freed memory, so the resident size grew to more than twice what
/// the server holds (`cargo xtask bench`, BENCHMARKS.md). See `allocator`
/// for how it is set up.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    allocator::return_freed_memory();
    serve_until_stopped();
}

#[actix_web::main]
async fn serve_until_stopped() {
    if let Err(error) = run().await {
        if telemetry::is_initialised() {
            tracing::error!(
                error = format!("{error:#}"),
                "redress stopped with an error"
            );
        } else {
            eprintln!("error: {error:#}");
        }
        std::process::exit(1);
    }
}

async fn run() -> anyhow::Result<()> {
    let flags = Flags::parse();
    let command = flags.command;
    if command == Some(Command::Openapi) {
        print!("{}", api::openapi::document_json());
        return Ok(());
    }
    let settings = Settings::load(flags)?;
    telemetry::init(settings.log_format, &settings.log_filter);

    if command == Some(Command::ResetAdminPassword) {
        let connection = db::connect(&settings).await?;
        db::migrate(&settings).await?;
        let password = settings.admin_password.as_ref();
        return accounts::bootstrap::reset_admin_password(&connection, password).await;
    }
    serve(settings).await
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let bind = settings.bind;
    let embedded = settings.is_embedded();
    let grace = shutdown_grace(&settings);
    let application = Application::build(settings).await?;

    tracing::info!(
        address = %bind,
        database = if embedded { "sqlite (embedded)" } else { "postgresql" },
        "redress is serving on http://{bind}/ (API docs at http://{bind}/docs/)"
    );
    application.run().await?;
    tracing::info!(grace_seconds = grace.as_secs(), "redress stopped");
    Ok(())
}
