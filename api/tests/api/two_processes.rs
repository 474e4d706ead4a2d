//! Two `redress` processes on one PostgreSQL database under concurrent
//! load: consumers file through both (the same `Idempotency-Key` sent to
//! each process at once), then both sides act on the same cases at the same
//! time through different processes. No complaint number repeats, no key
//! files twice, every acknowledged action is on the timeline exactly once,
//! a conflicting write is refused (409 or 412) instead of overwriting, and
//! every case's hash chain is intact.
//!
//! The embedded SQLite file belongs to one process, so on SQLite this test
//! says so and passes without running.

use std::collections::BTreeSet;
use std::sync::Arc;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::task::JoinSet;

use crate::cases::{date_in, filing, world_with};
use crate::helpers::{Reply, TestApp, spawn_app};
use crate::process::ServerProcess;

const CONSUMERS: usize = 6;
const COMPLAINTS_EACH: usize = 4;

/// The two processes, each reached through its own test app.
type Servers = [Arc<TestApp>; 2];

/// A filed case and the tokens of its parties.
#[derive(Clone)]
struct Case {
    id: String,
    number: String,
    consumer: String,
}

#[tokio::test]
async fn two_processes_on_one_database_lose_no_write_and_double_none() {
    let app = spawn_app().await;
    if !app.on_postgres() {
        eprintln!(
            "skipped: two server processes share a PostgreSQL database only; run with \
             REDRESS_TEST_DATABASE=postgres"
        );
        return;
    }
    let world = world_with(app, true).await;
    let first = ServerProcess::start(&world.app, &[]).await;
    let second = ServerProcess::start(&world.app, &[]).await;
    let servers: Servers = [
        Arc::new(world.app.aimed_at(&first.address)),
        Arc::new(world.app.aimed_at(&second.address)),
    ];

    let cases = file_through_both(&world.app, &servers, &world.business_id).await;
    let numbers: BTreeSet<&str> = cases.iter().map(|c| c.number.as_str()).collect();
    assert_eq!(numbers.len(), CONSUMERS * COMPLAINTS_EACH, "numbers repeat");
    let rows = count_complaints(&world.app).await;
    assert_eq!(rows, CONSUMERS * COMPLAINTS_EACH, "a key filed twice");

    let mut races = JoinSet::new();
    for case in cases {
        let servers = servers.clone();
        let parties = Parties {
            intake: world.intake.clone(),
            handler: world.handler.clone(),
            perform_by: date_in(&world.app, 20),
        };
        races.spawn(async move { race_on(&servers, &case, &parties).await });
    }
    let acknowledged = races.join_all().await;

    for (case, counts) in acknowledged {
        each_acknowledged_action_is_recorded_once(&servers[0], &world.intake, &case, &counts).await;
    }
}

async fn count_complaints(app: &TestApp) -> usize {
    use sea_orm::{EntityTrait, PaginatorTrait};
    api::entities::complaints::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap() as usize
}

/// Every consumer files their complaints at once, each request sent to both
/// processes at the same moment with one key: both answer with the same
/// complaint, and only one of them filed it.
async fn file_through_both(app: &TestApp, servers: &Servers, business_id: &str) -> Vec<Case> {
    let mut consumers = JoinSet::new();
    for consumer in 0..CONSUMERS {
        let token = app.consumer_token(&format!("1370000{consumer:04}")).await;
        let (servers, business_id) = (servers.clone(), business_id.to_owned());
        consumers.spawn(async move {
            let mut cases = Vec::new();
            for _ in 0..COMPLAINTS_EACH {
                cases.push(file_twice_at_once(&servers, &token, &business_id).await);
            }
            let listed = servers[consumer % 2]
                .get("/api/v1/complaints?limit=100", Some(&token))
                .await;
            assert_eq!(
                listed.body["items"].as_array().map(Vec::len),
                Some(COMPLAINTS_EACH),
                "{}",
                listed.body
            );
            cases
        });
    }
    consumers.join_all().await.into_iter().flatten().collect()
}

async fn file_twice_at_once(servers: &Servers, token: &str, business_id: &str) -> Case {
    let key = uuid::Uuid::new_v4().to_string();
    let body = filing(business_id);
    let send = |server: &TestApp| {
        server
            .client
            .post(server.url("/api/v1/complaints"))
            .bearer_auth(token)
            .header("Idempotency-Key", &key)
            .json(&body)
            .send()
    };
    let (one, other) = tokio::join!(send(&servers[0]), send(&servers[1]));
    let one = crate::helpers::reply(one.unwrap()).await;
    let other = crate::helpers::reply(other.unwrap()).await;

    let mut statuses = [one.status, other.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CREATED],
        "{} / {}",
        one.body,
        other.body
    );
    assert_eq!(one.body["id"], other.body["id"], "one key, one complaint");
    Case {
        id: one.body["id"].as_str().unwrap().to_owned(),
        number: one.body["number"].as_str().unwrap().to_owned(),
        consumer: token.to_owned(),
    }
}

/// The staff and business tokens, and when an offer is to be carried out.
struct Parties {
    intake: String,
    handler: String,
    perform_by: String,
}

/// How many times each kind of timeline entry was acknowledged.
type Counts = std::collections::BTreeMap<&'static str, usize>;

/// Acts on one case from both processes at once, step by step: two
/// acceptances of version 1, two offers on version 2, two messages, and the
/// consumer's accept and decline of the one offer without `If-Match`.
async fn race_on(servers: &Servers, case: &Case, parties: &Parties) -> (Case, Counts) {
    let (intake, handler) = (parties.intake.as_str(), parties.handler.as_str());
    let mut counts = Counts::new();
    let accept = json!({"action": "accept"});
    let won = race(
        servers,
        case,
        [(intake, &accept), (intake, &accept)],
        Some(1),
    )
    .await;
    counts.insert("accepted", won);

    let offer = json!({"action": "make_offer", "terms": "全额退款 3299 元", "amount_fen": 329900, "perform_by": parties.perform_by});
    let won = race(
        servers,
        case,
        [(handler, &offer), (handler, &offer)],
        Some(2),
    )
    .await;
    counts.insert("offer_made", won);

    let messages = post_messages(servers, case, handler).await;
    counts.insert("message", messages);

    let yes = json!({"action": "accept_offer"});
    let no = json!({"action": "decline_offer", "reason": "只同意维修", "escalate": true});
    let consumer = case.consumer.as_str();
    let won = race(servers, case, [(consumer, &yes), (consumer, &no)], None).await;
    counts.insert("offer answered", won);
    (case.clone(), counts)
}

/// Sends two actions at once, one through each process; exactly one may
/// win, the other must be refused as a conflict. Returns the winners (1).
async fn race(
    servers: &Servers,
    case: &Case,
    actions: [(&str, &Value); 2],
    version: Option<i32>,
) -> usize {
    let path = format!("/api/v1/complaints/{}/actions", case.id);
    let send = |server: &TestApp, (token, action): (&str, &Value)| {
        let mut request = server
            .client
            .post(server.url(&path))
            .bearer_auth(token)
            .json(action);
        if let Some(version) = version {
            request = request.header("If-Match", format!("\"{version}\""));
        }
        request.send()
    };
    let (one, other) = tokio::join!(send(&servers[0], actions[0]), send(&servers[1], actions[1]));
    let replies: Vec<Reply> = vec![
        crate::helpers::reply(one.unwrap()).await,
        crate::helpers::reply(other.unwrap()).await,
    ];

    let won = replies
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count();
    let refused = replies
        .iter()
        .filter(|r| {
            matches!(
                r.status,
                StatusCode::CONFLICT | StatusCode::PRECONDITION_FAILED
            )
        })
        .count();
    let statuses: Vec<_> = replies
        .iter()
        .map(|r| (r.status, r.code().to_owned()))
        .collect();
    assert_eq!((won, refused), (1, 1), "{}: {statuses:?}", case.number);
    won
}

/// The consumer and the business write at once through different
/// processes; both messages are acknowledged.
async fn post_messages(servers: &Servers, case: &Case, handler: &str) -> usize {
    let path = format!("/api/v1/complaints/{}/messages", case.id);
    let (one, other) = tokio::join!(
        servers[0].post(&path, Some(&case.consumer), json!({"body": "请尽快处理。"})),
        servers[1].post(&path, Some(handler), json!({"body": "已安排专人跟进。"})),
    );
    for reply in [&one, &other] {
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    }
    2
}

/// The timeline holds each acknowledged action exactly once, and the
/// case's hash chain is intact.
async fn each_acknowledged_action_is_recorded_once(
    server: &TestApp,
    intake: &str,
    case: &Case,
    counts: &Counts,
) {
    let path = format!("/api/v1/complaints/{}", case.id);
    let timeline = server.get(&format!("{path}/timeline"), Some(intake)).await;
    assert_eq!(timeline.status, StatusCode::OK, "{}", timeline.body);
    let kinds: Vec<&str> = timeline
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["kind"].as_str().unwrap())
        .collect();
    let times = |wanted: &[&str]| kinds.iter().filter(|k| wanted.contains(k)).count();

    assert_eq!(times(&["filed"]), 1, "{kinds:?}");
    for kind in ["accepted", "offer_made", "message"] {
        assert_eq!(
            times(&[kind]),
            counts[kind],
            "{}: {kind} in {kinds:?}",
            case.number
        );
    }
    assert_eq!(
        times(&["offer_accepted", "offer_declined"]),
        counts["offer answered"],
        "{}: {kinds:?}",
        case.number
    );

    let record = server.get(&format!("{path}/record"), Some(intake)).await;
    assert_eq!(record.status, StatusCode::OK, "{}", record.body);
    assert_eq!(record.body["chain_intact"], true, "{}", case.number);
}
