//! What every handler can reach: settings, the database, the token keys, the clock, the
//! working-day calendar, the evidence store, the event hub and the public
//! endpoints' rate limit and the mini-program platforms.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::tokens::TokenKeys;
use crate::classify::Suggester;
use crate::clock::Clock;
use crate::config::Settings;
use crate::db::Writer;
use crate::deadlines::WorkingDayCalendar;
use crate::evidence::EvidenceStore;
use crate::http::rate_limit::RateLimiter;
use crate::mini_program::MiniPrograms;
use crate::notifications::{EventHub, MessageSender};

#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub db: DatabaseConnection,
    /// Where write transactions begin (`state.writer.begin()`).
    pub writer: Writer,
    pub keys: Arc<TokenKeys>,
    pub clock: Arc<dyn Clock>,
    pub calendar: Arc<WorkingDayCalendar>,
    pub evidence: Arc<dyn EvidenceStore>,
    pub events: Arc<EventHub>,
    /// SMS and e-mail; the logging sender until a gateway is configured.
    pub sender: Arc<dyn MessageSender>,
    /// Requests to `/api/v1/public/…` by client address, in this process.
    pub public_limit: Arc<RateLimiter>,
    /// The mini-program platforms whose users may sign in, as configured.
    pub mini_programs: Arc<MiniPrograms>,
    /// The complaint classifier being served.
    pub classifier: Arc<Suggester>,
}
