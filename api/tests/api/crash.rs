//! Crashes: the real `redress` process is killed with SIGKILL again and
//! again while consumers upload evidence and file complaints with an
//! `Idempotency-Key`, the intake officer accepts them, the deadline sweeper
//! moves the cases whose reconciliation deadline passed, and webhooks go out.
//! Each time it is started again on the same database and data folder, and
//! the clients retry what got no answer. Afterwards every acknowledged
//! complaint exists exactly once, every acknowledged evidence file is
//! readable with its hash, each due case moved exactly once, and every
//! webhook event arrived.
//!
//! Webhooks are delivered at least once: a process killed after sending but
//! before recording the attempt sends it again once its lease ran out, with
//! the same `redress-delivery` and `redress-event-id` headers, by which a
//! receiver drops the repeat. Such repeats are allowed here; two different
//! events for one change are not.
//!
//! The default scale is small, for CI; `REDRESS_CRASH_SCALE=large` runs more
//! consumers, complaints and kills, for benchmarks.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, RequestBuilder, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::cases::{World, filing, world_with};
use crate::evidence::{BOUNDARY, Part, file, form, png_of, sha256};
use crate::helpers::{Reply, TestApp, spawn_app_with};
use crate::process::ServerProcess;
use crate::webhooks::{Receiver, register};

/// How much work, and how many kills.
#[derive(Clone, Copy, Debug)]
struct Scale {
    consumers: usize,
    complaints_each: usize,
    /// Kills while complaints are filed and accepted.
    kills: usize,
    /// Kills while the deadline sweeper works.
    sweep_kills: usize,
}

impl Scale {
    fn from_env() -> Self {
        match std::env::var("REDRESS_CRASH_SCALE").as_deref() {
            Ok("large") => Self {
                consumers: 16,
                complaints_each: 25,
                kills: 12,
                sweep_kills: 4,
            },
            _ => Self {
                consumers: 4,
                complaints_each: 4,
                kills: 3,
                sweep_kills: 2,
            },
        }
    }

    fn complaints(self) -> usize {
        self.consumers * self.complaints_each
    }
}

/// A complaint the server acknowledged, with what the client knows of it.
#[derive(Clone, Debug)]
struct Acknowledged {
    consumer: usize,
    id: String,
    number: String,
    evidence: String,
    sha256: String,
}

/// How long a client keeps retrying one request across crashes.
const RETRY_FOR: Duration = Duration::from_secs(90);

/// Sends the request until a server answers it with something other than
/// 503, as a client on a bad network would: a request whose connection
/// broke, or whose answer was cut off, is sent again unchanged.
async fn persist(request: impl Fn() -> RequestBuilder) -> Reply {
    let started = Instant::now();
    loop {
        if let Some(reply) = answered(request()).await
            && reply.status != StatusCode::SERVICE_UNAVAILABLE
        {
            return reply;
        }
        assert!(
            started.elapsed() < RETRY_FOR,
            "no server answered for {RETRY_FOR:?}"
        );
        // The server is restarting: ask again shortly.
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The whole answer, or None when the connection broke before it arrived.
async fn answered(request: RequestBuilder) -> Option<Reply> {
    let response = request.timeout(Duration::from_secs(30)).send().await.ok()?;
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = response.bytes().await.ok()?;
    let body = serde_json::from_slice(&bytes).ok()?;
    Some(Reply {
        status,
        headers,
        body,
    })
}

fn request(app: &TestApp, method: Method, path: &str, token: &str) -> RequestBuilder {
    app.client.request(method, app.url(path)).bearer_auth(token)
}

#[tokio::test]
async fn acknowledged_work_survives_a_server_killed_again_and_again() {
    let scale = Scale::from_env();
    let app = spawn_app_with(|settings| {
        settings.webhook_allowed_networks = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    let world = world_with(app, true).await;
    let receiver = Receiver::start(|_, _| 200).await;
    let events = json!(["complaint_assigned", "case_moved_to_mediation"]);
    register(&world, &receiver.url, events).await;
    let mut server = ServerProcess::start(
        &world.app,
        &[
            ("REDRESS_DEMO", "true"),
            ("REDRESS_SWEEP_INTERVAL", "1"),
            ("REDRESS_WEBHOOK_INTERVAL", "1"),
            ("REDRESS_WEBHOOK_CONNECT_TIMEOUT", "1"),
            ("REDRESS_WEBHOOK_TIMEOUT", "2"),
        ],
    )
    .await;
    let remote = Arc::new(world.app.aimed_at(&server.address));

    let acknowledged = file_while_killed(&world, &remote, &mut server, scale).await;
    each_complaint_exists_once(&world, &remote, &acknowledged, scale).await;
    each_file_reads_back_with_its_hash(&remote, &acknowledged).await;

    sweep_while_killed(&world, &remote, &mut server, scale).await;
    each_due_case_moved_once(&remote, &acknowledged).await;
    each_file_reads_back_with_its_hash(&remote, &acknowledged).await;
    each_event_arrived(&remote, &receiver, &acknowledged).await;
    eprintln!(
        "crash test ({scale:?}): {} complaints, server started {} times",
        acknowledged.len(),
        server.starts
    );
}

/// Every consumer uploads, files and has the intake officer accept, one
/// complaint after another, while the server is killed each time another
/// share of the work is acknowledged.
async fn file_while_killed(
    world: &World,
    remote: &Arc<TestApp>,
    server: &mut ServerProcess,
    scale: Scale,
) -> Vec<Acknowledged> {
    let (progress, watched) = watch::channel(0_usize);
    let progress = Arc::new(progress);
    let mut clients = JoinSet::new();
    for consumer in 0..scale.consumers {
        let token = world
            .app
            .consumer_token(&format!("1390000{consumer:04}"))
            .await;
        let client = Client {
            app: remote.clone(),
            consumer,
            token,
            intake: world.intake.clone(),
            business_id: world.business_id.clone(),
            progress: progress.clone(),
        };
        clients.spawn(client.file_several(scale.complaints_each));
    }
    drop(progress);

    // Three acknowledgements per complaint: upload, filing, acceptance.
    let steps = 3 * scale.complaints();
    let killing = kill_as_work_proceeds(server, watched, steps, scale.kills);
    let (acknowledged, kills) = tokio::join!(clients.join_all(), killing);
    assert_eq!(kills, scale.kills, "every planned kill happened");
    acknowledged.into_iter().flatten().collect()
}

/// Kills and restarts the server each time another share of `steps` was
/// acknowledged; returns how many kills there were.
async fn kill_as_work_proceeds(
    server: &mut ServerProcess,
    mut progress: watch::Receiver<usize>,
    steps: usize,
    kills: usize,
) -> usize {
    for kill in 1..=kills {
        let share = kill * steps / (kills + 1);
        if progress.wait_for(|done| *done >= share).await.is_err() {
            return kill - 1; // The clients stopped (a failed assertion).
        }
        server.kill();
        server.restart().await;
    }
    kills
}

/// One consumer's client, with the intake officer's token to accept.
struct Client {
    app: Arc<TestApp>,
    consumer: usize,
    token: String,
    intake: String,
    business_id: String,
    progress: Arc<watch::Sender<usize>>,
}

impl Client {
    async fn file_several(self, count: usize) -> Vec<Acknowledged> {
        let mut acknowledged = Vec::new();
        for n in 0..count {
            // Unique bytes: each file has its own size.
            let bytes = png_of(2048 + self.consumer * count + n, 9);
            let evidence = self.upload(&bytes).await;
            let (id, number) = self.file(&evidence).await;
            self.accept(&id).await;
            acknowledged.push(Acknowledged {
                consumer: self.consumer,
                id,
                number,
                evidence,
                sha256: sha256(&bytes),
            });
        }
        acknowledged
    }

    fn step_done(&self) {
        self.progress.send_modify(|done| *done += 1);
    }

    /// Uploads until acknowledged; an upload whose answer was lost stays
    /// behind unattached, for the orphan sweep.
    async fn upload(&self, bytes: &[u8]) -> String {
        let body = form(&[Part(&file("发票.png"), bytes)]);
        let uploaded = persist(|| {
            request(&self.app, Method::POST, "/api/v1/evidence", &self.token)
                .header(
                    CONTENT_TYPE,
                    format!("multipart/form-data; boundary={BOUNDARY}"),
                )
                .body(body.clone())
        })
        .await;
        assert_eq!(uploaded.status, StatusCode::CREATED, "{}", uploaded.body);
        assert_eq!(uploaded.body["sha256"], sha256(bytes));
        self.step_done();
        uploaded.body["id"].as_str().unwrap().to_owned()
    }

    /// Files with one key until acknowledged: 201 the first time it
    /// committed, 200 with the same complaint for a retry of a request
    /// that committed but whose answer was lost.
    async fn file(&self, evidence: &str) -> (String, String) {
        let key = uuid::Uuid::new_v4().to_string();
        let mut body = filing(&self.business_id);
        body["evidence"] = json!([evidence]);
        let filed = persist(|| {
            request(&self.app, Method::POST, "/api/v1/complaints", &self.token)
                .header("Idempotency-Key", &key)
                .json(&body)
        })
        .await;
        assert!(
            matches!(filed.status, StatusCode::CREATED | StatusCode::OK),
            "{}: {}",
            filed.status,
            filed.body
        );
        self.step_done();
        let text = |field: &str| filed.body[field].as_str().unwrap().to_owned();
        (text("id"), text("number"))
    }

    /// Accepts version 1 until answered. A 412 means an earlier attempt
    /// committed (its answer was lost): the case must then be accepted,
    /// once.
    async fn accept(&self, id: &str) {
        let path = format!("/api/v1/complaints/{id}/actions");
        let accepted = persist(|| {
            request(&self.app, Method::POST, &path, &self.intake)
                .header("If-Match", "\"1\"")
                .json(&json!({"action": "accept"}))
        })
        .await;
        if accepted.status == StatusCode::PRECONDITION_FAILED {
            let now = persist(|| {
                let path = format!("/api/v1/complaints/{id}");
                request(&self.app, Method::GET, &path, &self.intake)
            })
            .await;
            assert_eq!(now.body["state"], "reconciling", "{}", now.body);
            assert_eq!(now.body["version"], 2, "{}", now.body);
        } else {
            assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
        }
        self.step_done();
    }
}

/// Each consumer sees exactly the complaints acknowledged to them: none
/// lost, none filed twice for one key; and every number is distinct.
async fn each_complaint_exists_once(
    world: &World,
    remote: &TestApp,
    acknowledged: &[Acknowledged],
    scale: Scale,
) {
    assert_eq!(acknowledged.len(), scale.complaints());
    let numbers: BTreeSet<&str> = acknowledged.iter().map(|a| a.number.as_str()).collect();
    assert_eq!(
        numbers.len(),
        acknowledged.len(),
        "complaint numbers repeat"
    );

    for consumer in 0..scale.consumers {
        let token = remote
            .access_token(&format!("1390000{consumer:04}"), "wang2024!")
            .await;
        let listed = remote
            .get("/api/v1/complaints?limit=100", Some(&token))
            .await;
        assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
        let stored: BTreeSet<String> = listed.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["id"].as_str().unwrap().to_owned())
            .collect();
        let expected: BTreeSet<String> = acknowledged
            .iter()
            .filter(|a| a.consumer == consumer)
            .map(|a| a.id.clone())
            .collect();
        assert_eq!(stored, expected, "consumer {consumer}'s complaints");
    }
    let rows = api::entities::complaints::Entity::find()
        .count(&world.app.state.db)
        .await
        .unwrap();
    assert_eq!(rows as usize, acknowledged.len(), "no unacknowledged extra");
}

/// Each acknowledged file is listed on its complaint with its hash, and
/// its bytes come back with that hash.
async fn each_file_reads_back_with_its_hash(remote: &TestApp, acknowledged: &[Acknowledged]) {
    let intake = remote.access_token("gd.intake", "staff-pass-1").await;
    let handler = remote.access_token("sz.service", "service-2024").await;
    for complaint in acknowledged {
        let path = format!("/api/v1/complaints/{}/evidence", complaint.id);
        let listed = remote.get(&path, Some(&intake)).await;
        assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
        assert_eq!(listed.body.as_array().map(Vec::len), Some(1));
        assert_eq!(listed.body[0]["id"], complaint.evidence.as_str());
        assert_eq!(listed.body[0]["sha256"], complaint.sha256.as_str());

        let content = remote
            .client
            .get(remote.url(&format!("/api/v1/evidence/{}/content", complaint.evidence)))
            .bearer_auth(&handler)
            .send()
            .await
            .unwrap();
        assert_eq!(content.status(), StatusCode::OK);
        let bytes = content.bytes().await.unwrap();
        assert_eq!(sha256(&bytes), complaint.sha256);
    }
}

/// Moves the demo clock 40 days on, past every reconciliation deadline,
/// and kills the server while the sweep (of that request and of the
/// background sweeper) applies them; the clock is set again after each
/// start (a demo clock starts from the system time), then once more to let
/// the sweep finish.
async fn sweep_while_killed(
    world: &World,
    remote: &Arc<TestApp>,
    server: &mut ServerProcess,
    scale: Scale,
) {
    let start = server_now(remote).await + chrono::Duration::days(40);
    let later = |n: usize| start + chrono::Duration::minutes(10 * n as i64);
    for kill in 1..=scale.sweep_kills {
        let share = (kill * scale.complaints() / (scale.sweep_kills + 1)) as u64;
        let moving = tokio::spawn(set_clock(remote.clone(), later(kill)));
        let deadline = Instant::now() + Duration::from_secs(60);
        while missed(world).await < share && !moving.is_finished() {
            assert!(Instant::now() < deadline, "the sweep made no progress");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        server.kill();
        let _ = moving.await;
        server.restart().await;
    }

    let moved = set_clock(remote.clone(), later(scale.sweep_kills + 1))
        .await
        .expect("the server answers");
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);

    // A sweep skips cases another sweep holds (the background sweeper, or on
    // PostgreSQL a killed process's transaction the database has not yet
    // ended); the sweeper running every second takes them up.
    let deadline = Instant::now() + Duration::from_secs(30);
    while missed(world).await < scale.complaints() as u64 {
        assert!(Instant::now() < deadline, "due deadlines were left unswept");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn server_now(remote: &TestApp) -> DateTime<Utc> {
    let admin = remote.admin_token().await;
    let clock = remote.get("/api/v1/demo/clock", Some(&admin)).await;
    assert_eq!(clock.status, StatusCode::OK, "{}", clock.body);
    clock.body["now"].as_str().unwrap().parse().unwrap()
}

/// Signs in as the platform admin (a moved clock ends earlier tokens) and
/// sets the demo clock; the answer comes after the sweep. None when the
/// server was killed meanwhile.
async fn set_clock(remote: Arc<TestApp>, to: DateTime<Utc>) -> Option<Reply> {
    let login = json!({"login": "admin", "password": crate::helpers::ADMIN_PASSWORD});
    let signed_in = answered(
        remote
            .client
            .post(remote.url("/api/v1/auth/login"))
            .json(&login),
    )
    .await?;
    let admin = signed_in.body["access_token"].as_str()?.to_owned();
    let moved =
        request(&remote, Method::PUT, "/api/v1/demo/clock", &admin).json(&json!({"now": to}));
    answered(moved).await
}

/// Reconciliation deadlines recorded as missed, read from the database.
async fn missed(world: &World) -> u64 {
    use api::entities::deadlines::{Column, Entity};
    Entity::find()
        .filter(Column::Kind.eq("reconciliation"))
        .filter(Column::Status.eq("missed"))
        .count(&world.app.state.db)
        .await
        .unwrap()
}

/// Each case went to mediation once: one missed-deadline entry, one
/// version for it, and an intact hash chain.
async fn each_due_case_moved_once(remote: &TestApp, acknowledged: &[Acknowledged]) {
    let intake = remote.access_token("gd.intake", "staff-pass-1").await;
    for complaint in acknowledged {
        let path = format!("/api/v1/complaints/{}", complaint.id);
        let now = remote.get(&path, Some(&intake)).await;
        assert_eq!(now.body["state"], "mediating", "{}", now.body);
        assert_eq!(now.body["version"], 3, "filed, accepted, expired once");

        let timeline = remote.get(&format!("{path}/timeline"), Some(&intake)).await;
        let kinds: Vec<&str> = timeline
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|entry| entry["kind"].as_str().unwrap())
            .collect();
        for kind in ["filed", "accepted", "reconciliation_deadline_missed"] {
            let times = kinds.iter().filter(|k| **k == kind).count();
            assert_eq!(times, 1, "{}: {kind} in {kinds:?}", complaint.number);
        }

        let record = remote.get(&format!("{path}/record"), Some(&intake)).await;
        assert_eq!(record.body["chain_intact"], true, "{}", complaint.number);
    }
}

/// Waits until both events of every case arrived, moving the demo clock a
/// few minutes on between looks so that leases of killed workers run out;
/// then checks that repeats are repeats of one delivery.
async fn each_event_arrived(
    remote: &Arc<TestApp>,
    receiver: &Receiver,
    acknowledged: &[Acknowledged],
) {
    let expected: BTreeSet<(String, String)> = acknowledged
        .iter()
        .flat_map(|c| {
            ["complaint_assigned", "case_moved_to_mediation"]
                .map(|event| (c.id.clone(), event.to_owned()))
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let arrived = received_events(receiver);
        let missing: Vec<_> = expected
            .iter()
            .filter(|pair| !arrived.contains_key(*pair))
            .collect();
        if missing.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "webhook events never arrived: {missing:?}"
        );
        let nudged = server_now(remote).await + chrono::Duration::minutes(3);
        set_clock(remote.clone(), nudged).await;
        let next = receiver.arrived.notified();
        let _ = tokio::time::timeout(Duration::from_secs(2), next).await;
    }

    let arrived = received_events(receiver);
    let mut repeats = 0;
    for (pair, deliveries) in &arrived {
        let distinct: BTreeSet<&(String, String)> = deliveries.iter().collect();
        assert_eq!(
            distinct.len(),
            1,
            "{pair:?} was sent as different events: {deliveries:?}"
        );
        repeats += deliveries.len() - 1;
    }
    assert_eq!(arrived.len(), expected.len(), "no unexpected events");
    eprintln!(
        "webhooks: {} events, {repeats} repeated deliveries",
        expected.len()
    );
}

/// What arrived per (complaint, event): the (event id, delivery id) of
/// each request.
fn received_events(receiver: &Receiver) -> BTreeMap<(String, String), Vec<(String, String)>> {
    let mut arrived: BTreeMap<(String, String), Vec<(String, String)>> = BTreeMap::new();
    for request in receiver.received() {
        let body = request.json();
        let pair = (
            body["complaint"]["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            request.header("redress-event").to_owned(),
        );
        let delivery = (
            request.header("redress-event-id").to_owned(),
            request.header("redress-delivery").to_owned(),
        );
        arrived.entry(pair).or_default().push(delivery);
    }
    arrived
}
