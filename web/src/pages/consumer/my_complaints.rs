//! `/my/complaints`: the consumer's complaints with their state and the time
//! left on the deadline that matters now, a page at a time.

use leptos::prelude::*;
use shared::cases::ComplaintSummary;

use super::labels;
use shared::cases::ComplaintQuery;

use crate::api::complaints;
use crate::components::error_notice::ErrorNotice;
use crate::guard::redirect_when;
use crate::i18n::{I18n, Key};
use crate::live::LiveEvents;
use crate::session::Session;

/// How many complaints one page shows.
const PAGE_SIZE: u32 = 20;

#[component]
pub fn MyComplaintsPage() -> impl IntoView {
    let (i18n, session) = (I18n::expect(), Session::expect());
    redirect_when(move || !session.is_signed_in(), "/login");
    // The cursors of the pages before the one shown, to go back.
    let cursors = RwSignal::new(vec![None::<String>]);
    // News about any of the consumer's cases reads the page shown again.
    let live = LiveEvents::expect();
    let page = LocalResource::new(move || {
        live.received();
        let cursor = cursors.with(|all| all.last().cloned().flatten());
        async move {
            let query = ComplaintQuery {
                cursor,
                limit: Some(PAGE_SIZE),
                ..ComplaintQuery::default()
            };
            complaints::list(&query).await
        }
    });

    view! {
        <Show when=move || session.is_signed_in()>
            <section class="card wide">
                <div class="title-row">
                    <h1>{move || i18n.tr(Key::MyComplaintsTitle)}</h1>
                    <a class="button primary small" href="/file">{move || i18n.tr(Key::FileTitle)}</a>
                </div>
                <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        match page.await {
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                            Ok(page) if page.items.is_empty() && cursors.with_untracked(|c| c.len() == 1) => view! {
                                <p class="empty">{move || i18n.tr(Key::MyComplaintsEmpty)}</p>
                            }.into_any(),
                            Ok(page) => {
                                let next = page.next_cursor.clone();
                                view! {
                                    <ul class="case-list">
                                        {page.items.into_iter().map(|summary| view! { <CaseLine summary/> }).collect_view()}
                                    </ul>
                                    <Pager cursors next/>
                                }.into_any()
                            }
                        }
                    })}
                </Suspense>
            </section>
        </Show>
    }
}

/// One complaint: number, business, state and countdown.
#[component]
fn CaseLine(summary: ComplaintSummary) -> impl IntoView {
    let i18n = I18n::expect();
    let href = format!("/my/complaints/{}", summary.id);
    let state = summary.state;
    let outcome = summary.outcome;
    let due = summary.next_due_at;

    view! {
        <li>
            <a class="case-line" href=href>
                <span class="case-business">{summary.business.name}</span>
                <span class="badge">{move || i18n.tr(labels::state(state))}
                    {move || outcome.map(|outcome| format!(" · {}", i18n.tr(labels::outcome(outcome))))}
                </span>
                <span class="muted">{summary.number} " · " {labels::china_time(summary.filed_at)}</span>
                {due.map(|due| view! {
                    <span class="countdown">{move || labels::countdown(due, labels::now(), i18n.language())}</span>
                })}
            </a>
        </li>
    }
}

/// Earlier and later pages.
#[component]
fn Pager(cursors: RwSignal<Vec<Option<String>>>, next: Option<String>) -> impl IntoView {
    let i18n = I18n::expect();
    let has_previous = move || cursors.with(|all| all.len() > 1);
    let has_next = next.is_some();

    view! {
        <div class="step-buttons">
            <Show when=has_previous>
                <button type="button" class="secondary" on:click=move |_| cursors.update(|all| { all.pop(); })>
                    {move || i18n.tr(Key::PagePrevious)}
                </button>
            </Show>
            <Show when=move || has_next>
                <button type="button" class="secondary" on:click={
                    let next = next.clone();
                    move |_| cursors.update(|all| all.push(next.clone()))
                }>
                    {move || i18n.tr(Key::PageNext)}
                </button>
            </Show>
        </div>
    }
}
