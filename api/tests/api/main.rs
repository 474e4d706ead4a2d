//! Black-box tests of the HTTP API. Each test starts its own server on a
//! random port with its own database: SQLite by default, PostgreSQL when
//! `REDRESS_TEST_DATABASE=postgres`.

mod api_keys;
mod auth;
mod cases;
mod errors;
mod evidence;
mod export;
mod figures;
mod filing;
mod health;
mod helpers;
mod inbox;
mod joining;
mod lifecycle;
mod mini_program;
mod no_leak;
mod notifications;
mod open_data;
mod openapi;
mod organisations;
mod outlets;
mod platforms;
mod policy;
mod publication;
mod publicity;
mod rate_limit;
mod records;
mod registry;
mod reply_templates;
mod search;
mod stats;
mod sweeper;
mod team;
mod visibility;
mod webhooks;
