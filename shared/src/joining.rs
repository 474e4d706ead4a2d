//! Joining the platform (入驻): a business account applies with its licence
//! and commitment; the association serving its region reviews.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::businesses::ServiceContacts;
use crate::ids::{ApplicationId, AssociationId, BusinessId, EvidenceId, UserId};

/// Where an application stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApplicationState {
    /// Waiting for the association's review.
    Submitted,
    /// The association asked for more; the applicant updates it and resubmits.
    MoreInfoRequested,
    /// The business is a member from the moment of approval.
    Approved,
    /// Refused, with the reason in `decision_note`.
    Rejected,
    /// The applicant withdrew it.
    Withdrawn,
}

impl ApplicationState {
    pub const ALL: [ApplicationState; 5] = [
        Self::Submitted,
        Self::MoreInfoRequested,
        Self::Approved,
        Self::Rejected,
        Self::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::MoreInfoRequested => "more_info_requested",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == value)
    }

    /// Still before a decision: at most one per credit code.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Submitted | Self::MoreInfoRequested)
    }
}

/// `POST /joining-applications`, and `PUT` to answer a request for more.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct JoiningApplicationRequest {
    /// The unified social credit code on the business licence.
    #[cfg_attr(feature = "openapi", schema(example = "91440300MA5G8XQK18"))]
    pub credit_code: String,
    /// The name exactly as on the licence.
    #[cfg_attr(feature = "openapi", schema(example = "深圳某某电器有限公司"))]
    pub licensed_name: String,
    /// Where the business is registered (6 digits); its association reviews.
    #[cfg_attr(feature = "openapi", schema(example = "440305"))]
    pub region_code: String,
    /// The business's line of trade, as a category code from `/categories`.
    #[cfg_attr(feature = "openapi", schema(example = "goods.appliances"))]
    pub industry_code: String,
    /// A photo or PDF of the business licence, uploaded with `POST /evidence`.
    pub licence_evidence_id: EvidenceId,
    /// Where consumers and the association reach the business about
    /// complaints; published on its record once approved.
    pub service_contacts: ServiceContacts,
    /// Must be true: the business commits to handle complaints within the deadlines.
    pub commitment_accepted: bool,
    /// The version of the commitment text the applicant read, from `GET /joining-commitment`.
    #[cfg_attr(feature = "openapi", schema(example = "2024-1"))]
    pub commitment_version: String,
}

/// What happened to an application, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApplicationEventKind {
    Submitted,
    MoreInfoRequested,
    Resubmitted,
    Approved,
    Rejected,
    Withdrawn,
}

impl ApplicationEventKind {
    pub const ALL: [ApplicationEventKind; 6] = [
        Self::Submitted,
        Self::MoreInfoRequested,
        Self::Resubmitted,
        Self::Approved,
        Self::Rejected,
        Self::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::MoreInfoRequested => "more_info_requested",
            Self::Resubmitted => "resubmitted",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }
}

/// One step in an application's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationEvent {
    pub kind: ApplicationEventKind,
    /// The reviewer's reason or request, when there is one.
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

/// An application as its applicant and its reviewers see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JoiningApplication {
    pub id: ApplicationId,
    pub applicant_id: UserId,
    pub state: ApplicationState,
    /// The association that reviews it.
    pub association_id: AssociationId,
    pub credit_code: String,
    pub licensed_name: String,
    pub region_code: String,
    pub industry_code: String,
    /// Download it from `GET /evidence/{id}/content`.
    pub licence_evidence_id: EvidenceId,
    pub service_contacts: ServiceContacts,
    pub commitment_version: String,
    pub committed_at: DateTime<Utc>,
    /// Why it was rejected, or what more the association needs.
    pub decision_note: Option<String>,
    /// The member business, once approved.
    pub business_id: Option<BusinessId>,
    pub submitted_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub history: Vec<ApplicationEvent>,
}

/// An application in the review queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationSummary {
    pub id: ApplicationId,
    pub state: ApplicationState,
    pub association_id: AssociationId,
    pub credit_code: String,
    pub licensed_name: String,
    pub region_code: String,
    pub industry_code: String,
    pub submitted_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Filters for the review queue, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct ApplicationQuery {
    /// `submitted` (awaiting review) when not given.
    pub state: Option<ApplicationState>,
    /// Platform admins: one association's applications only.
    pub association_id: Option<AssociationId>,
    pub cursor: Option<String>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}

/// What the reviewer decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The business becomes a member now; the applicant becomes its owner.
    Approve,
    /// Refuse; `note` gives the reason.
    Reject,
    /// Ask the applicant for more; `note` says what.
    RequestInfo,
}

/// `POST /joining-applications/{id}/decision`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    pub decision: Decision,
    /// 5 to 500 characters; required to reject or to ask for more.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 5,
            max_length = 500,
            pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B\u200C\u200E\u200F\u2028-\u202E\u2060-\u206F\uFEFF]*$"
        )
    )]
    pub note: Option<String>,
}

/// The commitment an applicant makes, in its current version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Commitment {
    /// Send it back as `commitment_version` when applying.
    pub version: String,
    pub text_zh: String,
    pub text_en: String,
}
