//! `/`: the public front page: a search box, a few figures, the latest
//! published complaints and the ways into rankings, publicity and statistics.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use shared::publication::{PublicSearchQuery, PublicSort};
use shared::stats::PublicStatsQuery;

use super::display;
use super::search_query::href;
use super::widgets::{HitList, Loading};
use crate::api::public;
use crate::components::error_notice::ErrorNotice;
use crate::components::field::Field;
use crate::i18n::{I18n, Key};

/// How many of the latest complaints the front page shows.
const LATEST: u32 = 5;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = I18n::expect();

    view! {
        <section class="public">
            <h1>{move || i18n.tr(Key::PubHomeTitle)}</h1>
            <p class="intro">{move || i18n.tr(Key::PubHomeIntro)}</p>
            <HomeSearch/>
            <HomeFigures/>
            <nav class="explore" aria-label=move || i18n.tr(Key::PubExplore)>
                <a href="/complaints">{move || i18n.tr(Key::PubComplaintsTitle)}</a>
                <a href="/rankings">{move || i18n.tr(Key::PubRankingsTitle)}</a>
                <a href="/publicity">{move || i18n.tr(Key::PubPublicityTitle)}</a>
                <a href="/stats">{move || i18n.tr(Key::PubStatsTitle)}</a>
                <a href="/warnings">{move || i18n.tr(Key::WarningsTitle)}</a>
            </nav>
            <h2>{move || i18n.tr(Key::PubLatestComplaints)}</h2>
            <LatestComplaints/>
        </section>
    }
}

/// The search box: sends the words to the complaints list.
#[component]
fn HomeSearch() -> impl IntoView {
    let i18n = I18n::expect();
    let navigate = use_navigate();
    let words = RwSignal::new(String::new());
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let query = PublicSearchQuery {
            q: Some(words.get_untracked().trim().to_owned()).filter(|it| !it.is_empty()),
            ..PublicSearchQuery::default()
        };
        navigate(&href(&query), NavigateOptions::default());
    };

    view! {
        <form class="search home-search" role="search" on:submit=submit>
            <Field name="q" label=Key::PubSearchLabel value=words error=Signal::derive(|| None::<String>) kind="search" placeholder=Key::PubSearchHint/>
            <button type="submit" class="primary">{move || i18n.tr(Key::PubSearch)}</button>
        </form>
    }
}

/// Published complaints, money recovered and cases over the last year.
#[component]
fn HomeFigures() -> impl IntoView {
    let i18n = I18n::expect();
    let stats = LocalResource::new(|| async { public::stats(&PublicStatsQuery::default()).await });

    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match stats.await {
                    Ok(stats) => view! {
                        <div class="figures" aria-label=move || i18n.tr(Key::PubLastYear)>
                            <div class="figure">
                                <span class="figure-value">{display::count(stats.total)}</span>
                                <span class="figure-label">{move || i18n.tr(Key::PubPublishedCount)}</span>
                            </div>
                            <div class="figure">
                                <span class="figure-value">{display::yuan(stats.money_recovered.amount_fen)}</span>
                                <span class="figure-label">{move || i18n.tr(Key::PubMoneyRecovered)}</span>
                            </div>
                            <div class="figure">
                                <span class="figure-value">{display::count(stats.money_recovered.cases)}</span>
                                <span class="figure-label">{move || i18n.tr(Key::PubCasesWithMoney)}</span>
                            </div>
                        </div>
                        <p class="muted">{move || i18n.tr(Key::PubLastYear)} " · " <a href="/stats">{move || i18n.tr(Key::PubMoreStats)}</a></p>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LatestComplaints() -> impl IntoView {
    let i18n = I18n::expect();
    let latest = LocalResource::new(|| async {
        let query = PublicSearchQuery {
            sort: Some(PublicSort::Newest),
            limit: Some(LATEST),
            ..PublicSearchQuery::default()
        };
        public::search_complaints(&query).await
    });

    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match latest.await {
                    Ok(page) => view! { <HitList hits=page.items empty=Key::PubNoPublishedComplaints/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
        <p><a href="/complaints">{move || i18n.tr(Key::PubAllComplaints)}</a></p>
    }
}
