//! Case bundles: exporting a case, referring it to the market regulator,
//! checking a bundle and importing it.

use shared::ComplaintId;
use shared::bundles::{BundleVerification, CaseBundle, ImportedCase, Referral, ReferralRequest};

use super::{ApiError, client, path};

/// `GET /complaints/{id}/bundle`: the case as a verifiable bundle.
pub async fn export(id: ComplaintId) -> Result<CaseBundle, ApiError> {
    client()
        .get(&path(&format!("/complaints/{id}/bundle")))
        .await
}

/// `POST /complaints/{id}/referrals`: refers the case to a market regulator.
pub async fn refer(id: ComplaintId, request: &ReferralRequest) -> Result<Referral, ApiError> {
    client()
        .post(&path(&format!("/complaints/{id}/referrals")), request)
        .await
}

/// `POST /case-bundles/verification`: the report on a bundle.
pub async fn verify(bundle: &CaseBundle) -> Result<BundleVerification, ApiError> {
    client()
        .post(&path("/case-bundles/verification"), bundle)
        .await
}

/// `POST /case-bundles`: imports the bundle into the caller's association.
pub async fn import(bundle: &CaseBundle) -> Result<ImportedCase, ApiError> {
    client().post(&path("/case-bundles"), bundle).await
}
