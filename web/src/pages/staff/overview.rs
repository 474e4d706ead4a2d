//! The association's figures on `/staff`: the intake backlog, deadlines at
//! risk, how long each stage takes, the mediators' workloads and outcomes,
//! and complaints filed and closed by month.

use leptos::prelude::*;
use shared::complaints::Outcome;
use shared::dashboard::{
    AssociationDashboard, DashboardQuery, DeadlineRisk, IntakeBacklog, MediatorWorkload, StageTimes,
};
use shared::publication::FacetCount;
use shared::stats::{HandlingTime, MonthFlow};

use crate::api::{ApiError, auth, dashboard};
use crate::components::bar_chart::{Bar, ColumnChart};
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{I18n, Key};
use crate::pages::consumer::labels;
use crate::pages::public::stats::month_label;

/// Hours to one decimal, or a dash when no case covers the figure.
pub fn hours_text(hours: Option<f64>) -> String {
    hours.map_or_else(|| "—".to_owned(), |hours| format!("{hours:.1}"))
}

/// One series of the trend as bars: filed or closed by month.
pub fn month_bars(months: &[MonthFlow], value: impl Fn(&MonthFlow) -> u64) -> Vec<Bar> {
    months
        .iter()
        .map(|flow| Bar {
            label: month_label(&flow.month),
            value: value(flow),
        })
        .collect()
}

/// `Resolved 2, Mediation failed 1`: each outcome named by `name`.
pub fn outcome_summary(
    outcomes: &[FacetCount],
    name: impl Fn(&str) -> String,
    separator: &str,
) -> String {
    if outcomes.is_empty() {
        return "—".to_owned();
    }
    outcomes
        .iter()
        .map(|FacetCount { value, count }| format!("{} {count}", name(value)))
        .collect::<Vec<_>>()
        .join(separator)
}

fn outcome_key(value: &str) -> Option<Key> {
    serde_json::from_value::<Outcome>(serde_json::Value::String(value.to_owned()))
        .ok()
        .map(labels::outcome)
}

async fn figures() -> Result<Option<AssociationDashboard>, ApiError> {
    let me = auth::me().await?;
    match me.association {
        Some(association) => dashboard::dashboard(association.id, &DashboardQuery::default())
            .await
            .map(Some),
        None => Ok(None),
    }
}

/// The signed-in staff member's association's dashboard; nothing for a
/// platform admin, who belongs to none.
#[component]
pub fn AssociationOverview() -> impl IntoView {
    let i18n = I18n::expect();
    let data = LocalResource::new(figures);

    view! {
        <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(figures)) => view! { <Overview figures/> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(figures: AssociationDashboard) -> impl IntoView {
    let i18n = I18n::expect();
    let AssociationDashboard {
        from,
        to,
        backlog,
        at_risk,
        handling_times,
        mediators,
        by_month,
        ..
    } = figures;
    let period = move || {
        i18n.tr(Key::StaffDashPeriod)
            .replace("{from}", &from.to_string())
            .replace("{to}", &to.to_string())
    };
    let tr = move |key: Key| Signal::derive(move || i18n.tr(key).to_owned());
    let filed = month_bars(&by_month, |flow| flow.filed);
    let closed = month_bars(&by_month, |flow| flow.closed);

    view! {
        <h2>{move || i18n.tr(Key::StaffDashBacklogTitle)}</h2>
        <Backlog backlog/>
        <Risks risks=at_risk/>
        <p class="summary">{period}</p>
        <Times times=handling_times/>
        <Mediators mediators/>
        <h2>{move || i18n.tr(Key::StaffDashTrendTitle)}</h2>
        <div class="charts">
            <ColumnChart caption=tr(Key::StaffDashFiledByMonth) bars=filed label_header=tr(Key::PubMonth) value_header=tr(Key::PubCount)/>
            <ColumnChart caption=tr(Key::StaffDashClosedByMonth) bars=closed label_header=tr(Key::PubMonth) value_header=tr(Key::PubCount)/>
        </div>
    }
}

/// One headline figure.
#[component]
fn Headline(label: Key, value: String) -> impl IntoView {
    let i18n = I18n::expect();

    view! {
        <div class="figure">
            <span class="figure-value">{value}</span>
            <span class="figure-label">{move || i18n.tr(label)}</span>
        </div>
    }
}

#[component]
fn Backlog(backlog: IntakeBacklog) -> impl IntoView {
    view! {
        <div class="figures">
            <Headline label=Key::StaffDashAwaiting value=backlog.awaiting_acceptance.to_string()/>
            <Headline label=Key::StaffDashInfoRequested value=backlog.info_requested.to_string()/>
            <Headline label=Key::StaffDashOldest value=hours_text(backlog.oldest_hours)/>
        </div>
    }
}

/// Deadlines due within 48 hours and overdue, by kind.
#[component]
fn Risks(risks: Vec<DeadlineRisk>) -> impl IntoView {
    let i18n = I18n::expect();
    let rows = risks
        .into_iter()
        .map(|risk| {
            let key = labels::deadline(risk.kind);
            view! {
                <tr>
                    <th scope="row">{move || i18n.tr(key)}</th>
                    <td>{risk.due_soon}</td>
                    <td>{risk.overdue}</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <table class="data">
            <caption>{move || i18n.tr(Key::StaffDashRiskCaption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{move || i18n.tr(Key::StaffDashDeadline)}</th>
                    <th scope="col">{move || i18n.tr(Key::StaffDashDueSoon)}</th>
                    <th scope="col">{move || i18n.tr(Key::StaffDashOverdue)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// Median and 90th percentile of each stage, in hours.
#[component]
fn Times(times: StageTimes) -> impl IntoView {
    let i18n = I18n::expect();
    let row = move |label: Key, time: HandlingTime| {
        view! {
            <tr>
                <th scope="row">{move || i18n.tr(label)}</th>
                <td>{hours_text(time.median_hours)}</td>
                <td>{hours_text(time.p90_hours)}</td>
                <td>{time.cases}</td>
            </tr>
        }
    };

    view! {
        <table class="data">
            <caption>{move || i18n.tr(Key::StaffDashTimesCaption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{move || i18n.tr(Key::StaffDashStage)}</th>
                    <th scope="col">{move || i18n.tr(Key::StaffDashMedian)}</th>
                    <th scope="col">{move || i18n.tr(Key::StaffDashP90)}</th>
                    <th scope="col">{move || i18n.tr(Key::StaffDashCases)}</th>
                </tr>
            </thead>
            <tbody>
                {row(Key::StaffDashStageAcceptance, times.acceptance)}
                {row(Key::StaffDashStageReconciliation, times.reconciliation)}
                {row(Key::StaffDashStageMediation, times.mediation)}
            </tbody>
        </table>
    }
}

/// Each mediator's cases now and the outcomes of those closed in the period.
#[component]
fn Mediators(mediators: Vec<MediatorWorkload>) -> impl IntoView {
    let i18n = I18n::expect();
    if mediators.is_empty() {
        return view! { <p class="empty">{move || i18n.tr(Key::StaffDashNoMediators)}</p> }
            .into_any();
    }
    let rows = mediators
        .into_iter()
        .map(|mediator| {
            let outcomes = move || {
                let name = |value: &str| {
                    outcome_key(value)
                        .map_or_else(|| value.to_owned(), |key| i18n.tr(key).to_owned())
                };
                outcome_summary(&mediator.by_outcome, name, i18n.tr(Key::ListSeparator))
            };
            view! {
                <tr>
                    <th scope="row">{mediator.display_name.clone()}</th>
                    <td>{mediator.in_mediation}</td>
                    <td>{mediator.closed}</td>
                    <td>{outcomes}</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <table class="data">
            <caption>{move || i18n.tr(Key::StaffDashMediatorsCaption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{move || i18n.tr(Key::StaffDashMediator)}</th>
                    <th scope="col">{move || i18n.tr(Key::StaffDashInMediation)}</th>
                    <th scope="col">{move || i18n.tr(Key::StaffDashClosed)}</th>
                    <th scope="col">{move || i18n.tr(Key::StaffDashOutcomes)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_show_one_decimal_and_a_dash_when_there_are_none() {
        assert_eq!(hours_text(Some(760.0)), "760.0");
        assert_eq!(hours_text(Some(12.04)), "12.0");
        assert_eq!(hours_text(None), "—");
    }

    #[test]
    fn the_trend_has_one_bar_per_month_of_the_chosen_series() {
        let months = vec![
            MonthFlow {
                month: "2026-11".to_owned(),
                filed: 4,
                closed: 0,
            },
            MonthFlow {
                month: "2026-12".to_owned(),
                filed: 5,
                closed: 3,
            },
        ];

        let closed = month_bars(&months, |flow| flow.closed);

        assert_eq!(
            closed,
            vec![
                Bar {
                    label: "11".to_owned(),
                    value: 0
                },
                Bar {
                    label: "12".to_owned(),
                    value: 3
                },
            ]
        );
    }

    #[test]
    fn outcomes_are_named_and_joined() {
        let outcomes = vec![
            FacetCount {
                value: "resolved".to_owned(),
                count: 2,
            },
            FacetCount {
                value: "mediation_failed".to_owned(),
                count: 1,
            },
        ];

        let summary = outcome_summary(&outcomes, |value| value.to_uppercase(), ", ");

        assert_eq!(summary, "RESOLVED 2, MEDIATION_FAILED 1");
        assert_eq!(outcome_summary(&[], |value| value.to_owned(), ", "), "—");
    }

    #[test]
    fn known_outcomes_have_labels_and_unknown_ones_do_not() {
        assert_eq!(outcome_key("resolved"), Some(Key::OutcomeResolved));
        assert_eq!(outcome_key("unknown"), None);
    }
}
