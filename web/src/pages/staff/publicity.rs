//! `/staff/publicity`: case publicity listings (个案公示) and lifting them
//! once the business put things right. Listing is done from a case page.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::ids::CasePublicityId;
use shared::publicity::{CasePublicityEntry, CasePublicityQuery, LiftingRequest, PublicityStatus};

use crate::api::publicity;
use crate::components::case::display::shanghai_time;
use crate::components::case::form::FormState;
use crate::components::case::inputs::TextArea;
use crate::components::case::publicity::ground_key;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{I18n, Key};

/// The listings that still stand, newest first, each with a lifting form.
#[component]
pub fn PublicityListings() -> impl IntoView {
    let i18n = I18n::expect();
    let refresh = RwSignal::new(0u32);
    let listings = LocalResource::new(move || {
        refresh.track();
        async {
            let query = CasePublicityQuery {
                status: Some(PublicityStatus::Active),
                limit: Some(100),
                ..CasePublicityQuery::default()
            };
            publicity::listings(&query).await
        }
    });

    view! {
        <section class="card wide">
            <h1>{move || i18n.tr(Key::PublicityTitle)}</h1>
            <p class="intro">{move || i18n.tr(Key::PublicityIntro)}</p>
            <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match listings.await {
                        Ok(page) if page.items.is_empty() => view! { <p class="empty">{move || i18n.tr(Key::PublicityNone)}</p> }.into_any(),
                        Ok(page) => page.items.into_iter().map(|entry| view! { <Listing entry refresh/> }).collect_view().into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Listing(entry: CasePublicityEntry, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let ground = entry.ground;

    view! {
        <article class="application">
            <h2>{entry.business_name}</h2>
            <p>
                <span class="tag">{move || i18n.tr(ground_key(ground))}</span>
                " " <span class="case-filed">{shanghai_time(entry.listed_at)} " · " {entry.association_name}</span>
            </p>
            <p class="body">{entry.statement}</p>
            <p class="case-filed">{entry.complaint_numbers.join(", ")}</p>
            <LiftForm listing=entry.id refresh/>
        </article>
    }
}

#[component]
fn LiftForm(listing: CasePublicityId, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let statement = RwSignal::new(String::new());
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let request = LiftingRequest {
            statement: statement.get_untracked().trim().to_owned(),
        };
        form.send(
            async move { publicity::lift(listing, &request).await },
            move |_| refresh.update(|n| *n += 1),
        );
    };

    view! {
        <details class="step">
            <summary>{move || i18n.tr(Key::PublicityLift)}</summary>
            <form on:submit=submit novalidate>
                {form.notice()}
                <TextArea id=format!("lift-{listing}") label=Key::PublicityLiftStatement value=statement error=form.error("statement") rows=3/>
                <button type="submit" class="primary" disabled=form.pending()>{move || i18n.tr(Key::PublicityLift)}</button>
            </form>
        </details>
    }
}
