//! How the server uses its database: write transactions take turns on one
//! connection, and the embedded database plans each statement once.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::helpers::spawn_app;

#[tokio::test]
async fn write_transactions_take_turns_on_sqlite_in_the_order_they_were_asked_for() {
    let app = spawn_app().await;
    let state = app.state.clone();
    let sqlite = state.db.get_database_backend() == DbBackend::Sqlite;
    let holding = state.writer.begin().await.unwrap();

    let started = Arc::new(Mutex::new(Vec::new()));
    let mut waiting = Vec::new();
    for turn in 0..5 {
        let (state, started) = (state.clone(), started.clone());
        waiting.push(tokio::spawn(async move {
            let txn = state.writer.begin().await.unwrap();
            started.lock().unwrap().push(turn);
            txn.commit().await.unwrap();
        }));
        // Let this writer queue up (or begin) before the next one asks.
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let while_held = started.lock().unwrap().clone();
    holding.commit().await.unwrap();
    for writer in waiting {
        writer.await.unwrap();
    }

    if sqlite {
        assert_eq!(
            while_held,
            Vec::<i32>::new(),
            "SQLite has one writer at a time"
        );
    } else {
        assert_eq!(
            while_held,
            vec![0, 1, 2, 3, 4],
            "PostgreSQL's writers lock rows, not the database"
        );
    }
    assert_eq!(*started.lock().unwrap(), vec![0, 1, 2, 3, 4]);
}

#[tokio::test]
async fn the_embedded_database_keeps_each_statements_first_plan() {
    let app = spawn_app().await;
    let db = &app.state.db;
    if db.get_database_backend() != DbBackend::Sqlite {
        return;
    }

    let rows = db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA compile_options",
        ))
        .await
        .unwrap();
    let options: Vec<String> = rows
        .iter()
        .map(|row| row.try_get_by_index::<String>(0).unwrap())
        .collect();

    // Without it, every statement with `LIMIT ?` is parsed and planned again
    // on each run (see .cargo/config.toml).
    assert!(
        options.iter().any(|option| option == "ENABLE_QPSG"),
        "SQLite was built without SQLITE_ENABLE_QPSG: {options:?}"
    );
}
