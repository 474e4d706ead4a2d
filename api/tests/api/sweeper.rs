//! The deadline sweeper with several processes on one database: every due
//! deadline is applied exactly once.

use serde_json::json;

use crate::cases::world;

#[tokio::test]
async fn two_sweepers_apply_each_due_deadline_exactly_once() {
    let world = world().await;
    let mut ids = Vec::new();
    for _ in 0..8 {
        let id = world.file().await;
        world
            .step(&world.intake, &id, json!({"action": "accept"}))
            .await;
        ids.push(id);
    }
    world.app.clock.advance(chrono::Duration::days(40));

    // A second "process": the same settings and clock, its own connection pool.
    let mut other = world.app.state.clone();
    other.db = sea_orm::Database::connect(world.app.database_url.as_str())
        .await
        .unwrap();
    let (first, second) = tokio::join!(
        api::deadlines::sweeper::sweep(&world.app.state),
        api::deadlines::sweeper::sweep(&other),
    );
    let (first, second) = (first.unwrap(), second.unwrap());
    assert!(first.expired + second.expired >= 8, "{first:?} {second:?}");

    let intake = world.app.access_token("gd.intake", "staff-pass-1").await;
    for id in &ids {
        let kinds = world.timeline_kinds(&intake, id).await;
        let missed = kinds
            .iter()
            .filter(|k| *k == "reconciliation_deadline_missed")
            .count();
        assert_eq!(missed, 1, "{id}: {kinds:?}");
        let complaint = world.complaint(&intake, id).await.body;
        assert_eq!(complaint["state"], "mediating");
        assert_eq!(
            complaint["version"], 3,
            "filed, accepted, expired: no double transition"
        );
    }

    let idle = api::deadlines::sweeper::sweep(&other).await.unwrap();
    assert_eq!(idle.expired, 0);
}

#[tokio::test]
async fn a_deadline_close_at_hand_is_announced_once() {
    let world = world().await;
    let id = world.file().await;
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;

    let quiet = api::deadlines::sweeper::sweep(&world.app.state)
        .await
        .unwrap();
    let complaint = world.complaint(&world.consumer, &id).await.body;
    let due = complaint["deadlines"][1]["due_at"].as_str().unwrap();
    let due: chrono::DateTime<chrono::Utc> = due.parse().unwrap();
    use api::clock::Clock;
    world
        .app
        .clock
        .advance(due - world.app.clock.now() - chrono::Duration::hours(12));
    let first = api::deadlines::sweeper::sweep(&world.app.state)
        .await
        .unwrap();
    let second = api::deadlines::sweeper::sweep(&world.app.state)
        .await
        .unwrap();

    assert_eq!(quiet.reminded, 0);
    assert_eq!(first.reminded, 1, "{first:?}");
    assert_eq!(second.reminded, 0);
    assert_eq!(first.expired, 0);
}
