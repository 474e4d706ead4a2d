//! Businesses as complaints name them, their membership of the platform,
//! their API keys and figures.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::BusinessId;
use crate::team::BusinessRole;

/// A business as the parties of a complaint see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Business {
    pub id: BusinessId,
    pub name: String,
    /// Unified social credit code, when known.
    pub credit_code: Option<String>,
    pub region_code: String,
    /// Joined the platform (入驻): its complaints go to reconciliation first.
    pub member: bool,
    pub member_since: Option<DateTime<Utc>>,
    /// Where consumers can reach its customer service first.
    pub service_contacts: Option<ServiceContacts>,
    /// Brand names, former names and names complaints gave it; search finds these too.
    pub aliases: Vec<BusinessAlias>,
    /// Set when this record was merged into another: look that one up instead.
    pub merged_into: Option<BusinessId>,
    /// Set while the serving association has suspended the membership:
    /// complaints accepted meanwhile go to mediation, not reconciliation.
    pub suspended: Option<Suspension>,
}

/// Why and since when a membership is suspended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suspension {
    pub reason: String,
    pub since: DateTime<Utc>,
}

/// `PUT /businesses/{id}/suspension`: suspend a membership.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SuspensionRequest {
    /// 5 to 500 characters; shown on the public record.
    #[cfg_attr(feature = "openapi", schema(example = "连续三个月未在时限内处理投诉"))]
    pub reason: String,
}

/// What happened to a business's membership.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MembershipEventKind {
    Joined,
    Suspended,
    Reinstated,
    Ended,
}

impl MembershipEventKind {
    pub const ALL: [MembershipEventKind; 4] =
        [Self::Joined, Self::Suspended, Self::Reinstated, Self::Ended];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Joined => "joined",
            Self::Suspended => "suspended",
            Self::Reinstated => "reinstated",
            Self::Ended => "ended",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }
}

/// One change of membership, on the public record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MembershipEvent {
    pub kind: MembershipEventKind,
    /// Why it was suspended or ended, when a reason was given.
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

/// A business's customer-service contacts; at least one way to reach it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ServiceContacts {
    /// A hotline, for example `400-800-1234` or `020-12345678`.
    pub phone: Option<String>,
    pub email: Option<String>,
    /// An online service page.
    pub url: Option<String>,
    /// When the service answers, for example `每天 9:00–21:00`.
    pub hours: Option<String>,
}

/// Register a business record (association staff).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateBusinessRequest {
    /// 1 to 200 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = r"^[^\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]*$"
        )
    )]
    pub name: String,
    /// The 18-character unified social credit code (its last character a
    /// check character); lower-case letters are read as capitals. Empty or
    /// absent for a business without one.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^$|^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$")
    )]
    pub credit_code: Option<String>,
    /// A six-digit code from `/regions`.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[0-9]{6}$"))]
    pub region_code: String,
}

/// Make a business a member of the platform from now, or end its membership.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MembershipRequest {
    pub member: bool,
}

/// An account for a member business's complaint handler.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateBusinessUserRequest {
    pub login_name: String,
    pub display_name: String,
    pub password: String,
    /// `manager` when not given; send `owner` to make the account an owner.
    #[serde(default)]
    pub role: Option<BusinessRole>,
}

/// Search businesses by name (`q`) or exact credit code.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct BusinessQuery {
    /// Part of a name, brand or former name (case, spaces and full-width
    /// letters ignored), or a full credit code.
    pub q: Option<String>,
    pub cursor: Option<String>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}

/// What an API key may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApiScope {
    /// List and read the business's complaints, their timelines, messages and evidence.
    ReadCases,
    /// Make offers, post messages and upload evidence.
    ActOnCases,
    /// Register and change webhooks.
    ManageWebhooks,
}

impl ApiScope {
    pub const ALL: [ApiScope; 3] = [Self::ReadCases, Self::ActOnCases, Self::ManageWebhooks];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ReadCases => "read_cases",
            Self::ActOnCases => "act_on_cases",
            Self::ManageWebhooks => "manage_webhooks",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|scope| scope.as_str() == value)
    }
}

/// `POST /businesses/{id}/api-keys`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateApiKeyRequest {
    /// What the key is for, for example "客服系统".
    pub name: String,
    pub scopes: Vec<ApiScope>,
}

/// An API key as its business sees it later: never the secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKey {
    pub id: uuid::Uuid,
    pub name: String,
    pub scopes: Vec<ApiScope>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A new key with its secret, shown this once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiKey {
    #[serde(flatten)]
    pub key: ApiKey,
    /// Send as `Authorization: Bearer <key>`. It cannot be shown again.
    pub secret: String,
}

/// The period of `GET /businesses/{id}/figures`: dates in China time, both
/// included; the last 365 days by default.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct FiguresQuery {
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
}

/// How a business handled the complaints accepted against it in a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessFigures {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    /// Complaints accepted in the period.
    pub received: u64,
    /// Of those, the ones that went to reconciliation (the business was a member).
    pub reconciliation_cases: u64,
    /// Reconciliation deadlines the business met.
    pub answered_in_time: u64,
    /// Reconciliation deadlines the business let pass.
    pub missed_deadline: u64,
    /// Cases settled in reconciliation (the consumer accepted an offer).
    pub reconciled: u64,
    /// Cases closed as resolved, by reconciliation or mediation.
    pub resolved: u64,
    /// Ratings given, and their average (1 to 5) when there is any.
    pub ratings: u64,
    pub average_rating: Option<f64>,
}

/// Why a business is known by another name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AliasKind {
    /// A brand or shop name consumers know it by.
    Brand,
    /// A name it was registered under before.
    FormerName,
    /// The name a complaint gave it, kept when that record was merged into this one.
    RecordedName,
}

impl AliasKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Brand => "brand",
            Self::FormerName => "former_name",
            Self::RecordedName => "recorded_name",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Brand, Self::FormerName, Self::RecordedName]
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }
}

/// Another name of a business.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessAlias {
    pub id: uuid::Uuid,
    pub name: String,
    pub kind: AliasKind,
}

/// Add a brand or former name to a business (association staff).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AddAliasRequest {
    /// 1 to 200 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = r"^[^\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]*$"
        )
    )]
    pub name: String,
    /// `brand` or `former_name`; `recorded_name` comes only from merges.
    #[cfg_attr(feature = "openapi", schema(schema_with = addable_alias_kind))]
    pub kind: AliasKind,
}

/// The schema of [`AddAliasRequest::kind`]: the kinds a person may add,
/// without `recorded_name`, which the server refuses there.
#[cfg(feature = "openapi")]
fn addable_alias_kind() -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .description(Some(
            "`brand` or `former_name`; `recorded_name` comes only from merges.",
        ))
        .enum_values(Some([
            AliasKind::Brand.as_str(),
            AliasKind::FormerName.as_str(),
        ]))
        .build()
}

/// Merge an uncoded record, made when complaints named the business without
/// its credit code, into this coded one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MergeBusinessRequest {
    /// The uncoded record to merge; its complaints move to this business.
    pub from: BusinessId,
}

/// What a merge did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeOutcome {
    /// The coded business, now with the merged record's name as an alias.
    pub business: Business,
    /// The merged record, which now points to `business`.
    pub merged: BusinessId,
    /// How many complaints moved.
    pub complaints_moved: u64,
}
