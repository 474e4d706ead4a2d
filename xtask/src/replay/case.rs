//! One complaint to replay, as the sources give it, and where its record says
//! it ended.

use chrono::{DateTime, Duration, Utc};
use shared::cases::{Channel, Demand};
use shared::complaints::{ComplaintState, Outcome};

/// A complaint from a source, mapped onto the platform's terms.
#[derive(Clone, Debug)]
pub struct SourceCase {
    /// `cfpb-1342794`, `shopping-2101`, `waimai-17`: also its idempotency key.
    pub source_id: String,
    pub filed_at: DateTime<Utc>,
    pub consumer: ConsumerKey,
    pub business: BusinessKey,
    pub region_code: String,
    pub category_code: String,
    pub nature_code: String,
    pub channel: Channel,
    pub channel_platform: Option<String>,
    /// At most 5,000 characters; the rest of a longer text is in `continued`.
    pub description: String,
    /// What did not fit in the description, sent as the consumer's messages.
    pub continued: Vec<String>,
    pub demands: Vec<Demand>,
    pub other_demand: Option<String>,
    pub consent_to_publish: bool,
    pub path: CasePath,
    /// The business's public reply, posted once the complaint is published.
    pub public_response: Option<String>,
}

/// Which consumer account files it: one per index within its pool.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConsumerKey {
    pub pool: String,
    pub index: u32,
}

/// The business complained about, by the name the replay registers.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BusinessKey {
    pub name: String,
    pub credit_code: Option<String>,
    pub region_code: String,
    pub member: bool,
}

/// How the case went, as its source record says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CasePath {
    pub end: End,
    /// The business let the reconciliation deadline pass without settling.
    pub overdue: bool,
    /// Money in the settlement, in fen.
    pub amount_fen: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// Not accepted (不予受理).
    Rejected,
    /// The consumer withdrew after acceptance.
    Withdrawn,
    /// Still open when the record was taken.
    Open,
    /// Settled between the parties: an offer accepted and carried out.
    Reconciled,
    /// Settled in mediation: an agreement carried out.
    Agreement,
    /// Mediation ended without agreement.
    MediationFailed,
}

impl CasePath {
    /// The state and outcome the case must end in.
    pub fn expected(&self) -> Expected {
        match self.end {
            End::Rejected => Expected::Closed(Outcome::Rejected),
            End::Withdrawn => Expected::Closed(Outcome::Withdrawn),
            End::Open => Expected::Open,
            End::Reconciled | End::Agreement => Expected::Closed(Outcome::Resolved),
            End::MediationFailed => Expected::Closed(Outcome::MediationFailed),
        }
    }
}

/// Where a replayed case must stand at the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    Closed(Outcome),
    /// Any state before closing.
    Open,
}

impl Expected {
    pub fn holds(&self, state: ComplaintState, outcome: Option<Outcome>) -> bool {
        match self {
            Self::Closed(expected) => state == ComplaintState::Closed && outcome == Some(*expected),
            Self::Open => state != ComplaintState::Closed,
        }
    }
}

/// The days after filing on which the case takes its steps; the driver
/// decides each step from the case's state when the day comes.
pub fn step_days(case: &SourceCase, seed: u64) -> Vec<i64> {
    let jitter = |n: u64| ((seed >> (n * 3)) % 3) as i64;
    let mut days = vec![1 + jitter(0)];
    let accepted = days[0];
    let push_after = |gap: i64, days: &mut Vec<i64>| {
        let last = *days.last().unwrap_or(&accepted);
        days.push(last + gap);
    };
    if case.path.overdue {
        // Past the reconciliation deadline (10 working days, holidays included).
        push_after(30, &mut days);
    }
    let steps = match case.path.end {
        End::Rejected | End::Open => 0,
        End::Withdrawn => 1,
        End::Reconciled => 4,
        End::Agreement => 5,
        End::MediationFailed => 3,
    };
    for n in 0..steps {
        push_after(1 + jitter(n + 1), &mut days);
    }
    if case.public_response.is_some() {
        push_after(1, &mut days);
    }
    days
}

/// When each step happens: the filing time plus whole days, at 10:00 China time.
pub fn step_times(case: &SourceCase, seed: u64) -> Vec<DateTime<Utc>> {
    let day_start = case
        .filed_at
        .date_naive()
        .and_hms_opt(2, 0, 0)
        .unwrap_or_default()
        .and_utc();
    step_days(case, seed)
        .into_iter()
        .map(|days| day_start + Duration::days(days))
        .collect()
}

/// A stable hash of a source id, for the choices the sources do not make.
pub fn seed(source_id: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in source_id.bytes() {
        hash ^= byte as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
