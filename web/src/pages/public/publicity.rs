//! `/publicity`: every case publicity listing, newest first; those that
//! stand and those lifted, each with its history.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::Page;
use shared::publicity::{CasePublicityEntry, CasePublicityQuery, PublicityStatus};

use super::paging::Paged;
use super::search_query::parse;
use super::widgets::{Empty, Loading, PublicityCard};
use crate::api::public;
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
    let paged = Paged::new(page.items, page.next_cursor);
    let more = paged.more(move |cursor| {
        let query = CasePublicityQuery {
            cursor: Some(cursor),
            ..query.clone()
        };
        async move {
            let page = public::case_publicity(&query).await?;
            Ok((page.items, page.next_cursor))
        }
    });
    let entries = paged.items;

    view! {
        <Show when=move || entries.with(|entries| !entries.is_empty()) fallback=|| view! { <Empty text=Key::PubNoPublicity/> }>
            <For each=move || entries.get() key=|entry| entry.id let:entry>
                <PublicityCard entry/>
            </For>
        </Show>
        {paged.footer(more)}
    }
}
