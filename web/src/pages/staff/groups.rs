//! `/staff/groups`: proposed group complaints (similar complaints against
//! one business) that staff confirm with a name and the common cause, and
//! the association's confirmed groups.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::AssociationId;
use shared::groups::{CreateGroupComplaintRequest, GroupProposal, GroupSummary};

use crate::api::groups;
use crate::components::case::display::shanghai_time;
use crate::components::case::form::FormState;
use crate::components::case::inputs::TextArea;
use crate::components::error_notice::ErrorNotice;
use crate::guard::redirect_when;
use crate::i18n::{I18n, Key};
use crate::session::Session;

#[component]
pub fn GroupDesk() -> impl IntoView {
    let (i18n, session) = (I18n::expect(), Session::expect());
    redirect_when(move || !session.is_signed_in(), "/login");
    let association = move || session.me().and_then(|me| me.association.map(|a| a.id));

    view! {
        <Show when=move || session.is_signed_in()>
            <section class="card wide">
                <h1>{move || i18n.tr(Key::GroupsTitle)}</h1>
                <p class="intro">{move || i18n.tr(Key::GroupsIntro)}</p>
                {move || association().map(|association| view! {
                    <Proposals association/>
                    <Confirmed association/>
                })}
            </section>
        </Show>
    }
}

#[component]
fn Proposals(association: AssociationId) -> impl IntoView {
    let i18n = I18n::expect();
    let proposals = LocalResource::new(move || groups::proposals(association));

    view! {
        <h2>{move || i18n.tr(Key::GroupsProposals)}</h2>
        <p class="hint">{move || i18n.tr(Key::GroupsProposalsHint)}</p>
        <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match proposals.await {
                    Ok(list) if list.is_empty() => view! { <p class="empty">{move || i18n.tr(Key::GroupsProposalsEmpty)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="plain proposals">
                            {list.into_iter().enumerate().map(|(index, proposal)| view! { <ProposalCard index proposal/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One proposal: its complaints and the form that confirms it.
#[component]
fn ProposalCard(index: usize, proposal: GroupProposal) -> impl IntoView {
    let i18n = I18n::expect();
    let navigate = use_navigate();
    let form = FormState::new();
    let words = proposal.common_words.join("、");
    let suggested: String = format!(
        "{}：{}",
        proposal.business.name,
        proposal
            .common_words
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("、")
    )
    .chars()
    .take(100)
    .collect();
    let (title, cause) = (RwSignal::new(suggested), RwSignal::new(String::new()));
    let ids: Vec<_> = proposal.complaints.iter().map(|c| c.id).collect();
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let request = CreateGroupComplaintRequest {
            title: title.get_untracked().trim().to_owned(),
            cause: cause.get_untracked().trim().to_owned(),
            complaint_ids: ids.clone(),
        };
        let navigate = navigate.clone();
        form.send(
            async move { groups::create(&request).await },
            move |group| {
                navigate(&format!("/groups/{}", group.id), Default::default());
            },
        );
    };
    let count = proposal.complaints.len().to_string();

    view! {
        <li class="card proposal">
            <h3>{proposal.business.name.clone()} " · "
                {move || i18n.tr(Key::GroupsMemberCount).replace("{n}", &count)}</h3>
            <p>{move || i18n.tr(Key::GroupsCommonWords)} "：" {words.clone()}</p>
            <p class="muted">{shanghai_time(proposal.first_filed_at)} " – " {shanghai_time(proposal.last_filed_at)}</p>
            <ul class="plain">
                {proposal.complaints.into_iter().map(|complaint| view! {
                    <li>
                        <a href=format!("/staff/complaints/{}", complaint.id)>{complaint.number}</a>
                        " " <span class="muted">{complaint.excerpt}</span>
                    </li>
                }).collect_view()}
            </ul>
            <form on:submit=submit novalidate>
                {form.notice()}
                <TextArea id=format!("title-{index}") label=Key::GroupsTitleLabel value=title error=form.error("title") rows=1/>
                <TextArea id=format!("cause-{index}") label=Key::GroupsCause value=cause error=form.error("cause") rows=2/>
                <button type="submit" class="primary" disabled=form.pending()>
                    {move || i18n.tr(Key::GroupsConfirm)}
                </button>
            </form>
        </li>
    }
}

#[component]
fn Confirmed(association: AssociationId) -> impl IntoView {
    let i18n = I18n::expect();
    let confirmed = LocalResource::new(move || groups::list(association));

    view! {
        <h2>{move || i18n.tr(Key::GroupsConfirmed)}</h2>
        <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match confirmed.await {
                    Ok(list) if list.is_empty() => view! { <p class="empty">{move || i18n.tr(Key::GroupsConfirmedEmpty)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="plain groups">
                            {list.into_iter().map(|group| view! { <GroupLine group/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn GroupLine(group: GroupSummary) -> impl IntoView {
    let i18n = I18n::expect();
    let count = group.member_count.to_string();

    view! {
        <li>
            <a href=format!("/groups/{}", group.id)>{group.title}</a>
            " · " {group.business.name} " · "
            {move || i18n.tr(Key::GroupsMemberCount).replace("{n}", &count)}
            <span class="muted">" " {shanghai_time(group.created_at)}</span>
        </li>
    }
}
