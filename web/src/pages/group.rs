//! `/groups/:id`: one group complaint (集体投诉) as the caller may see it:
//! staff every member and the group's mediator, the business its members
//! and the common offer, a consumer the group and their own complaint.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::accounts::{StaffRole, UserKind};
use shared::cases::AssignMediatorRequest;
use shared::groups::{GroupComplaint, GroupMember, GroupOfferRequest, GroupOfferResult};
use shared::{ComplaintId, GroupComplaintId};

use crate::api::{complaints, groups};
use crate::components::case::actions::read_money_and_date;
use crate::components::case::display::shanghai_time;
use crate::components::case::form::FormState;
use crate::components::case::inputs::TextArea;
use crate::components::case::labels::state_key;
use crate::components::error_notice::ErrorNotice;
use crate::components::field::Field;
use crate::guard::redirect_when;
use crate::i18n::{I18n, Key};
use crate::session::Session;

#[component]
pub fn GroupPage() -> impl IntoView {
    let (i18n, session) = (I18n::expect(), Session::expect());
    redirect_when(move || !session.is_signed_in(), "/login");
    let params = use_params_map();
    let id = move || {
        params
            .with(|params| params.get("id"))
            .and_then(|id| uuid::Uuid::parse_str(&id).ok())
            .map(GroupComplaintId)
    };
    let refresh = RwSignal::new(0u32);
    // Kept here, above the reloaded group, so that the answer to the common
    // offer stays on the page when the members are read again.
    let offered = RwSignal::new(None::<GroupOfferResult>);
    let group = LocalResource::new(move || {
        refresh.track();
        let id = id();
        async move {
            match id {
                Some(id) => Some(groups::get(id).await),
                None => None,
            }
        }
    });

    view! {
        <Show when=move || session.is_signed_in()>
            <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match group.await {
                        Some(Ok(group)) => view! { <GroupView group refresh offered/> }.into_any(),
                        Some(Err(error)) => view! { <section class="card wide"><ErrorNotice error/></section> }.into_any(),
                        None => view! { <p class="notice error">{move || i18n.tr(Key::NotFoundBody)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </Show>
    }
}

#[component]
fn GroupView(
    group: GroupComplaint,
    refresh: RwSignal<u32>,
    offered: RwSignal<Option<GroupOfferResult>>,
) -> impl IntoView {
    let (i18n, session) = (I18n::expect(), Session::expect());
    let kind = session.kind();
    let routes = matches!(kind, Some(UserKind::PlatformAdmin))
        || session.has_role(StaffRole::IntakeOfficer)
        || session.has_role(StaffRole::AssociationAdmin);
    let first_member = group.members.first().map(|m| m.complaint_id);
    let count = group.member_count.to_string();
    let id = group.id;

    view! {
        <section class="card wide group">
            <p class="muted">{move || i18n.tr(Key::GroupsTitle)} " · " {group.association.name.clone()}</p>
            <h1>{group.title.clone()}</h1>
            <p><strong>{group.business.name.clone()}</strong> " · "
                {move || i18n.tr(Key::GroupsMemberCount).replace("{n}", &count)}</p>
            <h2>{move || i18n.tr(Key::GroupsCause)}</h2>
            <p>{group.cause.clone()}</p>
            <h2>{move || i18n.tr(Key::GroupsMembers)}</h2>
            <ul class="plain members">
                {group.members.into_iter().map(|member| view! { <MemberLine member kind/> }).collect_view()}
            </ul>
        </section>
        {(routes && kind != Some(UserKind::Business)).then(|| first_member.map(|member| {
            let current = group.mediator_id.map(|m| m.to_string()).unwrap_or_default();
            view! { <GroupMediator id member current refresh/> }
        })).flatten()}
        {(kind == Some(UserKind::Business)).then(|| view! { <CommonOffer id refresh result=offered/> })}
    }
}

#[component]
fn MemberLine(member: GroupMember, kind: Option<UserKind>) -> impl IntoView {
    let i18n = I18n::expect();
    let href = case_path(kind, member.complaint_id);
    let state = member.state;

    view! {
        <li>
            <a href=href>{member.number}</a> " · "
            <span class="badge">{move || i18n.tr(state_key(state))}</span>
            {member.offer_pending.then(|| view! { " " <span class="badge">{move || i18n.tr(Key::GroupsOfferPending)}</span> })}
            <span class="muted">" " {shanghai_time(member.filed_at)}</span>
        </li>
    }
}

/// Where the caller opens a member's case.
fn case_path(kind: Option<UserKind>, id: ComplaintId) -> String {
    match kind {
        Some(UserKind::Business) => format!("/business/complaints/{id}"),
        Some(UserKind::Staff | UserKind::PlatformAdmin) => format!("/staff/complaints/{id}"),
        _ => format!("/my/complaints/{id}"),
    }
}

/// The group's mediator: every member in mediation moves to them.
#[component]
fn GroupMediator(
    id: GroupComplaintId,
    member: ComplaintId,
    current: String,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let choices = LocalResource::new(move || complaints::mediators(member));
    let form = FormState::new();
    let chosen = RwSignal::new(current.clone());
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let Ok(mediator_id) = serde_json::from_value(chosen.get_untracked().into()) else {
            return;
        };
        let request = AssignMediatorRequest { mediator_id };
        form.send(
            async move { groups::assign_mediator(id, &request).await },
            move |_| refresh.update(|n| *n += 1),
        );
    };

    view! {
        <section class="card" aria-labelledby="group-mediator-title">
            <h2 id="group-mediator-title">{move || i18n.tr(Key::GroupsMediator)}</h2>
            <p class="hint">{move || i18n.tr(Key::GroupsMediatorHint)}</p>
            <form on:submit=submit novalidate>
                {form.notice()}
                <div class="field">
                    <label for="group-mediator">{move || i18n.tr(Key::GroupsMediator)}</label>
                    <select id="group-mediator" on:change=move |event| chosen.set(event_target_value(&event))>
                        <option value="" selected=current.is_empty()>{move || i18n.tr(Key::GroupsNoMediator)}</option>
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                choices.await.unwrap_or_default().into_iter().map(|choice| {
                                    let value = choice.id.to_string();
                                    let selected = chosen.get_untracked() == value;
                                    view! { <option value=value selected=selected>{choice.display_name}</option> }
                                }).collect_view()
                            })}
                        </Suspense>
                    </select>
                </div>
                <button type="submit" class="primary" disabled=form.pending()>
                    {move || i18n.tr(Key::GroupsAssignMediator)}
                </button>
            </form>
        </section>
    }
}

/// The business's one offer to every member waiting for one.
#[component]
fn CommonOffer(
    id: GroupComplaintId,
    refresh: RwSignal<u32>,
    result: RwSignal<Option<GroupOfferResult>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let (terms, amount, perform_by) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let (amount_fen, perform_by) =
            match read_money_and_date(&amount.get_untracked(), &perform_by.get_untracked()) {
                Ok(read) => read,
                Err(refused) => return form.refuse(refused),
            };
        let request = GroupOfferRequest {
            terms: terms.get_untracked().trim().to_owned(),
            amount_fen,
            perform_by,
        };
        form.send(
            async move { groups::offer(id, &request).await },
            move |answer| {
                result.set(Some(answer));
                refresh.update(|n| *n += 1);
            },
        );
    };

    view! {
        <section class="card" aria-labelledby="common-offer-title">
            <h2 id="common-offer-title">{move || i18n.tr(Key::GroupsOfferTitle)}</h2>
            <p class="hint">{move || i18n.tr(Key::GroupsOfferHint)}</p>
            <form on:submit=submit novalidate>
                {form.notice()}
                <TextArea id="terms" label=Key::CaseTerms value=terms error=form.error("terms")/>
                <Field name="amount_fen" label=Key::CaseAmountYuan value=amount error=form.error("amount_fen") placeholder=Key::CaseAmountHint/>
                <Field name="perform_by" label=Key::CasePerformBy value=perform_by error=form.error("perform_by") kind="date"/>
                <button type="submit" class="primary" disabled=form.pending()>
                    {move || i18n.tr(Key::GroupsOfferSend)}
                </button>
            </form>
            {move || result.get().map(|result| view! { <OfferResult result/> })}
        </section>
    }
}

#[component]
fn OfferResult(result: GroupOfferResult) -> impl IntoView {
    let i18n = I18n::expect();
    let skipped = (!result.skipped.is_empty()).then(|| {
        let numbers: Vec<String> = result.skipped.iter().map(|s| s.number.clone()).collect();
        view! { <p class="hint">{move || i18n.tr(Key::GroupsSkipped)} " " {numbers.join("、")}</p> }
    });

    view! {
        <div class="notice" role="status">
            <p>{move || i18n.tr(Key::GroupsOffered)} " " {result.offered.join("、")}</p>
            {skipped}
        </div>
    }
}
