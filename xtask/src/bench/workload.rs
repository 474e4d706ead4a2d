//! What the load generator sends: a business that joined, consumers who
//! file complaints against it with real Chinese complaint wording, and
//! reads of complaints they filed.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use reqwest::Client;
use serde_json::{Value, json};

use super::load::Outcome;
use super::server::ADMIN_PASSWORD;
use crate::replay::{self, Source};

/// The region the business and the complaints are in (Shenzhen, Nanshan).
const REGION: &str = "440305";
/// Complaints kept for the reading runs, a sample of those filed.
const KEPT: usize = 20_000;

/// One consumer's bearer token.
#[derive(Clone, Debug)]
struct Consumer {
    token: String,
}

/// A complaint the server acknowledged: who filed it, and its id.
#[derive(Clone, Debug)]
struct Filed {
    consumer: usize,
    id: String,
}

/// The accounts and texts the runs use, shared by every worker.
pub struct Workload {
    client: Client,
    url: String,
    admin: String,
    business_id: String,
    consumers: Vec<Consumer>,
    texts: Vec<Text>,
    filed: Mutex<Vec<Filed>>,
    /// Idempotency keys handed out, so that no two filings of one run share
    /// one (a shared key would be answered as a replay, not filed).
    keys: AtomicUsize,
}

struct Text {
    description: String,
    category_code: String,
    nature_code: String,
}

impl Workload {
    /// Sets the fresh demo server's clock to `start`, then makes the
    /// business and `consumers` consumers on it.
    pub async fn prepare(url: &str, consumers: usize, start: DateTime<Utc>) -> Result<Arc<Self>> {
        let client = Client::builder()
            .pool_max_idle_per_host(consumers * 2)
            .build()?;
        let admin = login(&client, url, "admin", ADMIN_PASSWORD).await?;
        move_clock(&client, url, &admin, start).await?;
        let business_id = joined_business(&client, url, &admin).await?;

        let mut accounts = Vec::with_capacity(consumers);
        for n in 0..consumers {
            let phone = format!("1390000{n:04}");
            let password = "bench-consumer-2026";
            let registered = client
                .post(format!("{url}/api/v1/auth/register"))
                .json(&json!({"phone": phone, "password": password, "display_name": "测试用户"}))
                .send()
                .await?;
            expect(registered, "registering a consumer").await?;
            accounts.push(Consumer {
                token: login(&client, url, &phone, password).await?,
            });
        }

        Ok(Arc::new(Self {
            client,
            url: url.to_owned(),
            admin,
            business_id,
            consumers: accounts,
            texts: texts()?,
            filed: Mutex::new(Vec::new()),
            keys: AtomicUsize::new(0),
        }))
    }

    /// Moves the server's clock forward to `to`.
    pub async fn move_clock(&self, to: DateTime<Utc>) -> Result<()> {
        move_clock(&self.client, &self.url, &self.admin, to).await
    }

    /// `GET /healthz`: the framework's own ceiling.
    pub async fn nothing(&self) -> Outcome {
        let answer = self
            .client
            .get(format!("{}/healthz", self.url))
            .send()
            .await;
        answer.ok().map(|a| a.status().as_u16())
    }

    /// Files the `sequence`th complaint as the worker's consumer, with an
    /// idempotency key, and keeps a sample of what was filed.
    pub async fn file(&self, worker: usize, sequence: usize) -> Outcome {
        let consumer = worker % self.consumers.len();
        let text = &self.texts[sequence % self.texts.len()];
        let body = json!({
            "business": {"id": self.business_id},
            "region_code": REGION,
            "category_code": text.category_code,
            "nature_code": text.nature_code,
            "purchase_date": "2026-11-20",
            "amount_fen": 10_000 + (sequence % 500_000) as i64,
            "channel": "offline_shop",
            "description": text.description,
            "demands": ["refund"],
            "consent_to_publish": true,
        });
        let answer = self
            .client
            .post(format!("{}/api/v1/complaints", self.url))
            .bearer_auth(&self.consumers[consumer].token)
            .header(
                "Idempotency-Key",
                format!(
                    "bench-{}-{}",
                    std::process::id(),
                    self.keys.fetch_add(1, Ordering::Relaxed)
                ),
            )
            .json(&body)
            .send()
            .await
            .ok()?;
        let status = answer.status().as_u16();
        if status == 201 {
            let complaint: Value = answer.json().await.ok()?;
            self.keep(consumer, &complaint, sequence);
        }
        Some(status)
    }

    fn keep(&self, consumer: usize, complaint: &Value, sequence: usize) {
        let Some(id) = complaint["id"].as_str() else {
            return;
        };
        let mut filed = self.filed.lock().unwrap_or_else(|p| p.into_inner());
        let entry = Filed {
            consumer,
            id: id.to_owned(),
        };
        if filed.len() < KEPT {
            filed.push(entry);
        } else {
            filed[sequence % KEPT] = entry;
        }
    }

    /// Reads one of the kept complaints as the consumer who filed it.
    pub async fn read(&self, sequence: usize) -> Outcome {
        let Filed { consumer, id } = {
            let filed = self.filed.lock().unwrap_or_else(|p| p.into_inner());
            if filed.is_empty() {
                return None;
            }
            filed[(sequence.wrapping_mul(7919)) % filed.len()].clone()
        };
        let answer = self
            .client
            .get(format!("{}/api/v1/complaints/{id}", self.url))
            .bearer_auth(&self.consumers[consumer].token)
            .send()
            .await
            .ok()?;
        let status = answer.status().as_u16();
        answer.bytes().await.ok()?;
        Some(status)
    }
}

async fn login(client: &Client, url: &str, login: &str, password: &str) -> Result<String> {
    let answer = client
        .post(format!("{url}/api/v1/auth/login"))
        .json(&json!({"login": login, "password": password}))
        .send()
        .await?;
    let tokens = expect(answer, &format!("logging in as {login}")).await?;
    tokens["access_token"]
        .as_str()
        .map(str::to_owned)
        .context("the login answer has no access_token")
}

async fn move_clock(client: &Client, url: &str, admin: &str, to: DateTime<Utc>) -> Result<()> {
    let answer = client
        .put(format!("{url}/api/v1/demo/clock"))
        .bearer_auth(admin)
        .json(&json!({"now": to}))
        .send()
        .await?;
    expect(answer, &format!("setting the server's clock to {to}")).await?;
    Ok(())
}

/// A business that joined, so that complaints reach it at once.
async fn joined_business(client: &Client, url: &str, admin: &str) -> Result<String> {
    let created = client
        .post(format!("{url}/api/v1/businesses"))
        .bearer_auth(admin)
        .json(&json!({"name": "深圳市基准电子商务有限公司", "credit_code": "91440300MA5G8XQK18", "region_code": REGION}))
        .send()
        .await?;
    let business = expect(created, "creating the business").await?;
    let id = business["id"]
        .as_str()
        .context("the business has no id")?
        .to_owned();
    let joined = client
        .put(format!("{url}/api/v1/businesses/{id}/membership"))
        .bearer_auth(admin)
        .json(&json!({"member": true}))
        .send()
        .await?;
    expect(joined, "making the business a member").await?;
    Ok(id)
}

async fn expect(answer: reqwest::Response, what: &str) -> Result<Value> {
    let status = answer.status();
    let body = answer.text().await.unwrap_or_default();
    if !status.is_success() {
        bail!("{what}: {status} {body}");
    }
    Ok(serde_json::from_str(&body).unwrap_or(Value::Null))
}

/// The Chinese reviews of the replay data with the taxonomy labels the
/// replay gives them.
fn texts() -> Result<Vec<Text>> {
    let texts: Vec<Text> = replay::labelled_texts()?
        .into_iter()
        .filter(|t| t.source == Source::Reviews)
        .map(|t| Text {
            description: t.text,
            category_code: t.category_code,
            nature_code: t.nature_code,
        })
        .collect();
    if texts.is_empty() {
        bail!("no Chinese reviews in the replay data");
    }
    Ok(texts)
}
