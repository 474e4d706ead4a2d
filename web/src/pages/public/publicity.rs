//! `/publicity`: every case publicity listing, newest first; those that
//! stand and those lifted, each with its history.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use shared::Page;
use shared::publicity::{CasePublicityEntry, CasePublicityQuery, PublicityStatus};

use super::search_query::parse;
use super::widgets::{Empty, Loading, MoreButton, PublicityCard};
use crate::api::{ApiError, public};
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{I18n, Key};

/// Listings per page.
const PAGE_SIZE: u32 = 20;

/// The listings with a switch between all, standing and lifted ones.
#[component]
pub fn PublicityPage() -> impl IntoView {
    let i18n = I18n::expect();
    let params = use_query_map();
    let status = Memo::new(move |_| {
        params.with(|params| {
            params
                .get("status")
                .and_then(|it| parse::<PublicityStatus>(&it))
        })
    });

    view! {
        <section class="public wide">
            <h1>{move || i18n.tr(Key::PubPublicityTitle)}</h1>
            <p class="intro">{move || i18n.tr(Key::PubPublicityIntro)}</p>
            <nav class="tabs" aria-label=move || i18n.tr(Key::PubPublicityStatus)>
                <StatusTab target=None current=status/>
                <StatusTab target=Some(PublicityStatus::Active) current=status/>
                <StatusTab target=Some(PublicityStatus::Lifted) current=status/>
            </nav>
            {move || view! { <Listings status=status.get()/> }}
        </section>
    }
}

/// A link to the listings with `target` status, marked when it is the current one.
#[component]
fn StatusTab(
    target: Option<PublicityStatus>,
    current: Memo<Option<PublicityStatus>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let (href, key) = match target {
        None => ("/publicity", Key::PubAllListings),
        Some(PublicityStatus::Active) => ("/publicity?status=active", Key::PubPublicityActive),
        Some(PublicityStatus::Lifted) => ("/publicity?status=lifted", Key::PubPublicityLifted),
    };
    let here = move || (current.get() == target).then_some("page");

    view! { <a href=href aria-current=here>{move || i18n.tr(key)}</a> }
}

#[component]
fn Listings(status: Option<PublicityStatus>) -> impl IntoView {
    let query = CasePublicityQuery {
        status,
        limit: Some(PAGE_SIZE),
        ..CasePublicityQuery::default()
    };
    let first = {
        let query = query.clone();
        LocalResource::new(move || {
            let query = query.clone();
            async move { public::case_publicity(&query).await }
        })
    };

    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || {
                let query = query.clone();
                Suspend::new(async move {
                    match first.await {
                        Ok(page) => view! { <ListingPages page query/> }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn ListingPages(page: Page<CasePublicityEntry>, query: CasePublicityQuery) -> impl IntoView {
    let entries = RwSignal::new(page.items);
    let next = RwSignal::new(page.next_cursor);
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let more = move || {
        let Some(cursor) = next.get_untracked() else {
            return;
        };
        let query = CasePublicityQuery {
            cursor: Some(cursor),
            ..query.clone()
        };
        pending.set(true);
        spawn_local(async move {
            match public::case_publicity(&query).await {
                Ok(page) => {
                    entries.update(|entries| entries.extend(page.items));
                    next.set(page.next_cursor);
                    failure.set(None);
                }
                Err(error) => failure.set(Some(error)),
            }
            pending.set(false);
        });
    };

    view! {
        <Show when=move || entries.with(|entries| !entries.is_empty()) fallback=|| view! { <Empty text=Key::PubNoPublicity/> }>
            <For each=move || entries.get() key=|entry| entry.id let:entry>
                <PublicityCard entry/>
            </For>
        </Show>
        {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
        <Show when=move || next.with(Option::is_some)>
            <MoreButton pending on_more=more.clone()/>
        </Show>
    }
}
