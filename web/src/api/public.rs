//! What anyone may read without signing in: published complaints, business
//! records, rankings, case publicity, statistics and the open data index.

use shared::open_data::OpenDataIndex;
use shared::publication::{PublicComplaint, PublicSearchPage, PublicSearchQuery};
use shared::publicity::{CasePublicityEntry, CasePublicityQuery};
use shared::records::{PublicBusinessRecord, Ranking, RankingQuery};
use shared::stats::{AssociationPerformance, PerformanceQuery, PublicStats, PublicStatsQuery};
use shared::{AssociationId, BusinessId, Page};

use super::{ApiError, client, path};

/// `GET /public/complaints`: published complaints matching `query`, with facets.
pub async fn search_complaints(query: &PublicSearchQuery) -> Result<PublicSearchPage, ApiError> {
    client().get_query(&path("/public/complaints"), query).await
}

/// `GET /public/complaints/{number}`: one published complaint.
pub async fn complaint(number: &str) -> Result<PublicComplaint, ApiError> {
    let number = shared::client::encode(number);
    client()
        .get(&path(&format!("/public/complaints/{number}")))
        .await
}

/// `GET /public/businesses/{id}`: a business's public record.
pub async fn business(id: BusinessId) -> Result<PublicBusinessRecord, ApiError> {
    client()
        .get(&path(&format!("/public/businesses/{id}")))
        .await
}

/// `GET /public/rankings`: businesses by the complaint-handling index.
pub async fn rankings(query: &RankingQuery) -> Result<Ranking, ApiError> {
    client().get_query(&path("/public/rankings"), query).await
}

/// `GET /public/case-publicity`: case publicity listings, newest first.
pub async fn case_publicity(
    query: &CasePublicityQuery,
) -> Result<Page<CasePublicityEntry>, ApiError> {
    client()
        .get_query(&path("/public/case-publicity"), query)
        .await
}

/// `GET /public/stats`: statistics over published complaints.
pub async fn stats(query: &PublicStatsQuery) -> Result<PublicStats, ApiError> {
    client().get_query(&path("/public/stats"), query).await
}

/// `GET /public/associations/{id}/performance`: how an association handles its complaints.
pub async fn performance(
    association: AssociationId,
    query: &PerformanceQuery,
) -> Result<AssociationPerformance, ApiError> {
    client()
        .get_query(
            &path(&format!("/public/associations/{association}/performance")),
            query,
        )
        .await
}

/// `GET /public/open-data`: what the open data holds and where to get it.
pub async fn open_data() -> Result<OpenDataIndex, ApiError> {
    client().get(&path("/public/open-data")).await
}
