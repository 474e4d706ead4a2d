//! `cargo xtask replay`: real complaints through the public HTTP API only,
//! as an integrating system would send them. It makes the organisations and
//! accounts it needs, files each complaint on its real date (moving a demo
//! server's clock), and drives each case to the end its record implies.
//! Interrupted and run again, it continues without filing anything twice.

mod case;
mod cast;
mod cfpb;
mod driver;
mod heimao;
mod journal;
mod logins;
mod progress;
mod reviews;
mod run;
#[cfg(test)]
mod tests;
mod text;

use std::path::PathBuf;

use anyhow::{Result, bail};

pub use logins::demo_logins;
pub use run::replay;

/// A replayed complaint's text with the taxonomy labels the replay gives it.
pub struct LabelledText {
    pub source: Source,
    pub text: String,
    pub category_code: String,
    pub nature_code: String,
}

/// Every complaint the replay would file, as labelled text: the reviews
/// first, then the CFPB sample, each in file order.
pub fn labelled_texts() -> Result<Vec<LabelledText>> {
    let reviews = reviews::cases()?.into_iter().map(|c| (Source::Reviews, c));
    let cfpb = cfpb::cases()?.into_iter().map(|c| (Source::Cfpb, c));
    Ok(reviews
        .chain(cfpb)
        .map(|(source, case)| LabelledText {
            source,
            text: case.description,
            category_code: case.category_code,
            nature_code: case.nature_code,
        })
        .collect())
}

/// Which data to replay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The CFPB sample (English, US).
    Cfpb,
    /// Negative shopping and food-delivery reviews (Chinese).
    Reviews,
    /// Three complaints published on 黑猫投诉 in 2025 (Chinese), a format
    /// example. Not part of `all`: moving the clock to 2025 would let every
    /// open case of the other sources run past its deadlines.
    Heimao,
}

pub struct Options {
    /// The server, e.g. `http://127.0.0.1:8080`.
    pub url: String,
    /// The platform admin's login and password.
    pub admin_login: String,
    pub admin_password: String,
    /// The password of every account the replay makes.
    pub password: String,
    pub sources: Vec<Source>,
    /// At most this many complaints, spread evenly over each source.
    pub limit: Option<usize>,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Where the journal of filed cases lives (a file per server database).
    pub journal_dir: PathBuf,
    /// Whether to draw a progress bar on standard error.
    pub progress: bool,
    /// Only these source cases (`cfpb-1342794`, `shopping-2101`), when given.
    pub only: Vec<String>,
}

pub const USAGE: &str = "usage: cargo xtask replay [--url URL] [--admin-password P]
                          [--source cfpb|reviews|all|heimao]
                          [--limit N] [--concurrency C] [--password P]

Replays real complaints through the HTTP API of a server started with --demo
(its clock is moved to each complaint's date). Prints progress, then one JSON
summary line. Run it again after an interruption: nothing is filed twice.
`all` is the CFPB sample and the reviews (2015-2020); `heimao` is three
complaints of 2025, best replayed on their own server: the clock moves to
their dates and every case still open from earlier runs past its deadlines.";

impl Options {
    pub fn parse(args: &[String], journal_dir: PathBuf) -> Result<Self> {
        let mut options = Self {
            url: "http://127.0.0.1:8080".to_owned(),
            admin_login: "admin".to_owned(),
            admin_password: std::env::var("REDRESS_ADMIN_PASSWORD").unwrap_or_default(),
            password: "redress-demo-2026".to_owned(),
            sources: vec![Source::Cfpb, Source::Reviews],
            limit: None,
            concurrency: 4,
            journal_dir,
            progress: true,
            only: Vec::new(),
        };
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let mut value = || {
                args.next()
                    .cloned()
                    .ok_or_else(|| anyhow::anyhow!("{flag} needs a value\n\n{USAGE}"))
            };
            match flag.as_str() {
                "--url" => options.url = value()?,
                "--admin-login" => options.admin_login = value()?,
                "--admin-password" => options.admin_password = value()?,
                "--password" => options.password = value()?,
                "--limit" => options.limit = Some(number(flag, &value()?)?),
                "--concurrency" => options.concurrency = number(flag, &value()?)?.max(1),
                "--source" => {
                    options.sources = match value()?.as_str() {
                        "cfpb" => vec![Source::Cfpb],
                        "reviews" => vec![Source::Reviews],
                        "all" => vec![Source::Cfpb, Source::Reviews],
                        "heimao" => vec![Source::Heimao],
                        other => {
                            bail!("unknown source {other}: cfpb, reviews, all or heimao\n\n{USAGE}")
                        }
                    }
                }
                "--no-progress" => options.progress = false,
                "--only" => options.only = value()?.split(',').map(str::to_owned).collect(),
                other => bail!("unknown flag {other}\n\n{USAGE}"),
            }
        }
        if options.admin_password.is_empty() {
            bail!(
                "give the platform admin's password with --admin-password or REDRESS_ADMIN_PASSWORD\n\n{USAGE}"
            );
        }
        Ok(options)
    }
}

fn number(flag: &str, value: &str) -> Result<usize> {
    value
        .parse()
        .map_err(|_| anyhow::anyhow!("{flag} takes a whole number, not {value:?}"))
}
