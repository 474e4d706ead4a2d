//! The association's staff dashboard.

use shared::dashboard::{AssociationDashboard, DashboardQuery};
use shared::ids::AssociationId;

use super::{ApiError, client, path};

/// `GET /associations/{id}/dashboard`: its backlog, deadlines at risk,
/// handling times, mediators' workloads and monthly trend (its staff).
pub async fn dashboard(
    association: AssociationId,
    query: &DashboardQuery,
) -> Result<AssociationDashboard, ApiError> {
    client()
        .get_query(
            &path(&format!("/associations/{association}/dashboard")),
            query,
        )
        .await
}
