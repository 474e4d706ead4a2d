//! Similar complaints and group complaints (集体投诉): several consumers'
//! complaints with the same cause against the same business, found by their
//! text, confirmed by staff, and handled once by the business and the
//! mediator while each consumer keeps their own demands and answers the
//! common offer for themselves.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::cases::PartyRef;
use crate::complaints::{ComplaintState, Outcome};
use crate::{AssociationId, BusinessId, ComplaintId, GroupComplaintId, UserId};

/// A complaint whose text resembles another's, against the same business
/// and filed close in time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SimilarComplaint {
    pub id: ComplaintId,
    pub number: String,
    pub state: ComplaintState,
    pub filed_at: DateTime<Utc>,
    /// Estimated Jaccard similarity of the two texts' word sets, 0 to 1.
    pub similarity: f32,
    /// The group complaint it already belongs to, if any.
    pub group_id: Option<GroupComplaintId>,
    /// The start of its description, for a quick look.
    pub excerpt: String,
}

/// Open complaints against one business that look like one cause: at least
/// the association's threshold (default 5) within 30 days, not yet grouped.
/// Staff confirm it with `POST /group-complaints`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupProposal {
    pub business: PartyRef<BusinessId>,
    pub complaints: Vec<SimilarComplaint>,
    /// Words most of the complaints share, to name the cause.
    pub common_words: Vec<String>,
    pub first_filed_at: DateTime<Utc>,
    pub last_filed_at: DateTime<Utc>,
}

/// Staff confirm a group complaint from complaints against one business.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateGroupComplaintRequest {
    /// A short name for the group, 2 to 100 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 2,
            max_length = 100,
            pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B\u200C\u200E\u200F\u2028-\u202E\u2060-\u206F\uFEFF]*$"
        )
    )]
    pub title: String,
    /// The common cause, as staff word it, 1 to 2,000 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 2000,
            pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B\u200C\u200E\u200F\u2028-\u202E\u2060-\u206F\uFEFF]*$"
        )
    )]
    pub cause: String,
    /// 2 to 200 different open complaints of the caller's association, all
    /// against the same business and in no other group (a repeated id counts
    /// once).
    #[cfg_attr(feature = "openapi", schema(min_items = 2))]
    pub complaint_ids: Vec<ComplaintId>,
}

/// A consumer adds their own complaint to a group, or staff add one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct JoinGroupRequest {
    pub complaint_id: ComplaintId,
}

/// The business's common offer to every member whose case awaits one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GroupOfferRequest {
    /// What the business offers each consumer.
    pub terms: String,
    /// The sum offered to each consumer, in fen, if money is offered.
    pub amount_fen: Option<i64>,
    /// The day by which the business will carry it out.
    pub perform_by: NaiveDate,
}

/// Where the common offer went.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupOfferResult {
    /// Members now holding the offer; each consumer accepts or declines it
    /// on their own complaint.
    pub offered: Vec<String>,
    /// Members that could not take it now (not reconciling, or an offer is
    /// already pending), with the reason.
    pub skipped: Vec<SkippedMember>,
}

/// A member the common offer did not reach.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SkippedMember {
    pub number: String,
    pub state: ComplaintState,
    /// `not_reconciling` or `offer_pending`.
    pub reason: String,
}

/// One member complaint as its group shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupMember {
    pub complaint_id: ComplaintId,
    pub number: String,
    pub state: ComplaintState,
    pub outcome: Option<Outcome>,
    /// An offer waits for this member's answer.
    pub offer_pending: bool,
    pub filed_at: DateTime<Utc>,
}

/// A group complaint. Staff and the business see every member; a consumer
/// sees the group and only their own complaints in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupComplaint {
    pub id: GroupComplaintId,
    pub association: PartyRef<AssociationId>,
    pub business: PartyRef<BusinessId>,
    pub title: String,
    pub cause: String,
    /// The mediator who handles every member in mediation.
    pub mediator_id: Option<UserId>,
    pub created_at: DateTime<Utc>,
    /// How many complaints the group holds.
    pub member_count: u64,
    /// The members the caller may see.
    pub members: Vec<GroupMember>,
}

/// A group complaint in a list: what a consumer sees before joining.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupSummary {
    pub id: GroupComplaintId,
    pub business: PartyRef<BusinessId>,
    pub title: String,
    pub cause: String,
    pub member_count: u64,
    pub created_at: DateTime<Utc>,
}

/// Query parameters of `GET /associations/{id}/group-proposals`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct GroupProposalQuery {
    /// How many similar complaints make a proposal: 2 to 50, 5 by default.
    pub min_size: Option<u32>,
}
