//! Webhooks: events of a business's cases reach its receiver signed, in
//! order per case, retried until answered, and never inside the network
//! unless the operator allows it. The receivers here listen on 127.0.0.1.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use api::clock::Clock;
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};
use sha2::Sha256;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::Notify;

use crate::cases::{World, date_in, world_with};
use crate::helpers::{TestApp, spawn_app_with};
use crate::process::ServerProcess;

/// One request the receiver got.
#[derive(Clone, Debug)]
pub struct Received {
    pub headers: HashMap<String, String>,
    pub body: String,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(String::as_str).unwrap_or("")
    }
}

/// Decides the status of each request: given the request and how many
/// earlier requests carried the same event id.
type Answer = dyn Fn(&Received, usize) -> u16 + Send + Sync;

/// A tiny HTTP server on 127.0.0.1 that records what it receives.
pub struct Receiver {
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    pub arrived: Arc<Notify>,
}

impl Receiver {
    pub async fn start(answer: impl Fn(&Received, usize) -> u16 + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hooks", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let arrived = Arc::new(Notify::new());
        let answer: Arc<Answer> = Arc::new(answer);

        let (log, notify) = (received.clone(), arrived.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (log, notify, answer) = (log.clone(), notify.clone(), answer.clone());
                tokio::spawn(async move { serve(stream, &log, &notify, &*answer).await });
            }
        });
        Self {
            url,
            received,
            arrived,
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits (at most ten seconds) until `count` requests arrived.
    async fn wait_for(&self, count: usize) -> Vec<Received> {
        let waiting = async {
            loop {
                let notified = self.arrived.notified();
                if self.received().len() >= count {
                    return self.received();
                }
                notified.await;
            }
        };
        tokio::time::timeout(Duration::from_secs(10), waiting)
            .await
            .unwrap_or_else(|_| panic!("{count} deliveries did not arrive: {:?}", self.received()))
    }
}

async fn serve(
    mut stream: tokio::net::TcpStream,
    log: &Mutex<Vec<Received>>,
    arrived: &Notify,
    answer: &Answer,
) {
    let mut bytes = Vec::new();
    let mut buffer = [0u8; 4096];
    let (head_end, length) = loop {
        let read = stream.read(&mut buffer).await.unwrap_or(0);
        if read == 0 {
            return;
        }
        bytes.extend_from_slice(&buffer[..read]);
        if let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&bytes[..end]).to_string();
            let length = head
                .lines()
                .filter_map(|line| line.split_once(':'))
                .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, value)| value.trim().parse::<usize>().ok())
                .unwrap_or(0);
            break (end + 4, length);
        }
    };
    while bytes.len() < head_end + length {
        let read = stream.read(&mut buffer).await.unwrap_or(0);
        if read == 0 {
            return;
        }
        bytes.extend_from_slice(&buffer[..read]);
    }

    let head = String::from_utf8_lossy(&bytes[..head_end]).to_string();
    let headers = head
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let request = Received {
        headers,
        body: String::from_utf8_lossy(&bytes[head_end..head_end + length]).to_string(),
    };
    let status = {
        let mut log = log.lock().unwrap();
        let earlier = log
            .iter()
            .filter(|r| r.header("redress-event-id") == request.header("redress-event-id"))
            .count();
        let status = answer(&request, earlier);
        log.push(request);
        status
    };
    let reply = format!("HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
    let _ = stream.write_all(reply.as_bytes()).await;
    let _ = stream.shutdown().await;
    arrived.notify_waiters();
}

/// A world whose server lets webhooks reach 127.0.0.1, as tests need.
async fn local_world() -> World {
    let app = spawn_app_with(|settings| {
        settings.webhook_allowed_networks = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    world_with(app, true).await
}

/// Registers a webhook as the business's handler; returns its id and secret.
pub async fn register(world: &World, url: &str, events: Value) -> (String, String) {
    let created = world
        .app
        .post(
            &webhooks_path(world),
            Some(&world.handler),
            json!({"url": url, "events": events, "description": "工单系统"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    (
        created.body["id"].as_str().unwrap().to_owned(),
        created.body["secret"].as_str().unwrap().to_owned(),
    )
}

fn webhooks_path(world: &World) -> String {
    format!("/api/v1/businesses/{}/webhooks", world.business_id)
}

/// A fresh token of the business's handler: tests move the clock past
/// the first one's life.
async fn handler(world: &World) -> String {
    world.app.access_token("sz.service", "service-2024").await
}

/// The webhook's delivery log, newest first.
async fn deliveries(world: &World, webhook: &str) -> Vec<Value> {
    let path = format!("{}/{webhook}/deliveries", webhooks_path(world));
    let reply = world.app.get(&path, Some(&handler(world).await)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["items"].as_array().unwrap().clone()
}

async fn deliver(app: &TestApp) -> usize {
    api::webhooks::delivery::deliver_due(&app.state)
        .await
        .expect("the delivery worker runs")
}

async fn accepted_case(world: &World) -> String {
    let id = world.file().await;
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    id
}

fn events(received: &[Received]) -> Vec<String> {
    received
        .iter()
        .map(|r| r.json()["event"].as_str().unwrap().to_owned())
        .collect()
}

/// What a receiver computes to check a delivery.
fn expected_signature(secret: &str, timestamp: &str, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.{body}").as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("v1={hex}")
}

#[tokio::test]
async fn a_receiver_that_fails_twice_gets_exactly_one_successful_signed_delivery() {
    let world = local_world().await;
    let receiver = Receiver::start(|_, earlier| if earlier < 2 { 500 } else { 200 }).await;
    let (webhook, secret) = register(&world, &receiver.url, json!(["complaint_assigned"])).await;
    let id = accepted_case(&world).await;

    let first = deliver(&world.app).await;
    let too_early = deliver(&world.app).await;
    world.app.clock.advance(chrono::Duration::seconds(30));
    deliver(&world.app).await;
    world.app.clock.advance(chrono::Duration::seconds(60));
    deliver(&world.app).await;
    world.app.clock.advance(chrono::Duration::hours(2));
    let after = deliver(&world.app).await;

    assert_eq!((first, too_early, after), (1, 0, 0));
    let received = receiver.received();
    assert_eq!(received.len(), 3, "two failures and one success");
    let event_ids: Vec<&str> = received
        .iter()
        .map(|r| r.header("redress-event-id"))
        .collect();
    assert!(
        event_ids.iter().all(|e| *e == event_ids[0]),
        "{event_ids:?}"
    );
    assert!(received.iter().all(|r| r.body == received[0].body));

    let success = &received[2];
    let timestamp = success.header("redress-timestamp");
    assert_eq!(
        success.header("redress-signature"),
        expected_signature(&secret, timestamp, &success.body)
    );
    assert_ne!(
        success.header("redress-signature"),
        expected_signature("whsec_forged", timestamp, &success.body)
    );
    assert_eq!(
        timestamp.parse::<i64>().unwrap(),
        world.app.clock.now().timestamp() - 2 * 3600
    );
    assert_eq!(success.header("content-type"), "application/json");
    assert_eq!(success.header("redress-event"), "complaint_assigned");

    let payload = success.json();
    assert_eq!(payload["id"], event_ids[0]);
    assert_eq!(payload["event"], "complaint_assigned");
    assert_eq!(payload["business_id"], world.business_id.as_str());
    assert_eq!(payload["complaint"]["id"], id.as_str());
    assert_eq!(payload["complaint"]["state"], "reconciling");
    assert!(payload["complaint"]["number"].is_string());
    assert!(payload["data"]["due_at"].is_string(), "{payload}");
    assert!(!success.body.contains("13800138000"), "no consumer phone");

    let log = deliveries(&world, &webhook).await;
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["status"], "delivered");
    assert_eq!(log[0]["attempts"], 3);
    assert_eq!(log[0]["last_status_code"], 200);
    assert_eq!(log[0]["payload"], payload);
    assert_eq!(
        success.header("redress-delivery"),
        log[0]["id"].to_string().as_str()
    );
}

#[tokio::test]
async fn one_cases_events_arrive_in_order_while_other_cases_go_ahead() {
    let world = local_world().await;
    let first_case = Arc::new(Mutex::new(String::new()));
    let failing = first_case.clone();
    let receiver = Receiver::start(move |request, earlier| {
        let payload = request.json();
        let first = payload["complaint"]["id"] == failing.lock().unwrap().as_str();
        if first && payload["event"] == "complaint_assigned" && earlier == 0 {
            503
        } else {
            200
        }
    })
    .await;
    register(
        &world,
        &receiver.url,
        json!(["complaint_assigned", "message_received"]),
    )
    .await;
    let one = accepted_case(&world).await;
    *first_case.lock().unwrap() = one.clone();
    let path = format!("/api/v1/complaints/{one}/messages");
    let posted = world
        .app
        .post(
            &path,
            Some(&world.consumer),
            json!({"body": "请尽快回复。"}),
        )
        .await;
    assert_eq!(posted.status, StatusCode::CREATED);
    let two = world.file().await;
    world
        .step(&world.intake, &two, json!({"action": "accept"}))
        .await;

    deliver(&world.app).await;
    let while_retrying = receiver.received();
    world.app.clock.advance(chrono::Duration::seconds(30));
    deliver(&world.app).await;

    assert!(
        !events(&while_retrying).contains(&"message_received".to_owned()),
        "the message waits while the assignment before it is retried"
    );
    assert_eq!(
        events_of(&while_retrying, &two),
        vec!["complaint_assigned"],
        "another case is not held up"
    );
    assert_eq!(
        events_of(&receiver.received(), &one),
        vec![
            "complaint_assigned",
            "complaint_assigned",
            "message_received"
        ]
    );
}

fn events_of(received: &[Received], case: &str) -> Vec<String> {
    let of_case: Vec<Received> = received
        .iter()
        .filter(|r| r.json()["complaint"]["id"] == case)
        .cloned()
        .collect();
    events(&of_case)
}

#[tokio::test]
async fn two_workers_share_the_deliveries_and_send_each_event_once_in_order() {
    let world = local_world().await;
    let receiver = Receiver::start(|_, _| 200).await;
    register(
        &world,
        &receiver.url,
        json!(["complaint_assigned", "message_received"]),
    )
    .await;
    let mut cases = Vec::new();
    for _ in 0..4 {
        let id = accepted_case(&world).await;
        let path = format!("/api/v1/complaints/{id}/messages");
        let posted = world
            .app
            .post(&path, Some(&world.consumer), json!({"body": "请回复。"}))
            .await;
        assert_eq!(posted.status, StatusCode::CREATED);
        cases.push(id);
    }

    // A second process: the same settings and clock, its own connection pool.
    let mut other = world.app.state.clone();
    other.db = sea_orm::Database::connect(world.app.database_url.as_str())
        .await
        .unwrap();
    let (first, second) = tokio::join!(
        api::webhooks::delivery::deliver_due(&world.app.state),
        api::webhooks::delivery::deliver_due(&other),
    );

    assert_eq!(first.unwrap() + second.unwrap(), 8);
    let received = receiver.received();
    let mut ids: Vec<&str> = received
        .iter()
        .map(|r| r.header("redress-event-id"))
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!((received.len(), ids.len()), (8, 8), "each event once");
    for case in &cases {
        assert_eq!(
            events_of(&received, case),
            vec!["complaint_assigned", "message_received"]
        );
    }
}

#[tokio::test]
async fn each_event_of_a_case_reaches_the_webhooks_that_picked_it() {
    let world = local_world().await;
    let all = Receiver::start(|_, _| 200).await;
    let closing = Receiver::start(|_, _| 200).await;
    register(
        &world,
        &all.url,
        json!([
            "complaint_assigned",
            "message_received",
            "offer_answered",
            "deadline_approaching",
            "case_moved_to_mediation",
            "case_closed"
        ]),
    )
    .await;
    register(&world, &closing.url, json!(["case_closed"])).await;
    let id = accepted_case(&world).await;
    let messages = format!("/api/v1/complaints/{id}/messages");

    let offer = json!({"action": "make_offer", "terms": "维修并延保一年", "perform_by": date_in(&world.app, 5)});
    world.step(&world.handler, &id, offer).await;
    for (token, body) in [
        (&world.handler, "我们已安排师傅上门。"),
        (&world.consumer, "我要求换新机。"),
    ] {
        let posted = world
            .app
            .post(&messages, Some(token), json!({"body": body}))
            .await;
        assert_eq!(posted.status, StatusCode::CREATED);
    }
    let note = json!({"body": "内部备注", "internal": true});
    let noted = world.app.post(&messages, Some(&world.mediator), note).await;
    assert_eq!(noted.status, StatusCode::CREATED);
    world
        .step(
            &world.consumer,
            &id,
            json!({"action": "decline_offer", "reason": "不接受维修", "escalate": true}),
        )
        .await;
    world
        .step(
            &world.mediator,
            &id,
            json!({"action": "end_mediation", "reason": "no_agreement"}),
        )
        .await;
    deliver(&world.app).await;

    let received = all.received();
    assert_eq!(
        events(&received),
        vec![
            "complaint_assigned",
            "message_received",
            "offer_answered",
            "case_moved_to_mediation",
            "case_closed"
        ],
        "the business's own message and the internal note are no events"
    );
    assert_eq!(received[1].json()["data"]["author"], "consumer");
    assert!(received[1].json()["data"]["message_sequence"].is_i64());
    assert_eq!(
        received[2].json()["data"],
        json!({"answer": "declined", "escalated": true})
    );
    assert_eq!(
        received[3].json()["data"],
        json!({"reason": "offer_declined"})
    );
    assert_eq!(
        received[4].json()["data"],
        json!({"outcome": "mediation_failed"})
    );
    assert_eq!(received[4].json()["complaint"]["state"], "closed");
    assert_eq!(events(&closing.received()), vec!["case_closed"]);
    assert!(received.iter().all(|r| !r.body.contains("13800138000")));
}

#[tokio::test]
async fn an_approaching_reconciliation_deadline_is_announced() {
    let world = local_world().await;
    let receiver = Receiver::start(|_, _| 200).await;
    register(&world, &receiver.url, json!(["deadline_approaching"])).await;
    let id = accepted_case(&world).await;
    let complaint = world.complaint(&world.handler, &id).await.body;
    let due = complaint["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "reconciliation")
        .unwrap()["due_at"]
        .as_str()
        .unwrap()
        .to_owned();
    let due_at: chrono::DateTime<chrono::Utc> = due.parse().unwrap();

    world
        .app
        .clock
        .advance(due_at - world.app.clock.now() - chrono::Duration::hours(12));
    let swept = api::deadlines::sweeper::sweep(&world.app.state)
        .await
        .unwrap();
    deliver(&world.app).await;

    assert_eq!(swept.reminded, 1);
    let received = receiver.received();
    assert_eq!(events(&received), vec!["deadline_approaching"]);
    let data = &received[0].json()["data"];
    assert_eq!(data["deadline"], "reconciliation");
    let announced: chrono::DateTime<chrono::Utc> =
        data["due_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(announced, due_at);
}

#[tokio::test]
async fn a_change_that_rolls_back_queues_and_sends_nothing() {
    let world = local_world().await;
    let receiver = Receiver::start(|_, _| 200).await;
    register(
        &world,
        &receiver.url,
        json!(["offer_answered", "case_closed"]),
    )
    .await;
    let id = accepted_case(&world).await;

    let refused = world
        .act(&world.consumer, &id, json!({"action": "accept_offer"}))
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let state = &world.app.state;
    let txn = state.writer.begin().await.unwrap();
    let complaint = api::complaints::store::lock(&txn, id.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let withdraw = shared::cases::ActionRequest::Withdraw { reason: None };
    let actor = api::complaints::actions::Actor {
        id: None,
        role: shared::complaints::CaseRole::Consumer,
    };
    let step = api::complaints::actions::Step::Request(&withdraw);
    let applied =
        api::complaints::actions::apply(state, &txn, complaint, actor, step, state.clock.now())
            .await
            .unwrap();
    let queued_inside = queued(&txn).await;
    txn.rollback().await.unwrap();

    assert_eq!(applied.complaint.state, "closed");
    assert_eq!(queued_inside, 1, "the closing was queued with the change");
    assert_eq!(queued(&state.db).await, 0, "and rolled back with it");
    assert_eq!(deliver(&world.app).await, 0);
    assert!(receiver.received().is_empty());
}

async fn queued(db: &impl sea_orm::ConnectionTrait) -> u64 {
    api::entities::webhook_deliveries::Entity::find()
        .count(db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_change_committed_while_no_worker_ran_is_delivered_by_a_process_started_later() {
    let world = local_world().await;
    let receiver = Receiver::start(|_, _| 200).await;
    register(&world, &receiver.url, json!(["complaint_assigned"])).await;

    // This server's worker looks once an hour: it stands for a process
    // killed after the commit, before it could send.
    let id = accepted_case(&world).await;
    assert!(receiver.received().is_empty());
    let restarted = world
        .app
        .replica(|settings| settings.webhook_interval = 1)
        .await;

    let received = receiver.wait_for(1).await;
    assert_eq!(received[0].json()["complaint"]["id"], id.as_str());
    drop(restarted);
}

#[tokio::test]
async fn a_server_killed_after_the_commit_delivers_once_it_is_started_again() {
    let world = local_world().await;
    let receiver = Receiver::start(|_, _| 200).await;
    let (webhook, secret) = register(&world, &receiver.url, json!(["complaint_assigned"])).await;
    let id = world.file().await;

    // A real server process whose worker would first look in an hour takes
    // the change, commits it and is killed before it can send.
    let mut first = ServerProcess::start(&world.app, &[("REDRESS_WEBHOOK_INTERVAL", "3600")]).await;
    let accepted = world
        .app
        .client
        .post(format!("{}/api/v1/complaints/{id}/actions", first.address))
        .bearer_auth(&world.intake)
        .json(&json!({"action": "accept"}))
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), StatusCode::OK);
    first.kill();
    assert!(receiver.received().is_empty());

    let second = ServerProcess::start(&world.app, &[("REDRESS_WEBHOOK_INTERVAL", "1")]).await;
    let received = receiver.wait_for(1).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    drop(second);

    assert_eq!(receiver.received().len(), 1, "delivered exactly once");
    let delivery = &received[0];
    assert_eq!(delivery.json()["complaint"]["id"], id.as_str());
    assert_eq!(delivery.json()["event"], "complaint_assigned");
    assert_eq!(
        delivery.header("redress-signature"),
        expected_signature(
            &secret,
            delivery.header("redress-timestamp"),
            &delivery.body
        )
    );
    let log = deliveries(&world, &webhook).await;
    assert_eq!(log[0]["status"], "delivered");
}

#[tokio::test]
async fn a_delivery_claimed_by_a_worker_that_died_is_sent_again_when_its_lease_runs_out() {
    let world = local_world().await;
    let receiver = Receiver::start(|_, _| 200).await;
    let (webhook, _) = register(&world, &receiver.url, json!(["complaint_assigned"])).await;
    accepted_case(&world).await;

    let state = &world.app.state;
    let claimed = api::webhooks::outbox::claim(
        &state.writer,
        state.clock.now(),
        chrono::Duration::seconds(65),
        10,
    )
    .await
    .unwrap();
    let while_leased = deliver(&world.app).await;
    world.app.clock.advance(chrono::Duration::seconds(66));
    let after_lease = deliver(&world.app).await;

    assert_eq!((claimed.len(), while_leased, after_lease), (1, 0, 1));
    assert_eq!(receiver.received().len(), 1);
    let log = deliveries(&world, &webhook).await;
    assert_eq!(log[0]["status"], "delivered");
    assert_eq!(log[0]["attempts"], 2, "the lost attempt counts");
}

#[tokio::test]
async fn inside_addresses_are_refused_with_a_stable_code() {
    let world = local_world().await;

    for url in [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/hooks",
        "http://[::ffff:10.0.0.1]/hooks",
        "http://192.168.1.10:8080/hooks",
        "http://127.0.0.2/hooks",
        "http://localhost:8080/hooks",
        "http://metadata.google.internal/computeMetadata/v1/",
    ] {
        let reply = world
            .app
            .post(
                &webhooks_path(&world),
                Some(&world.handler),
                json!({"url": url, "events": ["case_closed"]}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        assert_eq!(reply.code(), "validation_failed");
        assert_eq!(
            reply.field_codes(),
            vec![("url".to_owned(), "address_not_allowed".to_owned())],
            "{url}"
        );
    }
    for (url, code) in [
        ("ftp://hooks.example.cn/", "unsupported_scheme"),
        ("https://user:pw@hooks.example.cn/", "credentials_in_url"),
        ("hooks.example.cn/in", "invalid_format"),
    ] {
        let reply = world
            .app
            .post(
                &webhooks_path(&world),
                Some(&world.handler),
                json!({"url": url, "events": ["case_closed"]}),
            )
            .await;
        assert_eq!(
            reply.field_codes(),
            vec![("url".to_owned(), code.to_owned())]
        );
    }
}

#[tokio::test]
async fn loopback_is_refused_unless_the_operator_allows_it() {
    let world = world_with(crate::helpers::spawn_app().await, true).await;
    let receiver = Receiver::start(|_, _| 200).await;

    let reply = world
        .app
        .post(
            &webhooks_path(&world),
            Some(&world.handler),
            json!({"url": receiver.url, "events": ["case_closed"]}),
        )
        .await;

    assert_eq!(
        reply.field_codes(),
        vec![("url".to_owned(), "address_not_allowed".to_owned())]
    );
}

#[tokio::test]
async fn an_address_no_longer_allowed_is_refused_at_delivery() {
    let world = local_world().await;
    let receiver = Receiver::start(|_, _| 200).await;
    let (webhook, _) = register(&world, &receiver.url, json!(["complaint_assigned"])).await;
    accepted_case(&world).await;
    let stricter = world
        .app
        .replica(|settings| settings.webhook_allowed_networks.clear())
        .await;

    let attempted = deliver(&stricter).await;

    assert_eq!(attempted, 1);
    assert!(receiver.received().is_empty(), "nothing left the server");
    let log = deliveries(&world, &webhook).await;
    assert_eq!(log[0]["status"], "pending");
    let error = log[0]["last_error"].as_str().unwrap();
    assert!(error.contains("loopback"), "{error}");
}

#[tokio::test]
async fn a_delivery_unanswered_for_24_hours_fails_and_can_be_sent_again() {
    let world = local_world().await;
    let healthy = Arc::new(Mutex::new(false));
    let switch = healthy.clone();
    let receiver =
        Receiver::start(move |_, _| if *switch.lock().unwrap() { 200 } else { 500 }).await;
    let (webhook, _) = register(&world, &receiver.url, json!(["complaint_assigned"])).await;
    accepted_case(&world).await;

    deliver(&world.app).await;
    world.app.clock.advance(chrono::Duration::hours(23));
    deliver(&world.app).await;
    let retrying = deliveries(&world, &webhook).await;
    world.app.clock.advance(chrono::Duration::hours(1));
    deliver(&world.app).await;
    world.app.clock.advance(chrono::Duration::hours(1));
    let after_failure = deliver(&world.app).await;

    assert_eq!(retrying[0]["status"], "pending");
    let next: chrono::DateTime<chrono::Utc> = retrying[0]["next_attempt_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(next <= world.app.clock.now() - chrono::Duration::hours(1));
    assert_eq!(after_failure, 0);
    let failed = deliveries(&world, &webhook).await;
    assert_eq!(failed[0]["status"], "failed");
    assert_eq!(failed[0]["attempts"], 3);
    assert_eq!(failed[0]["last_status_code"], 500);
    assert!(failed[0]["next_attempt_at"].is_null());

    *healthy.lock().unwrap() = true;
    let path = format!(
        "{}/{webhook}/deliveries/{}/redeliver",
        webhooks_path(&world),
        failed[0]["id"]
    );
    let handler = handler(&world).await;
    let again = world.app.post(&path, Some(&handler), json!({})).await;
    assert_eq!(again.status, StatusCode::ACCEPTED, "{}", again.body);
    assert_eq!(again.body["redelivery_of"], failed[0]["id"]);
    assert_eq!(again.body["status"], "pending");
    deliver(&world.app).await;

    let received = receiver.received();
    assert_eq!(received.len(), 4);
    assert_eq!(
        received[3].header("redress-event-id"),
        received[0].header("redress-event-id"),
        "the same event, sent again"
    );
    let log = deliveries(&world, &webhook).await;
    assert_eq!(log.len(), 2);
    assert_eq!(log[0]["status"], "delivered");
    assert_eq!(log[1]["status"], "failed");
    let only_failed = world
        .app
        .get(
            &format!(
                "{}/{webhook}/deliveries?status=failed",
                webhooks_path(&world)
            ),
            Some(&handler),
        )
        .await;
    assert_eq!(only_failed.body["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_paused_webhook_hears_nothing_new_and_resumes_what_was_queued() {
    let world = local_world().await;
    let receiver = Receiver::start(|_, _| 200).await;
    let (webhook, _) = register(
        &world,
        &receiver.url,
        json!(["complaint_assigned", "case_closed"]),
    )
    .await;
    let path = format!("{}/{webhook}", webhooks_path(&world));
    let id = accepted_case(&world).await;
    let settings = |active: bool| json!({"url": receiver.url, "events": ["complaint_assigned", "case_closed"], "active": active});

    let paused = world
        .app
        .put(&path, Some(&world.handler), settings(false))
        .await;
    world
        .step(&world.consumer, &id, json!({"action": "withdraw"}))
        .await;
    let while_paused = deliver(&world.app).await;
    world
        .app
        .put(&path, Some(&world.handler), settings(true))
        .await;
    deliver(&world.app).await;

    assert_eq!(paused.status, StatusCode::OK, "{}", paused.body);
    assert_eq!(paused.body["active"], false);
    assert_eq!(while_paused, 0);
    assert_eq!(events(&receiver.received()), vec!["complaint_assigned"]);
}

#[tokio::test]
async fn only_the_business_and_its_keys_with_the_scope_manage_its_webhooks() {
    let world = local_world().await;
    let receiver = Receiver::start(|_, _| 200).await;
    let (webhook, _) = register(&world, &receiver.url, json!(["case_closed"])).await;
    let key = |scopes: Value| {
        let world = &world;
        async move {
            let created = world
                .app
                .post(
                    &format!("/api/v1/businesses/{}/api-keys", world.business_id),
                    Some(&world.handler),
                    json!({"name": "集成", "scopes": scopes}),
                )
                .await;
            created.body["secret"].as_str().unwrap().to_owned()
        }
    };
    let manager = key(json!(["manage_webhooks"])).await;
    let reader = key(json!(["read_cases"])).await;
    let other = other_business_handler(&world).await;
    let list = webhooks_path(&world);
    let one = format!("{list}/{webhook}");

    let by_key = world
        .app
        .post(
            &list,
            Some(&manager),
            json!({"url": receiver.url, "events": ["complaint_assigned"]}),
        )
        .await;
    assert_eq!(by_key.status, StatusCode::CREATED, "{}", by_key.body);
    assert_eq!(
        world.app.get(&list, Some(&manager)).await.status,
        StatusCode::OK
    );
    for token in [
        &reader,
        &other.1,
        &world.consumer,
        &world.intake,
        &world.admin,
    ] {
        assert_eq!(
            world.app.get(&list, Some(token)).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            world.app.delete(&one, Some(token)).await.status,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(
        world.app.get(&list, None).await.status,
        StatusCode::UNAUTHORIZED
    );

    let across = format!("/api/v1/businesses/{}/webhooks/{webhook}", other.0);
    assert_eq!(
        world.app.get(&across, Some(&other.1)).await.status,
        StatusCode::NOT_FOUND,
        "another business cannot reach this webhook through its own path"
    );
    let listed = world.app.get(&list, Some(&world.handler)).await;
    assert_eq!(listed.body.as_array().unwrap().len(), 2);
    assert!(
        listed.body[0].get("secret").is_none(),
        "secrets are shown once"
    );
    let removed = world.app.delete(&one, Some(&world.handler)).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert_eq!(
        world.app.get(&one, Some(&world.handler)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn another_business_hears_nothing_of_this_ones_cases() {
    let world = local_world().await;
    let receiver = Receiver::start(|_, _| 200).await;
    let (other_business, other_handler) = other_business_handler(&world).await;
    let created = world
        .app
        .post(
            &format!("/api/v1/businesses/{other_business}/webhooks"),
            Some(&other_handler),
            json!({"url": receiver.url, "events": ["complaint_assigned", "case_closed"]}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);

    accepted_case(&world).await;

    assert_eq!(deliver(&world.app).await, 0);
    assert!(receiver.received().is_empty());
}

/// A second member business with its own handler: its id and token.
async fn other_business_handler(world: &World) -> (String, String) {
    let business = world
        .app
        .post(
            "/api/v1/businesses",
            Some(&world.admin),
            json!({"name": "广州某某商行", "region_code": "440104"}),
        )
        .await;
    let id = business.body["id"].as_str().unwrap().to_owned();
    let account = world
        .app
        .post(
            &format!("/api/v1/businesses/{id}/users"),
            Some(&world.admin),
            json!({"login_name": "gz.shop", "display_name": "店长", "password": "shop-2024-pass"}),
        )
        .await;
    assert_eq!(account.status, StatusCode::CREATED, "{}", account.body);
    let token = world.app.access_token("gz.shop", "shop-2024-pass").await;
    (id, token)
}
