//! Publication (阳光公开): the disclosure rules of an association, what the
//! public sees of a published complaint, public search, and the consumer's
//! preview and consent.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::cases::Demand;
use crate::complaints::{ComplaintState, DeadlineKind, Outcome};
use crate::{BusinessId, ComplaintId};

/// When an association publishes complaints. Every rule is on by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisclosureRules {
    /// Publish a complaint against a business that is not a member when it is accepted.
    pub publish_non_members_on_acceptance: bool,
    /// Publish a complaint when its member business lets the reconciliation deadline pass.
    pub publish_missed_deadlines: bool,
    /// Publish any other complaint when it closes resolved, after failed mediation or
    /// unperformed, if the consumer consented (rejected and withdrawn ones stay private).
    pub publish_closed_with_consent: bool,
}

impl Default for DisclosureRules {
    fn default() -> Self {
        Self {
            publish_non_members_on_acceptance: true,
            publish_missed_deadlines: true,
            publish_closed_with_consent: true,
        }
    }
}

/// Which rule published a complaint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PublicationReason {
    /// Accepted against a business that has not joined the platform.
    NonMemberAccepted,
    /// The member business let the reconciliation deadline pass.
    DeadlineMissed,
    /// Closed, and the consumer consented to publication.
    ClosedWithConsent,
}

impl PublicationReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NonMemberAccepted => "non_member_accepted",
            Self::DeadlineMissed => "deadline_missed",
            Self::ClosedWithConsent => "closed_with_consent",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            Self::NonMemberAccepted,
            Self::DeadlineMissed,
            Self::ClosedWithConsent,
        ]
        .into_iter()
        .find(|reason| reason.as_str() == value)
    }
}

/// One stage a published complaint went through, and when it began.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stage {
    /// The timeline step: `filed`, `accepted`, `offer_accepted`,
    /// `reconciliation_deadline_missed`, `agreement_recorded`, `mediation_ended`,
    /// `performance_confirmed`, `agreement_not_performed`, `withdrawn`, `published`…
    pub step: String,
    pub at: DateTime<Utc>,
}

/// A deadline of a published complaint, and whether it was met.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicDeadline {
    pub kind: DeadlineKind,
    pub due_at: DateTime<Utc>,
    /// `running`, `met`, `missed` or `cancelled`.
    pub status: String,
}

/// What the business answered on the case, redacted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicReply {
    /// `offer` (a settlement it proposed) or `message`.
    pub kind: String,
    pub text: String,
    pub at: DateTime<Utc>,
}

/// The business's one public comment on a published complaint, redacted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessComment {
    pub text: String,
    pub at: DateTime<Utc>,
}

/// A published complaint as anyone sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicComplaint {
    pub number: String,
    pub business_id: BusinessId,
    pub business_name: String,
    pub association_name: String,
    pub region_code: String,
    pub category_code: String,
    pub nature_code: String,
    pub demands: Vec<Demand>,
    /// The demand described in words when `demands` holds `other`, redacted.
    pub other_demand: Option<String>,
    /// The consumer's description with personal information replaced by placeholders.
    pub description: String,
    pub state: ComplaintState,
    pub outcome: Option<Outcome>,
    pub filed_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub stages: Vec<Stage>,
    pub deadlines: Vec<PublicDeadline>,
    /// `true` when no deadline was missed, `false` when one was, absent while none ended.
    pub deadline_met: Option<bool>,
    pub replies: Vec<PublicReply>,
    pub business_comment: Option<BusinessComment>,
    /// What the consumer got back, in fen, when an agreement was carried out.
    pub amount_recovered_fen: Option<i64>,
    pub reason: PublicationReason,
    pub published_at: DateTime<Utc>,
}

/// One hit of public search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicComplaintHit {
    pub number: String,
    pub business_id: BusinessId,
    pub business_name: String,
    pub region_code: String,
    pub category_code: String,
    pub nature_code: String,
    pub state: ComplaintState,
    pub outcome: Option<Outcome>,
    pub deadline_met: Option<bool>,
    pub filed_at: DateTime<Utc>,
    pub published_at: DateTime<Utc>,
    /// Up to 120 characters of the description around the first match.
    pub snippet: String,
    /// Where the query's words occur in `snippet`: `[start, end)` in characters.
    pub highlights: Vec<[usize; 2]>,
}

/// How to order public search results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PublicSort {
    /// Best match first (the default when `q` is given), among the newest
    /// 1,000 matches when there are more: BM25, so more mentions of the
    /// words in a shorter text rank higher, and rarer words weigh more.
    /// Equal scores come newest first.
    Relevance,
    /// Newest publication first (the default without `q`).
    #[default]
    Newest,
    /// Oldest publication first.
    Oldest,
}

/// Query parameters of `GET /public/complaints`. The filters combine.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct PublicSearchQuery {
    /// Words to find, in Chinese or English (at most 100 characters).
    pub q: Option<String>,
    pub business_id: Option<BusinessId>,
    /// A category and everything below it, for example `goods.appliances`.
    pub category_code: Option<String>,
    pub nature_code: Option<String>,
    /// A province (`440000`), city (`440300`) or district (`440305`).
    pub region_code: Option<String>,
    pub state: Option<ComplaintState>,
    pub outcome: Option<Outcome>,
    /// Filed on or after this day (China time).
    pub filed_from: Option<NaiveDate>,
    /// Filed on or before this day (China time).
    pub filed_to: Option<NaiveDate>,
    /// `true`: no deadline missed; `false`: some deadline missed.
    pub deadline_met: Option<bool>,
    pub sort: Option<PublicSort>,
    pub cursor: Option<String>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
}

/// How many matches have one value of a facet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// Counts of the matches that `total` counts (not only this page) by category,
/// province, state and outcome.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Facets {
    /// By top-level category.
    pub category: Vec<FacetCount>,
    /// By province code.
    pub region: Vec<FacetCount>,
    pub state: Vec<FacetCount>,
    /// `open` counts matches without an outcome yet.
    pub outcome: Vec<FacetCount>,
}

/// One page of public search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicSearchPage {
    pub items: Vec<PublicComplaintHit>,
    /// All matches, on every page, when `total_exact`; otherwise there are
    /// at least this many (1,000), and `facets` count the newest 1,000.
    pub total: u64,
    pub total_exact: bool,
    pub facets: Facets,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// `POST /publication-preview`: text as the consumer is about to file it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    pub description: String,
}

/// How many pieces of one kind redaction removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RemovedCount {
    /// `mobile`, `landline`, `resident_id`, `bank_card`, `email`, `licence_plate`,
    /// `wechat`, `qq`, `address` or `name`.
    pub kind: String,
    /// The placeholder put in its place, for example 【手机号】.
    pub placeholder: String,
    pub count: u32,
}

/// The text as it would be published, and what was taken out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicationPreview {
    pub description: String,
    pub removed: Vec<RemovedCount>,
    /// Whether staff edited the text (for a filed complaint).
    pub edited_by_staff: bool,
}

/// A filed complaint's publication: where it stands and its public text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Publication {
    pub complaint_id: ComplaintId,
    pub consent_to_publish: bool,
    pub consent_withdrawn_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    pub unpublished_at: Option<DateTime<Utc>>,
    pub preview: PublicationPreview,
}

/// `PUT /complaints/{id}/public-text`: staff replace the redacted description.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EditPublicTextRequest {
    pub description: String,
    /// Why, for the log (optional).
    pub note: Option<String>,
}

/// One logged staff edit of a public text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicationEdit {
    pub field: String,
    pub before: String,
    pub after: String,
    pub note: Option<String>,
    pub editor_id: crate::UserId,
    pub edited_at: DateTime<Utc>,
}

/// `POST /complaints/{id}/unpublication`: take a published complaint off the public pages.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UnpublishRequest {
    pub reason: String,
}

/// `POST /complaints/{id}/public-comment`: the business's one public comment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BusinessCommentRequest {
    pub text: String,
}
