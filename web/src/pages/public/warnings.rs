//! `/warnings`: the consumer warnings (消费警示) in force, newest first,
//! with the business each concerns.

use leptos::prelude::*;
use shared::page::Page;
use shared::warnings::{PublicConsumerWarning, PublicWarningQuery};

use super::paging::Paged;
use super::widgets::{Empty, Loading};
use crate::api::warnings;
use crate::components::case::display::shanghai_time;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{I18n, Key};

const PAGE_SIZE: u32 = 20;

#[component]
pub fn WarningsPage() -> impl IntoView {
    let i18n = I18n::expect();
    let first = LocalResource::new(|| async {
        let query = PublicWarningQuery {
            limit: Some(PAGE_SIZE),
            ..PublicWarningQuery::default()
        };
        warnings::public(&query).await
    });

    view! {
        <section class="public">
            <h1>{move || i18n.tr(Key::WarningsTitle)}</h1>
            <p class="intro">{move || i18n.tr(Key::WarningsIntro)}</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match first.await {
                        Ok(page) => view! { <WarningPages page/> }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn WarningPages(page: Page<PublicConsumerWarning>) -> impl IntoView {
    let paged = Paged::new(page.items, page.next_cursor);
    let more = paged.more(move |cursor| async move {
        let page = warnings::public(&PublicWarningQuery {
            cursor: Some(cursor),
            limit: Some(PAGE_SIZE),
            ..PublicWarningQuery::default()
        })
        .await?;
        Ok((page.items, page.next_cursor))
    });
    let items = paged.items;

    view! {
        <Show when=move || items.with(|items| !items.is_empty()) fallback=|| view! { <Empty text=Key::WarningsEmpty/> }>
            <For each=move || items.get() key=|warning| warning.id let:warning>
                <WarningCard warning/>
            </For>
        </Show>
        {paged.footer(more)}
    }
}

#[component]
fn WarningCard(warning: PublicConsumerWarning) -> impl IntoView {
    let business = warning
        .business_id
        .zip(warning.business_name)
        .map(|(id, name)| {
            view! { <p><a href=format!("/businesses/{id}")>{name}</a></p> }
        });

    view! {
        <article class="card warning">
            <h2>{warning.title}</h2>
            <p class="muted">{warning.association_name} " · " {shanghai_time(warning.issued_at)}</p>
            {business}
            <p class="body">{warning.body}</p>
        </article>
    }
}
