//! The redress server: a JSON REST API for consumer complaints, the SPA that
//! uses it, and its OpenAPI documentation.

pub mod accounts;
pub mod auth;
pub mod businesses;
pub mod clock;
pub mod complaints;
pub mod config;
pub mod db;
pub mod deadlines;
pub mod demo;
pub mod disclosure;
pub mod entities;
pub mod error;
pub mod evidence;
pub mod health;
pub mod http;
pub mod i18n;
pub mod jobs;
pub mod joining;
pub mod mini_program;
pub mod notifications;
pub mod open_data;
pub mod openapi;
pub mod organisations;
pub mod pagination;
pub mod policy;
pub mod routes;
pub mod search;
pub mod secrets;
pub mod spa;
pub mod startup;
pub mod state;
pub mod stats;
pub mod team;
pub mod telemetry;
pub mod webhooks;
