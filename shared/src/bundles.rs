//! Case bundles: one case as a self-contained JSON document that an
//! association hands to the market regulator or to another platform, and
//! that the receiver can check without asking the sender.
//!
//! A bundle holds the case's data, its parties' contact details, its whole
//! hash-chained timeline exactly as stored, every evidence file with its
//! SHA-256 and content, and a digest over all of it. It names the consumer
//! and carries internal entries, so it is for association staff and the
//! authorities they refer to only; never hand it to a party.
//!
//! # The digest
//!
//! `digest` is the SHA-256, as 64 lower-case hex digits, of the bundle's
//! canonical JSON without its `digest` member: UTF-8, no whitespace, the
//! members of every object sorted by their names (byte order), strings
//! escaped as JSON requires and nothing more, integers in plain decimal.
//! The digest finds any change to a bundle in transit; it is not a
//! signature, so compare it with the sender's by another channel (the
//! referral letter, a phone call) before relying on who made the bundle.
//!
//! # The timeline chain
//!
//! Every entry's `hash` is the SHA-256 over nine fields, each written as its
//! UTF-8 byte length (8 bytes, big-endian) followed by its bytes:
//! `complaint_id`, `sequence` in decimal, `kind`, `actor_id` (empty when
//! none), `actor_role`, `visibility`, `created_at` as RFC 3339 with six
//! decimals and `Z`, `payload` as compact JSON with sorted members, and
//! `previous_hash`. The first entry's `previous_hash` is 64 zeros; every
//! later one holds the `hash` of the entry before it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cases::Demand;
use crate::complaints::{ComplaintState, Outcome};
use crate::{AssociationId, ComplaintId, EvidenceId, UserId};

/// The `format` of the bundles this version writes and reads.
pub const CASE_BUNDLE_FORMAT: &str = "redress.case-bundle/1";

/// One case, exported for referral or transfer (association staff only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseBundle {
    /// Always `redress.case-bundle/1` for this layout.
    #[cfg_attr(feature = "openapi", schema(example = "redress.case-bundle/1"))]
    pub format: String,
    /// When the bundle was made.
    pub issued_at: DateTime<Utc>,
    /// Who made it.
    pub issuer: BundleIssuer,
    /// The case itself.
    pub case: BundleCase,
    /// The people the association needs to reach for a referral.
    pub parties: BundleParties,
    /// The case's timeline on the issuing platform, every entry in sequence
    /// order, internal ones included, exactly as stored.
    pub timeline: Vec<BundleEntry>,
    /// Timelines the case had on earlier platforms or associations, oldest
    /// first, as they arrived in earlier bundles. Each is its own chain.
    pub prior_records: Vec<PriorRecord>,
    /// Every evidence file attached to the case, with its content.
    pub evidence: Vec<BundleEvidence>,
    /// SHA-256 of the canonical JSON of everything above (see the module
    /// documentation), 64 lower-case hex digits.
    pub digest: String,
}

/// The platform and association that made a bundle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BundleIssuer {
    /// The software that made the bundle and its version.
    #[cfg_attr(feature = "openapi", schema(example = "redress/0.1.0"))]
    pub platform: String,
    /// The association handling the case on the issuing platform.
    pub association_id: AssociationId,
    pub association_name: String,
    /// The region the association serves.
    pub association_region_code: String,
}

/// The case's data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BundleCase {
    /// The case's id on the issuing platform; its timeline entries hash it.
    pub complaint_id: ComplaintId,
    /// The complaint number on the issuing platform.
    #[cfg_attr(feature = "openapi", schema(example = "20261120000042"))]
    pub number: String,
    pub business: BundleBusiness,
    /// The region the complaint is about (the place of purchase).
    pub region_code: String,
    pub category_code: String,
    pub nature_code: String,
    pub demands: Vec<Demand>,
    /// The consumer's own words when `demands` holds `other`.
    pub other_demand: Option<String>,
    pub description: String,
    pub purchase_date: Option<NaiveDate>,
    /// The amount paid, in fen.
    pub amount_fen: Option<i64>,
    pub order_number: Option<String>,
    /// `offline_shop`, `online_platform`, `phone` or `other`.
    pub channel: String,
    pub channel_platform: Option<String>,
    pub consent_to_publish: bool,
    pub state: ComplaintState,
    pub outcome: Option<Outcome>,
    pub filed_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// How many entries `timeline` holds on the issuing platform.
    pub timeline_length: i64,
    /// The `hash` of the last entry of `timeline`; absent when it is empty.
    pub timeline_head: Option<String>,
}

/// The business complained about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BundleBusiness {
    pub name: String,
    /// The unified social credit code (统一社会信用代码), when known.
    #[cfg_attr(feature = "openapi", schema(example = "91440300MA5G8XQK18"))]
    pub credit_code: Option<String>,
    pub region_code: String,
}

/// The parties as the association knows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BundleParties {
    pub consumer: BundleConsumer,
}

/// The consumer who filed the complaint and how to reach them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BundleConsumer {
    pub display_name: String,
    /// Mainland mobile number, 11 digits.
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// One timeline entry, every field its hash covers, exactly as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BundleEntry {
    /// The case the entry belongs to on the platform that wrote it.
    pub complaint_id: ComplaintId,
    /// 1 for the first entry, then 2, 3…
    pub sequence: i64,
    /// For example `filed`, `accepted`, `message`, `referred`, `imported`.
    pub kind: String,
    pub actor_id: Option<UserId>,
    /// `consumer`, `business`, `intake`, `mediator` or `system`.
    pub actor_role: String,
    /// Who may read it: `public`, `parties`, `consumer`, `business` or `association`.
    pub visibility: String,
    pub created_at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub payload: Value,
    /// The `hash` of the entry before; 64 zeros for the first.
    pub previous_hash: String,
    /// SHA-256 of this entry's fields (see the module documentation).
    pub hash: String,
}

/// A timeline the case had before it was imported here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriorRecord {
    /// The digest of the bundle this timeline arrived in.
    pub bundle_digest: String,
    /// The platform and association that kept it.
    pub issuer: BundleIssuer,
    /// The case's id there; its entries hash it.
    pub complaint_id: ComplaintId,
    /// The complaint number there.
    pub number: String,
    /// Its entries, a chain of their own from 64 zeros.
    pub entries: Vec<BundleEntry>,
}

/// One evidence file with its content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BundleEvidence {
    /// The file's id on the issuing platform; timeline entries name it.
    pub id: EvidenceId,
    /// `image`, `pdf` or `video`.
    pub kind: String,
    pub media_type: String,
    pub file_name: String,
    /// Bytes of the content.
    pub size: i64,
    /// SHA-256 of the content, 64 lower-case hex digits.
    pub sha256: String,
    pub uploaded_at: DateTime<Utc>,
    /// The content, base64 with padding (RFC 4648, standard alphabet).
    pub content_base64: String,
}

/// The result of checking a bundle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BundleVerification {
    /// True when nothing below is broken.
    pub intact: bool,
    /// The digest the bundle states.
    pub stated_digest: String,
    /// The digest of the bundle as received.
    pub computed_digest: String,
    /// Every break found; empty when intact.
    pub breaks: Vec<BundleBreak>,
}

/// One thing in a bundle that does not check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BundleBreak {
    pub kind: BreakKind,
    /// Where: `timeline`, `prior_records[0]`… for entries; `evidence` for files;
    /// `bundle` for the bundle as a whole.
    pub record: String,
    /// The entry's sequence number, for entry breaks.
    pub sequence: Option<i64>,
    /// The evidence file, for evidence breaks.
    pub evidence_id: Option<EvidenceId>,
    pub file_name: Option<String>,
    /// What is wrong, in English, for people.
    pub detail: String,
}

/// What kind of break.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    /// The `format` is not one this server reads.
    UnknownFormat,
    /// The digest does not match the bundle's content.
    DigestMismatch,
    /// An entry does not match its own hash: it was changed.
    EntryAltered,
    /// An entry does not link to the one before it: an entry was removed,
    /// added or moved.
    EntryUnlinked,
    /// An entry belongs to another case than its record.
    EntryForeign,
    /// The timeline does not end where the case says it does: entries were
    /// removed from its end.
    TimelineTruncated,
    /// An evidence file's content does not match its SHA-256 or size.
    EvidenceAltered,
    /// An evidence file's content is not valid base64.
    EvidenceUnreadable,
}

/// `POST /complaints/{id}/referrals`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReferralRequest {
    /// The market regulator referred to, for example `深圳市市场监督管理局`.
    pub regulator: String,
    /// Why, and what is asked of it: 1 to 2,000 characters.
    pub note: String,
}

/// A case's referral to a market regulator, as its timeline records it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Referral {
    /// The sequence of the timeline entry that records it.
    pub sequence: i64,
    pub regulator: String,
    pub note: String,
    pub referred_by: Option<UserId>,
    pub referred_at: DateTime<Utc>,
    /// Where staff fetch the case bundle to hand over, relative to the server.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "/api/v1/complaints/0193a1b2-0000-7000-8000-000000000000/bundle")
    )]
    pub bundle_url: String,
}

/// The answer to an import: the case on this platform.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportedCase {
    pub complaint_id: ComplaintId,
    /// The number the case got here.
    pub number: String,
    /// The digest of the bundle it came in.
    pub bundle_digest: String,
    /// False when this bundle was imported before and this is that case.
    pub created: bool,
}
