//! What every handler can reach: settings, the database, the token keys and the clock.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::tokens::TokenKeys;
use crate::clock::Clock;
use crate::config::Settings;

#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub db: DatabaseConnection,
    pub keys: Arc<TokenKeys>,
    pub clock: Arc<dyn Clock>,
}
