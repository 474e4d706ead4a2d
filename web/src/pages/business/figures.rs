//! `/business/figures`: how my business handled complaints in the last year.

use leptos::prelude::*;
use shared::BusinessId;
use shared::businesses::{BusinessFigures, FiguresQuery};

use crate::api::{auth, businesses};
use crate::components::case::bars::Bars;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{I18n, Key};

/// The figures as chart rows, in the order a case runs.
pub fn figure_rows(figures: &BusinessFigures) -> Vec<(Key, u64)> {
    vec![
        (Key::FiguresReceived, figures.received),
        (Key::FiguresReconciliation, figures.reconciliation_cases),
        (Key::FiguresInTime, figures.answered_in_time),
        (Key::FiguresMissed, figures.missed_deadline),
        (Key::FiguresReconciled, figures.reconciled),
        (Key::FiguresResolved, figures.resolved),
        (Key::FiguresRatings, figures.ratings),
    ]
}

async fn load() -> Result<Option<(BusinessId, BusinessFigures)>, crate::api::ApiError> {
    let Some(business) = auth::me().await?.business_id else {
        return Ok(None);
    };
    let figures = businesses::figures(business, &FiguresQuery::default()).await?;
    Ok(Some((business, figures)))
}

/// The last 365 days' figures as bars, with the average rating.
#[component]
pub fn BusinessFiguresPage() -> impl IntoView {
    let i18n = I18n::expect();
    let data = LocalResource::new(load);

    view! {
        <section class="card wide">
            <h1>{move || i18n.tr(Key::FiguresTitle)}</h1>
            <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some((_, figures))) => {
                            let period = format!("{} – {}", figures.from, figures.to);
                            let rating = figures.average_rating.map(|average| format!("{average:.1} / 5"));
                            view! {
                                <p class="intro">{period}</p>
                                <Bars title=Key::FiguresTitle rows=figure_rows(&figures)/>
                                {rating.map(|rating| view! {
                                    <p>{move || i18n.tr(Key::FiguresAverageRating)} " " <strong>{rating}</strong></p>
                                })}
                            }.into_any()
                        }
                        Ok(None) => view! { <p class="empty">{move || i18n.tr(Key::BizNoBusiness)}</p> }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
