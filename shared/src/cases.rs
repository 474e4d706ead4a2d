//! A complaint as it is filed, shown and acted on.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::complaints::{ActionKind, ComplaintState, DeadlineKind, Outcome};
use crate::{
    AssociationId, BusinessId, ComplaintId, EvidenceId, GroupComplaintId, OutletId, UserId,
};

/// How the consumer bought the goods or service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    OfflineShop,
    /// Name the platform in `channel_platform`.
    OnlinePlatform,
    Phone,
    Other,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OfflineShop => "offline_shop",
            Self::OnlinePlatform => "online_platform",
            Self::Phone => "phone",
            Self::Other => "other",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            Self::OfflineShop,
            Self::OnlinePlatform,
            Self::Phone,
            Self::Other,
        ]
        .into_iter()
        .find(|c| c.as_str() == value)
    }
}

/// What the consumer asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Demand {
    Refund,
    Replacement,
    Repair,
    Compensation,
    Apology,
    /// Described in `other_demand`.
    Other,
}

/// The business complained about: an existing record by `id`, or `name`
/// (with `region_code` and, when known, `credit_code`) for one not yet known.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BusinessChoice {
    pub id: Option<BusinessId>,
    pub name: Option<String>,
    /// Unified social credit code (18 characters, GB 32100).
    pub credit_code: Option<String>,
    pub region_code: Option<String>,
}

/// `POST /complaints`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FileComplaintRequest {
    pub business: BusinessChoice,
    /// The business's outlet it is about, from `/businesses/{id}/outlets`;
    /// an open outlet of the business chosen in `business`.
    pub outlet_id: Option<OutletId>,
    /// Where it happened (GB/T 2260 code).
    pub region_code: String,
    /// A category code from `/categories`, for example `goods.appliances.phones`.
    pub category_code: String,
    /// A nature code from `/natures`, for example `quality`.
    pub nature_code: String,
    pub purchase_date: Option<NaiveDate>,
    /// Amount paid, in fen (1 yuan = 100 fen).
    pub amount_fen: Option<i64>,
    pub order_number: Option<String>,
    pub channel: Channel,
    pub channel_platform: Option<String>,
    /// What happened: 20 to 5,000 characters.
    pub description: String,
    pub demands: Vec<Demand>,
    pub other_demand: Option<String>,
    /// The consumer agrees that the case may be published, redacted.
    pub consent_to_publish: bool,
    /// Files uploaded first with `POST /evidence`.
    #[serde(default)]
    pub evidence: Vec<EvidenceId>,
}

/// A named party of the case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartyRef<Id> {
    pub id: Id,
    pub name: String,
}

/// An offer from the business, waiting for the consumer's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Offer {
    pub terms: String,
    pub amount_fen: Option<i64>,
    /// The business will carry it out by this date.
    pub perform_by: NaiveDate,
    pub made_at: DateTime<Utc>,
}

/// What was agreed and by when the business must carry it out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agreement {
    pub terms: String,
    pub amount_fen: Option<i64>,
    pub perform_by: NaiveDate,
    /// `reconciliation` or `mediation`.
    pub reached_in: String,
    pub reached_at: DateTime<Utc>,
}

/// A deadline as the parties see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeadlineView {
    pub kind: DeadlineKind,
    pub started_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    /// Working days left (frozen while paused); 0 once due.
    pub working_days_left: u32,
    /// `running`, `met`, `missed` or `cancelled`.
    pub status: String,
    pub paused_at: Option<DateTime<Utc>>,
    pub pause_reason: Option<String>,
}

/// A complaint as one of its parties sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Complaint {
    pub id: ComplaintId,
    /// The number to read out on the phone, for example `20261204-000042-7`.
    pub number: String,
    pub state: ComplaintState,
    pub outcome: Option<Outcome>,
    pub consumer: PartyRef<UserId>,
    pub business: PartyRef<BusinessId>,
    /// The business's outlet the complaint names, if any.
    pub outlet: Option<PartyRef<OutletId>>,
    pub association: PartyRef<AssociationId>,
    pub region_code: String,
    pub category_code: String,
    pub nature_code: String,
    pub purchase_date: Option<NaiveDate>,
    pub amount_fen: Option<i64>,
    pub order_number: Option<String>,
    pub channel: Channel,
    pub channel_platform: Option<String>,
    pub description: String,
    pub demands: Vec<Demand>,
    pub other_demand: Option<String>,
    pub consent_to_publish: bool,
    pub business_was_member: bool,
    /// The business let the reconciliation deadline pass.
    pub business_missed_deadline: bool,
    pub pending_offer: Option<Offer>,
    pub agreement: Option<Agreement>,
    pub mediator_id: Option<UserId>,
    /// The group complaint (集体投诉) it belongs to, if any.
    #[serde(default)]
    pub group_id: Option<GroupComplaintId>,
    pub rating: Option<i16>,
    pub rating_comment: Option<String>,
    pub filed_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Also sent as the `ETag`; send it back in `If-Match`.
    pub version: i32,
    pub deadlines: Vec<DeadlineView>,
    /// What the caller may do now.
    pub allowed_actions: Vec<ActionKind>,
}

/// A line in a list of complaints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplaintSummary {
    pub id: ComplaintId,
    pub number: String,
    pub state: ComplaintState,
    pub outcome: Option<Outcome>,
    pub business: PartyRef<BusinessId>,
    pub outlet: Option<PartyRef<OutletId>>,
    pub category_code: String,
    pub filed_at: DateTime<Utc>,
    /// The running deadline that matters now, if any.
    pub next_due_at: Option<DateTime<Utc>>,
}

/// Filters for `GET /complaints`; each caller sees only the cases they may
/// see. The filters combine: a case is listed when it passes every one given.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct ComplaintQuery {
    pub state: Option<ComplaintState>,
    /// A category and everything below it, for example `goods.appliances`.
    pub category_code: Option<String>,
    /// Only cases with a running deadline due within this many days (0 to 365).
    #[cfg_attr(feature = "openapi", param(minimum = 0, maximum = 365))]
    pub due_within_days: Option<u32>,
    /// `true`: only cases with a running deadline already past due;
    /// `false`: only cases without one.
    pub overdue: Option<bool>,
    /// Only cases naming this outlet of the business.
    pub outlet_id: Option<OutletId>,
    /// `true`: only the cases whose mediator is the caller (association staff).
    pub assigned_to_me: Option<bool>,
    pub cursor: Option<String>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}

impl ComplaintQuery {
    /// The filters without the paging.
    pub fn filter(&self) -> ComplaintFilter {
        ComplaintFilter {
            state: self.state,
            category_code: self.category_code.clone(),
            due_within_days: self.due_within_days,
            overdue: self.overdue,
            outlet_id: self.outlet_id,
            assigned_to_me: self.assigned_to_me,
        }
    }
}

/// The filters of `GET /complaints` for its counts and its CSV export.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct ComplaintFilter {
    pub state: Option<ComplaintState>,
    /// A category and everything below it, for example `goods.appliances`.
    pub category_code: Option<String>,
    /// Only cases with a running deadline due within this many days (0 to 365).
    #[cfg_attr(feature = "openapi", param(minimum = 0, maximum = 365))]
    pub due_within_days: Option<u32>,
    /// `true`: only cases with a running deadline already past due;
    /// `false`: only cases without one.
    pub overdue: Option<bool>,
    /// Only cases naming this outlet of the business.
    pub outlet_id: Option<OutletId>,
    /// `true`: only the cases whose mediator is the caller (association staff).
    pub assigned_to_me: Option<bool>,
}

/// How many of the caller's complaints are in each state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StateCount {
    pub state: ComplaintState,
    pub count: u64,
}

/// Why the association does not accept a complaint (不予受理).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    NotConsumerDispute,
    BeforeCourtOrArbitration,
    Duplicate,
    OutsideRemit,
    InsufficientInformation,
    /// Explained in `note`.
    Other,
}

/// Why mediation ended without an agreement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MediationEnd {
    /// The business refused to take part.
    BusinessRefused,
    /// The parties could not agree.
    NoAgreement,
}

/// `POST /complaints/{id}/actions`: one step of the case. The `action` field
/// names it; the other fields belong to that action.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum ActionRequest {
    /// Intake accepts the complaint (受理).
    Accept {},
    /// Intake declines it (不予受理), with a reason from the list.
    Reject {
        reason: RejectReason,
        note: Option<String>,
    },
    /// Intake asks the consumer for more; the acceptance clock stops.
    RequestInfo { question: String },
    /// The consumer answers the request.
    AnswerInfo {
        answer: String,
        #[serde(default)]
        evidence: Vec<EvidenceId>,
    },
    /// Intake hands the case to another association (转办).
    Transfer {
        association_id: AssociationId,
        reason: String,
    },
    /// The business proposes how to settle (和解方案).
    MakeOffer {
        terms: String,
        amount_fen: Option<i64>,
        perform_by: NaiveDate,
    },
    /// The consumer accepts the pending offer; it becomes the agreement.
    AcceptOffer {},
    /// The consumer declines the pending offer; `escalate` asks for mediation
    /// now instead of waiting for another offer.
    DeclineOffer {
        reason: String,
        #[serde(default)]
        escalate: bool,
    },
    /// The mediator records the agreement both parties accepted (调解协议).
    RecordAgreement {
        terms: String,
        amount_fen: Option<i64>,
        perform_by: NaiveDate,
        consumer_agreed: bool,
        business_agreed: bool,
    },
    /// The mediator ends mediation without agreement (调解终止).
    EndMediation {
        reason: MediationEnd,
        note: Option<String>,
    },
    /// The consumer confirms the agreement was carried out.
    ConfirmPerformance {},
    /// The consumer withdraws the complaint (撤诉).
    Withdraw { reason: Option<String> },
    /// The consumer rates the closed case once, within 30 days.
    Rate { score: u8, comment: Option<String> },
}

impl ActionRequest {
    pub fn kind(&self) -> ActionKind {
        match self {
            Self::Accept {} => ActionKind::Accept,
            Self::Reject { .. } => ActionKind::Reject,
            Self::RequestInfo { .. } => ActionKind::RequestInfo,
            Self::AnswerInfo { .. } => ActionKind::AnswerInfo,
            Self::Transfer { .. } => ActionKind::Transfer,
            Self::MakeOffer { .. } => ActionKind::MakeOffer,
            Self::AcceptOffer {} => ActionKind::AcceptOffer,
            Self::DeclineOffer { .. } => ActionKind::DeclineOffer,
            Self::RecordAgreement { .. } => ActionKind::RecordAgreement,
            Self::EndMediation { .. } => ActionKind::EndMediation,
            Self::ConfirmPerformance {} => ActionKind::ConfirmPerformance,
            Self::Withdraw { .. } => ActionKind::Withdraw,
            Self::Rate { .. } => ActionKind::Rate,
        }
    }
}

/// Who may read a timeline entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Anyone, once the case is published.
    Public,
    /// The consumer, the business and the association.
    Parties,
    /// The consumer and the association.
    Consumer,
    /// The business and the association.
    Business,
    /// Association staff only (internal notes).
    Association,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Parties => "parties",
            Self::Consumer => "consumer",
            Self::Business => "business",
            Self::Association => "association",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            Self::Public,
            Self::Parties,
            Self::Consumer,
            Self::Business,
            Self::Association,
        ]
        .into_iter()
        .find(|v| v.as_str() == value)
    }
}

/// One event of the case, as stored in its hash chain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    pub sequence: i64,
    /// For example `filed`, `accepted`, `offer_made`, `message`, `deadline_missed`.
    pub kind: String,
    pub actor_id: Option<UserId>,
    /// `consumer`, `business`, `intake`, `mediator` or `system`.
    pub actor_role: String,
    pub visibility: Visibility,
    pub created_at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub payload: Value,
    pub previous_hash: String,
    pub hash: String,
}

/// The whole case record for export, with the result of checking its chain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseRecord {
    pub complaint_id: ComplaintId,
    pub number: String,
    pub exported_at: DateTime<Utc>,
    /// Every entry of the case, internal ones included (staff export only).
    pub entries: Vec<TimelineEntry>,
    /// True when every entry matches its hash and links to the one before.
    pub chain_intact: bool,
    /// Where the chain first breaks, when it does.
    pub chain_break: Option<String>,
}

/// `POST /complaints/{id}/messages`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PostMessageRequest {
    pub body: String,
    /// Staff only: an internal note the consumer and business never see.
    #[serde(default)]
    pub internal: bool,
    #[serde(default)]
    pub evidence: Vec<EvidenceId>,
}

/// A message on a case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    pub sequence: i64,
    pub author_id: Option<UserId>,
    pub author_role: String,
    pub body: String,
    pub internal: bool,
    pub evidence: Vec<EvidenceId>,
    pub created_at: DateTime<Utc>,
}

/// `PUT /complaints/{id}/mediator`: intake staff or the association's admin
/// hand a case in mediation to another mediator of the association.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssignMediatorRequest {
    /// An active staff member of the handling association with the mediator role.
    pub mediator_id: UserId,
}

/// A mediator who can take a case, with how many cases they mediate now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MediatorChoice {
    pub id: UserId,
    pub display_name: String,
    /// Cases of the association in mediation with this mediator now.
    pub cases_in_mediation: u64,
    /// Whether this mediator has the case now.
    pub current: bool,
}

/// `POST /complaints/{id}/mediation-sessions`: the mediator sets a time for
/// the parties to meet (in person, by phone or online).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScheduleSessionRequest {
    pub starts_at: DateTime<Utc>,
    /// Where or how: an address, a phone conference, a video link.
    pub place: String,
    pub note: Option<String>,
}
