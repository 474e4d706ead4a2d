use api::config::{Command, Flags, Settings};
use api::startup::{Application, shutdown_grace};
use api::telemetry;
use clap::Parser;

#[actix_web::main]
async fn main() {
    if let Err(error) = run().await {
        tracing::error!(
            error = format!("{error:#}"),
            "redress stopped with an error"
        );
        eprintln!("error: {error:#}");
        std::process::exit(1);
    }
}

async fn run() -> anyhow::Result<()> {
    let flags = Flags::parse();
    if flags.command == Some(Command::Openapi) {
        print!("{}", api::openapi::document_json());
        return Ok(());
    }
    let settings = Settings::load(flags)?;
    telemetry::init(settings.log_format, &settings.log_filter);

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
