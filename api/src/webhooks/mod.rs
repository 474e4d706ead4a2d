//! Webhooks: a member business's systems hear of changes to its cases by
//! signed HTTP POSTs. Events are queued in an outbox inside the transaction
//! of the change (`events`, `outbox`), a worker in every API process sends
//! them in order per case with retries (`delivery`), every address is
//! checked against server-side request forgery (`guard`), and the business
//! manages its webhooks and reads their delivery log (`endpoints`,
//! `deliveries`). `docs` puts the payload in the OpenAPI document.

pub mod deliveries;
pub mod delivery;
pub mod docs;
pub mod endpoints;
pub mod events;
pub mod guard;
pub mod outbox;
pub mod signing;
