//! Group complaints on a case page: the group the case belongs to, or the
//! groups against the same business it could join; and, for staff, the
//! complaints most like it.

use leptos::prelude::*;
use shared::groups::{GroupSummary, JoinGroupRequest};
use shared::{ComplaintId, GroupComplaintId};

use crate::api::groups;
use crate::components::case::form::FormState;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{I18n, Key};

/// The case's group, or the groups it may join while it is open.
#[component]
pub fn GroupPanel(
    id: ComplaintId,
    group_id: Option<GroupComplaintId>,
    open: bool,
    /// Runs after the case joined a group.
    joined: Callback<()>,
) -> impl IntoView {
    let i18n = I18n::expect();

    match group_id {
        Some(group) => view! {
            <section class="card group-link">
                <p>{move || i18n.tr(Key::GroupsPartOf)} " "
                    <a href=format!("/groups/{group}")>{move || i18n.tr(Key::GroupsOpen)}</a>
                </p>
            </section>
        }
        .into_any(),
        None if open => view! { <Joinable id joined/> }.into_any(),
        None => ().into_any(),
    }
}

/// The groups against the case's business; nothing when there is none.
#[component]
fn Joinable(id: ComplaintId, joined: Callback<()>) -> impl IntoView {
    let i18n = I18n::expect();
    let found = LocalResource::new(move || groups::for_complaint(id));

    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(list) if list.is_empty() => ().into_any(),
                    Ok(list) => view! {
                        <section class="card" aria-labelledby="joinable-title">
                            <h2 id="joinable-title">{move || i18n.tr(Key::GroupsJoinable)}</h2>
                            <p class="hint">{move || i18n.tr(Key::GroupsJoinableHint)}</p>
                            <ul class="plain">
                                {list.into_iter().map(|group| view! { <JoinItem id group joined/> }).collect_view()}
                            </ul>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn JoinItem(id: ComplaintId, group: GroupSummary, joined: Callback<()>) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let group_id = group.id;
    let join = move |_| {
        let request = JoinGroupRequest { complaint_id: id };
        form.send(
            async move { groups::join(group_id, &request).await },
            move |_| joined.run(()),
        );
    };
    let count = group.member_count.to_string();

    view! {
        <li class="group-item">
            <p><strong>{group.title}</strong> " · "
                {move || i18n.tr(Key::GroupsMemberCount).replace("{n}", &count)}</p>
            <p>{group.cause}</p>
            {form.notice()}
            <button type="button" class="primary" on:click=join disabled=form.pending()>
                {move || i18n.tr(Key::GroupsJoin)}
            </button>
        </li>
    }
}

/// Complaints like this one, most similar first (staff).
#[component]
pub fn SimilarPanel(id: ComplaintId) -> impl IntoView {
    let i18n = I18n::expect();
    let found = LocalResource::new(move || groups::similar(id));

    view! {
        <section class="card" aria-labelledby="similar-title">
            <h2 id="similar-title">{move || i18n.tr(Key::GroupsSimilar)}</h2>
            <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(list) if list.is_empty() => view! { <p class="hint">{move || i18n.tr(Key::GroupsSimilarEmpty)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="plain similar">
                                {list.into_iter().map(|similar| {
                                    let share = format!("{:.0}%", similar.similarity * 100.0);
                                    view! {
                                        <li>
                                            <a href=format!("/staff/complaints/{}", similar.id)>{similar.number}</a>
                                            " · " {move || i18n.tr(Key::GroupsSimilarity)} " " {share}
                                            <p class="muted">{similar.excerpt}</p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
