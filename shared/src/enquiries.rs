//! Enquiries (咨询): a consumer's question to the association serving their
//! region. Staff answer it, or turn it into a complaint; an answered
//! enquiry whose consumer agreed may be published, redacted, as a question
//! and answer.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::cases::{BusinessChoice, Channel, Demand};
use crate::{AssociationId, ComplaintId, EnquiryId, UserId};

/// Where an enquiry stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EnquiryState {
    /// Waiting for the association's answer.
    Open,
    /// Staff answered it.
    Answered,
    /// Staff turned it into a complaint (`complaint_id`).
    Converted,
}

impl EnquiryState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Answered => "answered",
            Self::Converted => "converted",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [Self::Open, Self::Answered, Self::Converted]
            .into_iter()
            .find(|state| state.as_str() == name)
    }
}

/// `POST /enquiries`: a consumer asks a question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AskRequest {
    /// The question: 10 to 2,000 characters.
    pub question: String,
    /// Where the consumer is (GB/T 2260 code): the association serving it answers.
    pub region_code: String,
    /// The consumer agrees that the question and its answer may be
    /// published, with personal information removed.
    pub consent_to_publish: bool,
}

/// An enquiry as its consumer and the association's staff see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Enquiry {
    pub id: EnquiryId,
    pub consumer_id: UserId,
    /// The consumer's display name (for staff; the consumer sees their own).
    pub consumer_name: String,
    pub association_id: AssociationId,
    pub association_name: String,
    pub region_code: String,
    pub question: String,
    pub consent_to_publish: bool,
    pub state: EnquiryState,
    pub answer: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    /// The complaint it became, when staff converted it.
    pub complaint_id: Option<ComplaintId>,
    /// The id of its public question and answer, while published.
    pub published_question_id: Option<i32>,
    pub asked_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /enquiries/{id}/answer`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AnswerRequest {
    /// The answer: 1 to 5,000 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 5000,
            pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B\u200C\u200E\u200F\u2028-\u202E\u2060-\u206F\uFEFF]*$"
        )
    )]
    pub answer: String,
}

/// `POST /enquiries/{id}/complaint`: what a complaint needs that the
/// enquiry lacks. The question becomes the complaint's description, and
/// the enquiry's region where it happened unless another is given.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConvertRequest {
    pub business: BusinessChoice,
    /// A category code from `/categories`.
    pub category_code: String,
    /// A nature code from `/natures`.
    pub nature_code: String,
    /// What the consumer asks for; at least one.
    pub demands: Vec<Demand>,
    pub other_demand: Option<String>,
    /// Where it was bought; `offline_shop` when left out.
    pub channel: Option<Channel>,
    pub channel_platform: Option<String>,
    /// Where it happened; the enquiry's region when left out.
    pub region_code: Option<String>,
    /// What happened, 20 to 5,000 characters; the question when left out.
    pub description: Option<String>,
}

/// A published question with its answer, personal information removed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicQuestion {
    /// Publication order.
    pub id: i32,
    pub question: String,
    pub answer: String,
    pub association_name: String,
    pub region_code: String,
    pub asked_at: DateTime<Utc>,
    pub answered_at: DateTime<Utc>,
    pub published_at: DateTime<Utc>,
}

/// `GET /public/questions`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct PublicQuestionQuery {
    /// Words to find in the question or the answer (Chinese word
    /// segmentation; every word must occur). Newest first either way.
    pub q: Option<String>,
    /// Opaque cursor from the previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// Items per page, 1 to 100 (default 20).
    pub limit: Option<u32>,
}
