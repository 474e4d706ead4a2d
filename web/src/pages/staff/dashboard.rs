//! `/staff`: the association's workload by state and the deadlines at risk,
//! then its dashboard figures (see [`super::overview`]).

use leptos::prelude::*;
use shared::cases::{ComplaintFilter, StateCount};

use crate::api::{ApiError, complaints};
use crate::components::case::bars::Bars;
use crate::components::case::labels::state_key;
use crate::components::case::list::STATES;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{I18n, Key};
use crate::pages::staff::overview::AssociationOverview;

/// The count for each state in the order cases move, zero where absent.
pub fn rows(counts: &[StateCount]) -> Vec<(Key, u64)> {
    STATES
        .iter()
        .map(|state| {
            let count = counts
                .iter()
                .find(|count| count.state == *state)
                .map_or(0, |count| count.count);
            (state_key(*state), count)
        })
        .collect()
}

async fn charts() -> Result<[Vec<(Key, u64)>; 3], ApiError> {
    let all = complaints::counts(&ComplaintFilter::default()).await?;
    let soon = ComplaintFilter {
        due_within_days: Some(2),
        ..ComplaintFilter::default()
    };
    let soon = complaints::counts(&soon).await?;
    let overdue = ComplaintFilter {
        overdue: Some(true),
        ..ComplaintFilter::default()
    };
    let overdue = complaints::counts(&overdue).await?;
    Ok([rows(&all), rows(&soon), rows(&overdue)])
}

/// Three charts: every case, due within two days, overdue; each by state.
#[component]
pub fn StaffDashboard() -> impl IntoView {
    let i18n = I18n::expect();
    let data = LocalResource::new(charts);

    view! {
        <section class="card wide">
            <h1>{move || i18n.tr(Key::StaffDashboardTitle)}</h1>
            <nav class="portal-links" aria-label=move || i18n.tr(Key::StaffDashboardTitle)>
                <a href="/staff/intake">{move || i18n.tr(Key::StaffIntakeTitle)}</a>
                <a href="/staff/mediation">{move || i18n.tr(Key::StaffMediationTitle)}</a>
                <a href="/staff/publication">{move || i18n.tr(Key::StaffPublicationTitle)}</a>
                <a href="/staff/joining">{move || i18n.tr(Key::StaffJoiningTitle)}</a>
                <a href="/staff/publicity">{move || i18n.tr(Key::PublicityTitle)}</a>
                <a href="/staff/bundles">{move || i18n.tr(Key::BundleTitle)}</a>
                <a href="/staff/enquiries">{move || i18n.tr(Key::StaffEnquiriesTitle)}</a>
                <a href="/staff/groups">{move || i18n.tr(Key::GroupsTitle)}</a>
                <a href="/staff/alerts">{move || i18n.tr(Key::AlertsTitle)}</a>
                <a href="/staff/guidance">{move || i18n.tr(Key::ArticleDeskTitle)}</a>
                <a href="/staff/settings">{move || i18n.tr(Key::SettingsTitle)}</a>
                <a href="/staff/team">{move || i18n.tr(Key::TeamTitle)}</a>
            </nav>
            <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok([all, soon, overdue]) => view! {
                            <div class="charts">
                                <Bars title=Key::StaffChartWorkload rows=all/>
                                <Bars title=Key::StaffChartSoon rows=soon/>
                                <Bars title=Key::StaffChartOverdue rows=overdue/>
                            </div>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
            <AssociationOverview/>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::complaints::ComplaintState;

    #[test]
    fn every_state_gets_a_row_in_case_order() {
        let counts = vec![
            StateCount {
                state: ComplaintState::Closed,
                count: 4,
            },
            StateCount {
                state: ComplaintState::Submitted,
                count: 2,
            },
        ];

        let rows = rows(&counts);

        assert_eq!(rows.len(), STATES.len());
        assert_eq!(rows[0], (Key::CaseStateSubmitted, 2));
        assert_eq!(rows[5], (Key::CaseStateClosed, 4));
        assert_eq!(rows[2].1, 0);
    }
}
