//! Sending webhook deliveries: every API process looks for due ones every
//! `REDRESS_WEBHOOK_INTERVAL` seconds, claims them in the outbox, posts
//! each one signed, and records how it went. A 2xx answer delivers; any
//! other answer, no answer within the timeouts, or an address the guard
//! refuses is retried with growing pauses for 24 hours, then given up.
//! Redirects are not followed and no proxy is used.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{CONTENT_TYPE, HeaderValue};
use sea_orm::EntityTrait;
use tokio::task::JoinSet;

use crate::entities::{webhook_deliveries, webhook_endpoints};
use crate::error::ApiResult;
use crate::http::outbound;
use crate::state::AppState;
use crate::webhooks::guard::{Allowed, GuardedResolver, Refusal};
use crate::webhooks::outbox::{self, Attempt, Settled};
use crate::webhooks::signing;

/// Deliveries claimed at once.
const BATCH: u64 = 20;

/// Claim rounds per run; each round lets a case's next event follow one
/// just delivered.
const ROUNDS: usize = 50;

/// Runs deliveries every `webhook_interval` seconds until the process ends.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let courier = match Courier::new(state.clone()) {
            Ok(courier) => courier,
            Err(error) => {
                tracing::error!(error = %format!("{error:#}"), "webhook deliveries cannot start: the HTTP client could not be built");
                return;
            }
        };
        let interval = Duration::from_secs(state.settings.webhook_interval);
        let first = tokio::time::Instant::now() + interval;
        let mut tick = tokio::time::interval_at(first, interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(error) = courier.run_once().await {
                let cause = error.cause.as_ref().map(|c| format!("{c:#}"));
                tracing::warn!(error = %cause.unwrap_or_else(|| error.to_string()), "webhook deliveries failed; retrying next round");
            }
        }
    })
}

/// Sends what is due now, each case's events in order; returns how many
/// requests were made. For tests and tools; the server runs [`spawn`].
pub async fn deliver_due(state: &AppState) -> anyhow::Result<usize> {
    Ok(Courier::new(state.clone())?.run_once().await?)
}

/// Posts deliveries with one HTTP client whose resolver checks addresses.
#[derive(Clone)]
pub struct Courier {
    state: AppState,
    client: reqwest::Client,
    allowed: Allowed,
}

impl Courier {
    pub fn new(state: AppState) -> anyhow::Result<Self> {
        let settings = &state.settings;
        let allowed = Allowed::new(&settings.webhook_allowed_networks);
        let client = outbound::client_builder(
            settings.webhook_connect_timeout,
            settings.webhook_timeout,
            "redress-webhooks",
        )
        .dns_resolver(GuardedResolver::new(allowed.clone()))
        .build()?;
        Ok(Self {
            state,
            client,
            allowed,
        })
    }

    /// Claims and sends due deliveries until none is left for now.
    pub async fn run_once(&self) -> ApiResult<usize> {
        let mut sent = 0;
        for _ in 0..ROUNDS {
            let now = self.state.clock.now();
            let claimed = outbox::claim(&self.state.writer, now, self.lease(), BATCH).await?;
            if claimed.is_empty() {
                break;
            }
            sent += claimed.len();
            self.deliver_all(claimed).await;
        }
        Ok(sent)
    }

    /// A claim outlives the longest request by a minute.
    fn lease(&self) -> chrono::Duration {
        chrono::Duration::seconds(self.state.settings.webhook_timeout as i64 + 60)
    }

    async fn deliver_all(&self, claimed: Vec<webhook_deliveries::Model>) {
        let mut sending = JoinSet::new();
        for row in claimed {
            let courier = self.clone();
            sending.spawn(async move { courier.deliver(row).await });
        }
        while let Some(done) = sending.join_next().await {
            match done {
                Ok(Ok(())) => {}
                Ok(Err(error)) => {
                    let cause = error.cause.as_ref().map(|c| format!("{c:#}"));
                    tracing::warn!(error = %cause.unwrap_or_else(|| error.to_string()), "recording a webhook attempt failed; the lease will run out and it is sent again");
                }
                Err(error) => tracing::error!(error = %error, "a webhook delivery task stopped"),
            }
        }
    }

    async fn deliver(&self, row: webhook_deliveries::Model) -> ApiResult<()> {
        let endpoint = webhook_endpoints::Entity::find_by_id(row.endpoint_id)
            .one(&self.state.db)
            .await?;
        let attempt = match endpoint {
            Some(endpoint) => self.post(&endpoint, &row).await,
            None => Attempt::Failed {
                status: None,
                error: "the webhook was removed".to_owned(),
            },
        };

        let now = self.state.clock.now();
        let settled = outbox::record(&self.state.db, &row, &attempt, now).await?;
        log(&row, &attempt, settled);
        Ok(())
    }

    /// One signed POST of the stored body.
    async fn post(
        &self,
        endpoint: &webhook_endpoints::Model,
        row: &webhook_deliveries::Model,
    ) -> Attempt {
        let url = match self.allowed.check_url(&endpoint.url) {
            Ok(url) => url,
            Err(refusal) => return refused(&refusal),
        };
        let sent_at = self.state.clock.now();

        let response = self
            .client
            .post(url)
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .headers(headers(endpoint, row, sent_at))
            .body(row.body.clone())
            .send()
            .await;
        match response {
            Ok(response) if response.status().is_success() => Attempt::Delivered {
                status: response.status().as_u16(),
            },
            Ok(response) => Attempt::Failed {
                status: Some(response.status().as_u16()),
                error: format!("the receiver answered {}", response.status()),
            },
            Err(error) => Attempt::Failed {
                status: None,
                error: self.describe(error),
            },
        }
    }

    /// Says why a request got no answer, in words an integrator can act on.
    fn describe(&self, error: reqwest::Error) -> String {
        match find_refusal(&error) {
            Some(refusal) => format!("refused: {refusal}"),
            None => outbound::describe(error, self.state.settings.webhook_timeout),
        }
    }
}

/// The headers that identify and sign one delivery.
fn headers(
    endpoint: &webhook_endpoints::Model,
    row: &webhook_deliveries::Model,
    sent_at: DateTime<Utc>,
) -> reqwest::header::HeaderMap {
    let timestamp = sent_at.timestamp();
    let signature = signing::signature(&endpoint.secret, timestamp, &row.body);
    let mut headers = reqwest::header::HeaderMap::new();
    for (name, value) in [
        ("redress-event-id", row.event_id.to_string()),
        ("redress-event", row.event_type.clone()),
        ("redress-delivery", row.id.to_string()),
        ("redress-timestamp", timestamp.to_string()),
        ("redress-signature", signature),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    headers
}

fn refused(refusal: &Refusal) -> Attempt {
    Attempt::Failed {
        status: None,
        error: format!("refused: {refusal}"),
    }
}

/// The guard's refusal, when that is why the connection was not made.
fn find_refusal(error: &reqwest::Error) -> Option<Refusal> {
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if let Some(refusal) = cause.downcast_ref::<Refusal>() {
            return Some(refusal.clone());
        }
        source = cause.source();
    }
    None
}

fn log(row: &webhook_deliveries::Model, attempt: &Attempt, settled: Settled) {
    let error = match attempt {
        Attempt::Delivered { .. } => None,
        Attempt::Failed { error, .. } => Some(error.as_str()),
    };
    match settled {
        Settled::Delivered => {
            tracing::debug!(delivery = row.id, event = %row.event_type, attempts = row.attempts, "webhook delivered")
        }
        Settled::Retrying(next) => {
            tracing::info!(delivery = row.id, business_id = %row.business_id, attempts = row.attempts, error = error.unwrap_or_default(), next = %next, "webhook delivery failed; retrying")
        }
        Settled::Failed => {
            tracing::warn!(delivery = row.id, business_id = %row.business_id, attempts = row.attempts, error = error.unwrap_or_default(), "webhook delivery given up after 24 hours; the business can send it again from its delivery log")
        }
        Settled::Superseded => {
            tracing::info!(
                delivery = row.id,
                "webhook attempt not recorded: its lease ran out (another worker sends it again) or the webhook was removed"
            )
        }
    }
}
