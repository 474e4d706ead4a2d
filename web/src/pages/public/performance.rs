//! `/performance`: how an association handles the complaints filed with it
//! (time to accept, time to close, outcomes, deadlines kept), chosen from
//! the list of associations; the choice lives in the address.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::complaints::Outcome;
use shared::organisations::AssociationQuery;
use shared::stats::{
    AssociationPerformance, DeadlineRecord, HandlingTime, MonthFlow, PerformanceQuery,
};
use shared::{AssociationId, page::MAX_PAGE_SIZE};

use super::display;
use super::labels;
use super::search_query::parse;
use super::stats::{Figure, bars, month_label};
use super::widgets::{Empty, Loading, SelectField};
use crate::api::{organisations, public};
use crate::components::bar_chart::{Bar, BarList, ColumnChart};
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{I18n, Key};

#[component]
pub fn PerformancePage() -> impl IntoView {
    let i18n = I18n::expect();
    let params = use_query_map();
    let chosen = Memo::new(move |_| {
        params.with(|params| {
            params
                .get("association")
                .and_then(|id| id.parse::<uuid::Uuid>().ok())
                .map(AssociationId)
        })
    });

    view! {
        <section class="public wide">
            <h1>{move || i18n.tr(Key::PerformanceTitle)}</h1>
            <p class="intro">{move || i18n.tr(Key::PerformanceIntro)}</p>
            <AssociationChoice chosen/>
            {move || match chosen.get() {
                Some(association) => view! { <PerformanceView association/> }.into_any(),
                None => view! { <Empty text=Key::PerformanceChoose/> }.into_any(),
            }}
        </section>
    }
}

/// The associations to choose from; choosing one puts it in the address.
#[component]
fn AssociationChoice(chosen: Memo<Option<AssociationId>>) -> impl IntoView {
    let navigate = use_navigate();
    let value = RwSignal::new(
        chosen
            .get_untracked()
            .map(|id| id.to_string())
            .unwrap_or_default(),
    );
    let listed = LocalResource::new(|| async {
        let query = AssociationQuery {
            limit: Some(MAX_PAGE_SIZE),
            ..AssociationQuery::default()
        };
        organisations::associations(&query)
            .await
            .map(|page| page.items)
            .unwrap_or_default()
    });
    let choices = Signal::derive(move || {
        listed
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|association| (association.id.to_string(), association.name))
            .collect::<Vec<_>>()
    });
    Effect::new(move |previous: Option<String>| {
        let now = value.get();
        if previous.is_some_and(|previous| previous != now) {
            let href = if now.is_empty() {
                "/performance".to_owned()
            } else {
                format!("/performance?association={now}")
            };
            navigate(&href, NavigateOptions::default());
        }
        now
    });

    view! { <SelectField name="association" label=Key::PerformanceAssociation value choices any=Key::ChooseOne/> }
}

#[component]
fn PerformanceView(association: AssociationId) -> impl IntoView {
    let figures = LocalResource::new(move || async move {
        public::performance(association, &PerformanceQuery::default()).await
    });

    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match figures.await {
                    Ok(figures) => view! { <Figures figures/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Figures(figures: AssociationPerformance) -> impl IntoView {
    let i18n = I18n::expect();
    let AssociationPerformance {
        association_name,
        from,
        to,
        filed,
        accepted,
        closed,
        open,
        by_outcome,
        time_to_accept,
        time_to_close,
        deadlines,
        by_month,
        ..
    } = figures;
    let period = move || {
        i18n.tr(Key::PubStatsPeriod)
            .replace("{from}", &from.to_string())
            .replace("{to}", &to.to_string())
    };
    let months: Vec<Bar> = by_month
        .iter()
        .map(|MonthFlow { month, filed, .. }| Bar {
            label: month_label(month),
            value: *filed,
        })
        .collect();
    let outcomes = Signal::derive(move || {
        bars(&by_outcome, |value| {
            let key = parse::<Outcome>(value).map_or(Key::PubOutcomeOpen, labels::outcome);
            i18n.tr(key).to_owned()
        })
    });
    let tr = move |key: Key| Signal::derive(move || i18n.tr(key).to_owned());

    view! {
        <h2>{association_name}</h2>
        <p class="summary">{period}</p>
        <div class="figures">
            <Figure label=Key::PerformanceFiled value=display::count(filed)/>
            <Figure label=Key::PerformanceAccepted value=display::count(accepted)/>
            <Figure label=Key::PerformanceClosed value=display::count(closed)/>
            <Figure label=Key::PerformanceOpen value=display::count(open)/>
        </div>
        <Times accept=time_to_accept close=time_to_close/>
        <Deadlines records=deadlines/>
        <div class="charts">
            <ColumnChart caption=tr(Key::PerformanceByMonth) bars=months label_header=tr(Key::PubMonth) value_header=tr(Key::PubCount)/>
            <BarList caption=tr(Key::PubByOutcome) bars=outcomes label_header=tr(Key::PubOutcome) value_header=tr(Key::PubCount)/>
        </div>
    }
}

/// Median and 90th percentile of the two handling times, in days.
#[component]
fn Times(accept: HandlingTime, close: HandlingTime) -> impl IntoView {
    let i18n = I18n::expect();
    let shown = |hours: Option<f64>| hours.map_or_else(|| "—".to_owned(), display::days);
    let row = move |label: Key, time: HandlingTime| {
        view! {
            <tr>
                <th scope="row">{move || i18n.tr(label)}</th>
                <td>{shown(time.median_hours)}</td>
                <td>{shown(time.p90_hours)}</td>
                <td>{display::count(time.cases)}</td>
            </tr>
        }
    };

    view! {
        <table class="data">
            <caption>{move || i18n.tr(Key::PerformanceTimes)}</caption>
            <thead>
                <tr>
                    <th scope="col">{move || i18n.tr(Key::PerformanceStep)}</th>
                    <th scope="col">{move || i18n.tr(Key::PerformanceMedian)}</th>
                    <th scope="col">{move || i18n.tr(Key::PerformanceP90)}</th>
                    <th scope="col">{move || i18n.tr(Key::PerformanceCases)}</th>
                </tr>
            </thead>
            <tbody>
                {row(Key::PerformanceToAccept, accept)}
                {row(Key::PerformanceToClose, close)}
            </tbody>
        </table>
    }
}

/// Deadlines met and missed by kind, with the share met.
#[component]
fn Deadlines(records: Vec<DeadlineRecord>) -> impl IntoView {
    let i18n = I18n::expect();
    if records.is_empty() {
        return view! { <Empty text=Key::PerformanceNoDeadlines/> }.into_any();
    }
    let rows = records
        .into_iter()
        .map(|DeadlineRecord { kind, met, missed }| {
            let key = crate::pages::consumer::labels::deadline(kind);
            let share = display::percent(met as f64 / (met + missed).max(1) as f64);
            view! {
                <tr>
                    <th scope="row">{move || i18n.tr(key)}</th>
                    <td>{display::count(met)}</td>
                    <td>{display::count(missed)}</td>
                    <td>{share}</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <table class="data">
            <caption>{move || i18n.tr(Key::PerformanceDeadlines)}</caption>
            <thead>
                <tr>
                    <th scope="col">{move || i18n.tr(Key::PerformanceDeadline)}</th>
                    <th scope="col">{move || i18n.tr(Key::PerformanceMet)}</th>
                    <th scope="col">{move || i18n.tr(Key::PerformanceMissed)}</th>
                    <th scope="col">{move || i18n.tr(Key::PerformanceShareMet)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
