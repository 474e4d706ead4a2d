//! Case publicity (个案公示): an association publicly lists a business that
//! refused to cooperate with mediation or to carry out an agreement, naming
//! the cases by their numbers. A listing is lifted after the business puts
//! things right, and stays on the public record with its history.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{AssociationId, BusinessId, CasePublicityId, ComplaintId};

/// Why a business is listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PublicityGround {
    /// It refused to cooperate with the association's mediation (拒不配合调解).
    /// Each case is in mediation, or ended in it.
    RefusedMediation,
    /// It did not carry out an agreement (拒不履行和解或调解协议). Each case
    /// is closed with the outcome `not_performed`.
    AgreementNotPerformed,
}

impl PublicityGround {
    /// The ground as stored and sent, for example `refused_mediation`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RefusedMediation => "refused_mediation",
            Self::AgreementNotPerformed => "agreement_not_performed",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "refused_mediation" => Some(Self::RefusedMediation),
            "agreement_not_performed" => Some(Self::AgreementNotPerformed),
            _ => None,
        }
    }
}

/// Whether a listing still stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PublicityStatus {
    /// Listed and not lifted.
    Active,
    /// Lifted after rectification; still shown, with the lifting.
    Lifted,
}

/// `POST /businesses/{business_id}/case-publicity`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CasePublicityRequest {
    pub ground: PublicityGround,
    /// What the association publishes, 1 to 500 characters. Name no consumer.
    pub statement: String,
    /// The cases concerned: 1 to 100 complaints against this business that
    /// the association handles, each in the state the ground requires.
    pub complaint_ids: Vec<ComplaintId>,
}

/// `POST /case-publicity/{listing_id}/lifting`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LiftingRequest {
    /// How the business put things right, 1 to 500 characters; published.
    pub statement: String,
}

/// A listing as anyone may read it. It names the cases by their numbers
/// and holds nothing about the consumers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CasePublicityEntry {
    pub id: CasePublicityId,
    pub business_id: BusinessId,
    /// The business's name today.
    pub business_name: String,
    pub ground: PublicityGround,
    pub statement: String,
    /// The complaint numbers of the cases concerned, for example `20261204-000042-7`.
    pub complaint_numbers: Vec<String>,
    /// The association that listed the business.
    pub association_id: AssociationId,
    pub association_name: String,
    pub status: PublicityStatus,
    pub listed_at: DateTime<Utc>,
    /// When it was lifted, if it was.
    pub lifted_at: Option<DateTime<Utc>>,
    /// Why it was lifted, if it was.
    pub lifting_statement: Option<String>,
}

/// `GET /public/case-publicity`: every listing, newest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct CasePublicityQuery {
    /// Only this business's listings.
    pub business_id: Option<BusinessId>,
    /// Only businesses in this region, at any level: a province (`440000`)
    /// takes in its cities and counties, a city (`440300`) its counties.
    pub region: Option<String>,
    /// Only listings that stand (`active`) or were lifted (`lifted`).
    pub status: Option<PublicityStatus>,
    pub cursor: Option<String>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}
