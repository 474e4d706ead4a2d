//! Database outages: while PostgreSQL cannot be reached the API answers 503
//! with `Retry-After` within its wait, never hangs and never half-writes;
//! when the database returns, the same server recovers by itself.
//!
//! The outage is made by a TCP relay between one server and PostgreSQL that
//! the test cuts (closing every open connection and refusing new ones) and
//! restores on the same port.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use api::secrets::Secret;
use reqwest::StatusCode;
use serde_json::json;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::cases::{filing, world_with};
use crate::helpers::{Reply, TestApp, spawn_app};

/// Seconds the relayed server waits for a connection before answering 503.
const WAIT: u64 = 2;

/// A relay from a local port to PostgreSQL that can be cut and restored.
struct Relay {
    address: SocketAddr,
    upstream: SocketAddr,
    accepting: Option<JoinHandle<()>>,
    connections: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Relay {
    async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut relay = Self {
            address: listener.local_addr().unwrap(),
            upstream,
            accepting: None,
            connections: Arc::default(),
        };
        relay.accept_on(listener);
        relay
    }

    fn accept_on(&mut self, listener: TcpListener) {
        let (upstream, connections) = (self.upstream, self.connections.clone());
        self.accepting = Some(tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let pipe = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                connections.lock().unwrap().push(pipe);
            }
        }));
    }

    /// Closes every relayed connection and stops listening.
    fn cut(&mut self) {
        if let Some(accepting) = self.accepting.take() {
            accepting.abort();
        }
        for pipe in self.connections.lock().unwrap().drain(..) {
            pipe.abort();
        }
    }

    /// Listens again on the same port.
    async fn restore(&mut self) {
        let mut listener = TcpListener::bind(self.address).await;
        for _ in 0..50 {
            if listener.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            listener = TcpListener::bind(self.address).await;
        }
        self.accept_on(listener.expect("the relay's port can be bound again"));
    }
}

/// The app's PostgreSQL URL with its host and port replaced by the relay's.
fn relayed(url: &str, relay: SocketAddr) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (authority, path) = rest.split_once('/').unwrap();
    let user = authority
        .rsplit_once('@')
        .map(|(user, _)| format!("{user}@"));
    format!("{scheme}://{}{relay}/{path}", user.unwrap_or_default())
}

fn upstream_of(url: &str) -> SocketAddr {
    let rest = url.split_once("://").unwrap().1;
    let authority = rest.split_once('/').unwrap().0;
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host_port = host_port.replace("localhost", "127.0.0.1");
    host_port.parse().unwrap()
}

/// A request that must be answered, one way or the other, well within the
/// server's wait plus a margin.
async fn answered(app: &TestApp, path: &str, token: &str) -> (Reply, Duration) {
    let started = Instant::now();
    let reply = tokio::time::timeout(Duration::from_secs(WAIT + 10), app.get(path, Some(token)))
        .await
        .expect("the request was answered instead of hanging");
    (reply, started.elapsed())
}

fn assert_unavailable(reply: &Reply) {
    assert_eq!(
        reply.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        reply.body
    );
    assert_eq!(reply.code(), "service_unavailable");
    assert_eq!(reply.header("retry-after"), Some("5"));
}

#[tokio::test]
async fn an_unreachable_database_is_a_503_with_retry_after_and_the_server_recovers() {
    let app = spawn_app().await;
    if !app.on_postgres() {
        return; // The embedded database is a file in the process: it cannot go away.
    }
    let world = world_with(app, true).await;
    let upstream = upstream_of(&world.app.database_url);
    let mut relay = Relay::start(upstream).await;
    let url = relayed(&world.app.database_url, relay.address);
    let server = world
        .app
        .replica(|settings| {
            settings.database_url = Secret::new(url);
            settings.database_wait = WAIT;
        })
        .await;
    let (before, _) = answered(&server, "/api/v1/complaints", &world.consumer).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);

    relay.cut();
    let (listing, waited) = answered(&server, "/api/v1/complaints", &world.consumer).await;
    let filing_attempt = tokio::time::timeout(
        Duration::from_secs(WAIT + 10),
        server.post(
            "/api/v1/complaints",
            Some(&world.consumer),
            filing(&world.business_id),
        ),
    )
    .await
    .expect("the filing was answered instead of hanging");
    let (ready, _) = answered(&server, "/readyz", &world.consumer).await;

    assert_unavailable(&listing);
    assert_unavailable(&filing_attempt);
    assert!(waited < Duration::from_secs(WAIT + 5), "{waited:?}");
    assert_eq!(
        ready.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        ready.body
    );

    relay.restore().await;
    let recovered = recovered(&server, &world.consumer).await;
    assert_eq!(recovered.status, StatusCode::OK, "{}", recovered.body);
    assert_eq!(
        recovered.body["items"],
        json!([]),
        "the refused filing left nothing"
    );
    let filed = server
        .post(
            "/api/v1/complaints",
            Some(&world.consumer),
            filing(&world.business_id),
        )
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
}

/// Asks until the server answers from the database again (the pool drops
/// its broken connections and opens new ones), for at most 30 seconds.
async fn recovered(server: &TestApp, token: &str) -> Reply {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (reply, _) = answered(server, "/api/v1/complaints", token).await;
        if reply.status != StatusCode::SERVICE_UNAVAILABLE || Instant::now() > deadline {
            return reply;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
