//! The inbox of notifications and their live event stream, on one server and,
//! on PostgreSQL, across two replicas.

use std::time::Duration;

use api::clock::Clock;
use api::entities::notifications;
use api::i18n::Text;
use api::notifications::{Notice, notify};
use reqwest::{Method, StatusCode};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ConnectionTrait, Database, DbBackend, EntityTrait, PaginatorTrait, Statement, TransactionTrait,
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

/// The longest a test waits for anything it expects from the server.
const PATIENCE: Duration = Duration::from_secs(10);

/// Long enough that, within a test, a stream never re-reads on its own: what
/// it delivers was woken.
const NEVER: u64 = 3600;

struct Person {
    id: Uuid,
    token: String,
}

async fn consumer(app: &TestApp, phone: &str) -> Person {
    let token = app.consumer_token(phone).await;
    let me = app.get("/api/v1/me", Some(&token)).await;
    Person {
        id: me.body["id"].as_str().unwrap().parse().unwrap(),
        token,
    }
}

fn notice(zh: &str, en: &str) -> Notice<'static> {
    Notice {
        complaint_id: None,
        kind: "complaint_accepted",
        title: Text::new(zh, en),
    }
}

/// Writes a notification as the case code does, then wakes the server's streams.
async fn tell(app: &TestApp, user: Uuid, title: &str) {
    let notice = notice(&format!("{title}（中文）"), title);
    notify(&app.state.db, &[user], &notice, app.clock.now())
        .await
        .expect("the notification is written");
    app.state.events.wake(&[user]);
}

async fn inbox(app: &TestApp, token: &str, query: &str) -> Value {
    let reply = app
        .get(&format!("/api/v1/notifications{query}"), Some(token))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body
}

async fn inbox_in(app: &TestApp, token: &str, language: &str) -> Value {
    let response = app
        .client
        .get(app.url("/api/v1/notifications"))
        .bearer_auth(token)
        .header("Accept-Language", language)
        .send()
        .await
        .unwrap();
    response.json().await.unwrap()
}

fn titles(inbox: &Value) -> Vec<String> {
    inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["title"].as_str().unwrap().to_owned())
        .collect()
}

fn ids(inbox: &Value) -> Vec<i64> {
    inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_i64().unwrap())
        .collect()
}

async fn mark_read(app: &TestApp, token: &str, id: i64) -> StatusCode {
    let path = format!("/api/v1/notifications/{id}/read");
    app.send(Method::PUT, &path, Some(token), None).await.status
}

#[tokio::test]
async fn the_inbox_lists_the_callers_own_notifications_newest_first() {
    let app = spawn_app().await;
    let wang = consumer(&app, "13800138000").await;
    let li = consumer(&app, "13900139000").await;
    for title in ["accepted", "offer made", "offer accepted"] {
        tell(&app, wang.id, title).await;
    }
    tell(&app, li.id, "for li").await;

    let wangs = inbox(&app, &wang.token, "").await;
    let lis = inbox(&app, &li.token, "").await;

    assert_eq!(
        titles(&wangs),
        vec![
            "offer accepted（中文）",
            "offer made（中文）",
            "accepted（中文）"
        ]
    );
    assert_eq!(wangs["unread_count"], 3);
    assert!(wangs["items"][0]["read_at"].is_null());
    assert_eq!(wangs["items"][0]["kind"], "complaint_accepted");
    assert_eq!(titles(&lis), vec!["for li（中文）"]);
}

#[tokio::test]
async fn titles_come_in_the_language_the_caller_prefers() {
    let app = spawn_app().await;
    let wang = consumer(&app, "13800138000").await;
    tell(&app, wang.id, "Your complaint was accepted").await;

    let english = inbox_in(&app, &wang.token, "en-GB,en;q=0.9").await;
    let chinese = inbox_in(&app, &wang.token, "zh-CN,zh;q=0.9,en;q=0.5").await;

    assert_eq!(titles(&english), vec!["Your complaint was accepted"]);
    assert_eq!(
        titles(&chinese),
        vec!["Your complaint was accepted（中文）"]
    );
}

#[tokio::test]
async fn the_inbox_pages_through_with_a_cursor() {
    let app = spawn_app().await;
    let wang = consumer(&app, "13800138000").await;
    for n in 1..=5 {
        tell(&app, wang.id, &format!("update {n}")).await;
    }

    let mut pages = Vec::new();
    let mut query = "?limit=2".to_owned();
    loop {
        let page = inbox(&app, &wang.token, &query).await;
        let next = page["next_cursor"].as_str().map(str::to_owned);
        pages.push(page);
        match next {
            Some(cursor) => query = format!("?limit=2&cursor={cursor}"),
            None => break,
        }
    }

    let sizes: Vec<usize> = pages.iter().map(|page| ids(page).len()).collect();
    let all: Vec<i64> = pages.iter().flat_map(ids).collect();
    assert_eq!(sizes, vec![2, 2, 1]);
    assert!(all.windows(2).all(|pair| pair[0] > pair[1]), "{all:?}");
    assert!(pages.iter().all(|page| page["unread_count"] == 5));
}

#[tokio::test]
async fn a_cursor_from_elsewhere_is_refused() {
    let app = spawn_app().await;
    let wang = consumer(&app, "13800138000").await;

    let reply = app
        .get(
            "/api/v1/notifications?cursor=bm90LWFuLWlk",
            Some(&wang.token),
        )
        .await;

    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.field_codes(),
        vec![("cursor".to_owned(), "invalid_format".to_owned())]
    );
}

#[tokio::test]
async fn a_notification_marked_read_leaves_the_unread_filter() {
    let app = spawn_app().await;
    let wang = consumer(&app, "13800138000").await;
    for title in ["first", "second", "third"] {
        tell(&app, wang.id, title).await;
    }
    let second = ids(&inbox(&app, &wang.token, "").await)[1];

    let marked = mark_read(&app, &wang.token, second).await;
    let first_read_at = inbox(&app, &wang.token, "").await["items"][1]["read_at"].clone();
    app.clock.advance(chrono::Duration::minutes(5));
    let marked_again = mark_read(&app, &wang.token, second).await;

    let unread = inbox(&app, &wang.token, "?unread=true").await;
    let everything = inbox(&app, &wang.token, "").await;
    assert_eq!(marked, StatusCode::NO_CONTENT);
    assert_eq!(marked_again, StatusCode::NO_CONTENT);
    assert_eq!(titles(&unread), vec!["third（中文）", "first（中文）"]);
    assert_eq!(unread["unread_count"], 2);
    assert!(first_read_at.is_string());
    assert_eq!(everything["items"][1]["read_at"], first_read_at);
    assert!(everything["items"][0]["read_at"].is_null());
}

#[tokio::test]
async fn read_all_marks_only_the_callers_notifications_read() {
    let app = spawn_app().await;
    let wang = consumer(&app, "13800138000").await;
    let li = consumer(&app, "13900139000").await;
    tell(&app, wang.id, "one").await;
    tell(&app, wang.id, "two").await;
    tell(&app, li.id, "li's").await;

    let reply = app
        .post(
            "/api/v1/notifications/read-all",
            Some(&wang.token),
            json!({}),
        )
        .await;

    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(inbox(&app, &wang.token, "").await["unread_count"], 0);
    assert!(ids(&inbox(&app, &wang.token, "?unread=true").await).is_empty());
    assert_eq!(inbox(&app, &li.token, "").await["unread_count"], 1);
}

#[tokio::test]
async fn someone_elses_or_an_unknown_notification_is_not_found() {
    let app = spawn_app().await;
    let wang = consumer(&app, "13800138000").await;
    let li = consumer(&app, "13900139000").await;
    tell(&app, li.id, "li's").await;
    let lis = ids(&inbox(&app, &li.token, "").await)[0];

    let reply = app
        .send(
            Method::PUT,
            &format!("/api/v1/notifications/{lis}/read"),
            Some(&wang.token),
            None,
        )
        .await;
    let unknown = mark_read(&app, &wang.token, lis + 1000).await;

    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.code(), "not_found");
    assert_eq!(unknown, StatusCode::NOT_FOUND);
    assert_eq!(inbox(&app, &li.token, "").await["unread_count"], 1);
}

#[tokio::test]
async fn one_notice_reaches_hundreds_of_recipients() {
    let app = spawn_app().await;
    let recipients: Vec<Uuid> = (0..450).map(|_| Uuid::now_v7()).collect();

    let txn = app.state.db.begin().await.unwrap();
    notify(
        &txn,
        &recipients,
        &notice("新进展", "News"),
        app.clock.now(),
    )
    .await
    .expect("every recipient fits in the notification payloads");
    txn.commit().await.unwrap();

    let written = notifications::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(written, 450);
}

/// A client of `/events` that reads one block (event or comment) at a time.
struct EventStream {
    response: reqwest::Response,
    buffer: Vec<u8>,
}

impl EventStream {
    async fn open(app: &TestApp, token: &str, last_event_id: Option<i64>) -> Self {
        let mut request = app
            .client
            .get(app.url("/api/v1/events"))
            .bearer_auth(token)
            .header("Accept-Language", "en");
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id.to_string());
        }
        Self::send(request).await
    }

    /// Opens the stream as a browser's `EventSource` does: the token in the
    /// address, no headers of ours.
    async fn open_in_browser(app: &TestApp, token: &str) -> Self {
        let address = app.url(&format!("/api/v1/events?access_token={token}"));
        Self::send(app.client.get(address)).await
    }

    async fn send(request: reqwest::RequestBuilder) -> Self {
        let response = tokio::time::timeout(PATIENCE, request.send())
            .await
            .expect("the stream opens in time")
            .expect("the request reaches the server");
        assert_eq!(response.status(), StatusCode::OK);
        Self {
            response,
            buffer: Vec::new(),
        }
    }

    /// The next block, or `None` once the server has ended the stream.
    async fn next_block(&mut self) -> Option<String> {
        loop {
            if let Some(end) = self.buffer.windows(2).position(|pair| pair == b"\n\n") {
                let block: Vec<u8> = self.buffer.drain(..end + 2).collect();
                return Some(String::from_utf8(block).unwrap().trim_end().to_owned());
            }
            let chunk = tokio::time::timeout(PATIENCE, self.response.chunk())
                .await
                .expect("the stream says something in time")
                .expect("the stream reads cleanly")?;
            self.buffer.extend_from_slice(&chunk);
        }
    }

    /// The next notification event's data, skipping comments and `retry:`.
    async fn next_notification(&mut self) -> Value {
        loop {
            let block = self.next_block().await.expect("the stream is still open");
            if let Some(notification) = notification(&block) {
                return notification;
            }
        }
    }

    /// Waits for the next heartbeat comment.
    async fn heartbeat(&mut self) {
        while let Some(block) = self.next_block().await {
            if block.starts_with(':') {
                return;
            }
        }
        panic!("the stream ended before a heartbeat");
    }
}

/// The data of a `notification` event, checked against its `id:`.
fn notification(block: &str) -> Option<Value> {
    let field = |name: &str| {
        block
            .lines()
            .find_map(|line| line.strip_prefix(&format!("{name}: ")))
    };
    if field("event")? != "notification" {
        return None;
    }
    let data: Value = serde_json::from_str(field("data")?).unwrap();
    assert_eq!(field("id"), Some(data["id"].to_string().as_str()));
    Some(data)
}

#[tokio::test]
async fn an_open_stream_receives_the_callers_new_notifications() {
    let app = spawn_app_with(|settings| settings.event_recheck_interval = NEVER).await;
    let wang = consumer(&app, "13800138000").await;
    let li = consumer(&app, "13900139000").await;
    tell(&app, wang.id, "before the stream opened").await;

    let mut stream = EventStream::open(&app, &wang.token, None).await;
    tell(&app, li.id, "for li").await;
    tell(&app, wang.id, "Your complaint was accepted").await;
    let event = stream.next_notification().await;

    let headers = stream.response.headers();
    assert_eq!(headers["content-type"], "text/event-stream");
    assert_eq!(headers["cache-control"], "no-cache");
    assert_eq!(headers["x-accel-buffering"], "no");
    assert_eq!(event["title"], "Your complaint was accepted");
    assert_eq!(event["kind"], "complaint_accepted");
    assert_eq!(event["id"], ids(&inbox(&app, &wang.token, "").await)[0]);
}

#[tokio::test]
async fn resuming_after_an_event_id_sends_exactly_the_missed_notifications() {
    let app = spawn_app_with(|settings| settings.event_recheck_interval = NEVER).await;
    let wang = consumer(&app, "13800138000").await;
    for title in ["one", "two", "three", "four"] {
        tell(&app, wang.id, title).await;
    }
    let two = ids(&inbox(&app, &wang.token, "").await)[2];

    let mut stream = EventStream::open(&app, &wang.token, Some(two)).await;
    let missed = [
        stream.next_notification().await,
        stream.next_notification().await,
    ];
    tell(&app, wang.id, "five").await;
    let next = stream.next_notification().await;

    assert_eq!(missed[0]["title"], "three");
    assert_eq!(missed[1]["title"], "four");
    assert_eq!(next["title"], "five");
}

#[tokio::test]
async fn a_browser_opens_the_stream_with_its_token_in_the_address() {
    let app = spawn_app_with(|settings| settings.event_recheck_interval = NEVER).await;
    let wang = consumer(&app, "13800138000").await;

    let mut stream = EventStream::open_in_browser(&app, &wang.token).await;
    tell(&app, wang.id, "Your complaint was accepted").await;
    let event = stream.next_notification().await;

    // No Accept-Language either: the title comes in Chinese.
    assert_eq!(event["title"], "Your complaint was accepted（中文）");
}

#[tokio::test]
async fn a_stream_without_a_valid_token_is_refused_with_a_problem() {
    let app = spawn_app().await;
    let wang = consumer(&app, "13800138000").await;
    let events = app.url("/api/v1/events");
    let with_token = format!("{events}?access_token={}", wang.token);

    let nothing = app.client.get(&events).send().await.unwrap();
    let forged = app
        .client
        .get(format!("{events}?access_token=not-a-token"))
        .send()
        .await
        .unwrap();
    let header_wins = app
        .client
        .get(&with_token)
        .bearer_auth("not-a-token")
        .send()
        .await
        .unwrap();

    for response in [nothing, forged, header_wins] {
        let reply = crate::helpers::reply(response).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(reply.body["code"], "unauthenticated");
    }
}

#[tokio::test]
async fn a_last_event_id_that_is_not_an_id_is_refused() {
    let app = spawn_app().await;
    let wang = consumer(&app, "13800138000").await;

    let response = app
        .client
        .get(app.url("/api/v1/events"))
        .bearer_auth(&wang.token)
        .header("Last-Event-ID", "yesterday")
        .send()
        .await
        .unwrap();

    let reply = crate::helpers::reply(response).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.field_codes(),
        vec![("Last-Event-ID".to_owned(), "invalid_format".to_owned())]
    );
}

#[tokio::test]
async fn a_notification_whose_wake_was_lost_arrives_at_the_next_re_check() {
    let app = spawn_app_with(|settings| settings.event_recheck_interval = 1).await;
    let wang = consumer(&app, "13800138000").await;
    let mut stream = EventStream::open(&app, &wang.token, None).await;

    // Written without `notify`: no wake, and on PostgreSQL no NOTIFY either.
    notifications::Entity::insert(notifications::ActiveModel {
        id: NotSet,
        user_id: Set(wang.id),
        complaint_id: Set(None),
        kind: Set("complaint_accepted".to_owned()),
        title_zh: Set("无人唤醒".to_owned()),
        title_en: Set("Nobody woke the stream".to_owned()),
        created_at: Set(app.clock.now()),
        read_at: Set(None),
        sent_at: Set(None),
    })
    .exec(&app.state.db)
    .await
    .unwrap();
    let event = stream.next_notification().await;

    assert_eq!(event["title"], "Nobody woke the stream");
}

#[tokio::test]
async fn a_stream_ends_when_its_login_session_ends() {
    let app = spawn_app_with(|settings| settings.event_heartbeat_interval = 1).await;
    let wang = consumer(&app, "13800138000").await;
    let mut stream = EventStream::open(&app, &wang.token, None).await;
    stream.heartbeat().await;

    let logout = app
        .post("/api/v1/auth/logout", Some(&wang.token), json!({}))
        .await;
    let mut blocks_after_logout = 0;
    while stream.next_block().await.is_some() {
        blocks_after_logout += 1;
        assert!(blocks_after_logout < 10, "the stream outlived its session");
    }

    assert_eq!(logout.status, StatusCode::NO_CONTENT);
    let again = app.get("/api/v1/events", Some(&wang.token)).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn streams_end_when_the_server_stops() {
    let app = spawn_app().await;
    let wang = consumer(&app, "13800138000").await;
    let mut stream = EventStream::open(&app, &wang.token, None).await;
    stream
        .next_block()
        .await
        .expect("the stream opens with `retry:`");

    app.state.events.stop();

    assert_eq!(stream.next_block().await, None);
}

/// Writes a notification on a connection of its own, as another process
/// would, and wakes no hub: only listeners hear of it.
async fn tell_from_elsewhere(app: &TestApp, user: Uuid, title: &str) {
    let elsewhere = Database::connect(&app.database_url).await.unwrap();
    let txn = elsewhere.begin().await.unwrap();
    let notice = notice(&format!("{title}（中文）"), title);
    notify(&txn, &[user], &notice, app.clock.now())
        .await
        .unwrap();
    txn.commit().await.unwrap();
    elsewhere.close().await.unwrap();
}

#[tokio::test]
async fn a_notification_committed_through_one_replica_reaches_a_stream_on_another() {
    let app = spawn_app_with(|settings| settings.event_recheck_interval = NEVER).await;
    if !app.on_postgres() {
        return; // Replicas share a database only on PostgreSQL.
    }
    let replica = app.replica(|_| {}).await;
    let wang = consumer(&app, "13800138000").await;
    let mut stream = EventStream::open(&replica, &wang.token, None).await;

    tell_from_elsewhere(&app, wang.id, "A mediator was assigned").await;
    let event = stream.next_notification().await;

    assert_eq!(event["title"], "A mediator was assigned");
}

#[tokio::test]
async fn the_listener_reconnects_after_losing_its_connection() {
    let app = spawn_app_with(|settings| settings.event_recheck_interval = NEVER).await;
    if !app.on_postgres() {
        return; // The listener runs only on PostgreSQL.
    }
    let wang = consumer(&app, "13800138000").await;
    let mut stream = EventStream::open(&app, &wang.token, None).await;
    tell_from_elsewhere(&app, wang.id, "before").await;
    let before = stream.next_notification().await;

    let terminated = app
        .state
        .db
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND query LIKE 'LISTEN%'",
        ))
        .await
        .unwrap();
    tell_from_elsewhere(&app, wang.id, "after").await;
    let after = stream.next_notification().await;

    assert_eq!(before["title"], "before");
    assert_eq!(terminated.len(), 1, "one listener connection");
    assert_eq!(after["title"], "after");
}

#[tokio::test]
async fn a_lower_id_committed_after_a_higher_one_is_still_delivered() {
    let app = spawn_app_with(|settings| settings.event_recheck_interval = NEVER).await;
    if !app.on_postgres() {
        return; // SQLite has one writer at a time, so ids commit in order.
    }
    let wang = consumer(&app, "13800138000").await;
    let mut stream = EventStream::open(&app, &wang.token, None).await;
    let db = Database::connect(&app.database_url).await.unwrap();

    let slow = db.begin().await.unwrap();
    notify(&slow, &[wang.id], &notice("慢", "slow"), app.clock.now())
        .await
        .unwrap();
    let quick = db.begin().await.unwrap();
    notify(&quick, &[wang.id], &notice("快", "quick"), app.clock.now())
        .await
        .unwrap();
    quick.commit().await.unwrap();
    app.state.events.wake(&[wang.id]);
    let first = stream.next_notification().await;
    slow.commit().await.unwrap();
    app.state.events.wake(&[wang.id]);
    let second = stream.next_notification().await;

    assert_eq!(first["title"], "quick");
    assert_eq!(second["title"], "slow");
    assert!(second["id"].as_i64() < first["id"].as_i64());
}

/// Records what would have gone out by SMS or e-mail.
#[derive(Default)]
struct RecordingSender(std::sync::Mutex<Vec<api::notifications::Message>>);

impl api::notifications::MessageSender for RecordingSender {
    fn send<'a>(
        &'a self,
        message: &'a api::notifications::Message,
    ) -> api::notifications::sender::BoxFuture<'a, anyhow::Result<()>> {
        self.0.lock().unwrap().push(message.clone());
        Box::pin(async { Ok(()) })
    }
}

#[tokio::test]
async fn important_notices_reach_the_consumers_phone_once() {
    let world = crate::cases::world().await;
    let id = world.file().await;
    world
        .step(&world.intake, &id, serde_json::json!({"action": "accept"}))
        .await;

    let recorder = std::sync::Arc::new(RecordingSender::default());
    let mut state = world.app.state.clone();
    state.sender = recorder.clone();
    while api::notifications::dispatch::send_pending(&state)
        .await
        .unwrap()
        > 0
    {}
    while api::notifications::dispatch::send_pending(&state)
        .await
        .unwrap()
        > 0
    {}

    let sent = recorder.0.lock().unwrap().clone();
    assert_eq!(
        sent.len(),
        1,
        "filing stays in the inbox; acceptance is texted: {sent:?}"
    );
    assert_eq!(sent[0].to, "13800138000");
    assert!(sent[0].body.contains("已受理"), "{sent:?}");
}
