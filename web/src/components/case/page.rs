//! The case page shared by the business and the staff portals: the case,
//! its deadlines, the steps the caller may take, messages and timeline.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::ComplaintId;
use shared::accounts::StaffRole;
use shared::cases::Complaint;
use shared::complaints::ComplaintState;

use super::actions::StepForm;
use super::availability::{Portal, messages_open, offered_steps, sessions_open};
use super::classification::ClassificationPanel;
use super::display::{shanghai_time, yuan};
use super::labels::{deadline_key, deadline_status_key, outcome_key, state_key};
use super::mediator::MediatorForm;
use super::messages::Messages;
use super::news::{CaseChanged, ReadMark};
use super::publication::PublicationPanel;
use super::publicity::{PublicityForm, ground_for};
use super::referral::HandOver;
use super::sessions::SessionForm;
use super::templates::TemplateContext;
use super::timeline::Timeline;
use crate::api::{auth, complaints};
use crate::components::detail::Detail;
use crate::components::error_notice::ErrorNotice;
use crate::components::groups::{GroupPanel, SimilarPanel};
use crate::i18n::{I18n, Key};
use crate::session::Session;

/// The case id in the route, if it is one.
fn route_id() -> Memo<Option<ComplaintId>> {
    let params = use_params_map();
    Memo::new(move |_| {
        let raw = params.with(|params| params.get("id"))?;
        serde_json::from_value(serde_json::Value::String(raw)).ok()
    })
}

/// `/business/complaints/:id` and `/staff/complaints/:id`.
#[component]
pub fn CasePage(portal: Portal) -> impl IntoView {
    let i18n = I18n::expect();
    let id = route_id();
    let refresh = RwSignal::new(0u32);
    // News about the case shows a notice (the messages follow it by
    // themselves); the case is read again on the reader's request.
    let mark = ReadMark::new();
    let case = LocalResource::new(move || {
        refresh.track();
        let id = id.get();
        if let Some(id) = id {
            mark.read(id);
        }
        async move {
            match id {
                Some(id) => Some(complaints::get(id).await),
                None => None,
            }
        }
    });

    let changed = Signal::derive(move || id.get().is_some_and(|id| mark.has_news(id)));
    let show_latest = Callback::new(move |()| refresh.update(|n| *n += 1));

    view! {
        <div class="case-page">
        <CaseChanged changed show_latest/>
        <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match case.await {
                    Some(Ok(complaint)) => view! { <CaseView complaint portal refresh/> }.into_any(),
                    Some(Err(error)) => view! { <ErrorNotice error/> }.into_any(),
                    None => view! { <p class="notice error">{move || i18n.tr(Key::CaseNotFound)}</p> }.into_any(),
                }
            })}
        </Suspense>
        </div>
    }
}

#[component]
fn CaseView(complaint: Complaint, portal: Portal, refresh: RwSignal<u32>) -> impl IntoView {
    let id = complaint.id;
    let business = complaint.business.id;
    let steps = offered_steps(portal, &complaint.allowed_actions);
    let done = Callback::new(move |()| refresh.update(|n| *n += 1));
    let open = messages_open(complaint.state);
    let sessions =
        portal == Portal::Staff && sessions_open(complaint.state, &complaint.allowed_actions);
    let hand_over = portal == Portal::Staff
        && complaint.state == ComplaintState::Mediating
        && routes_cases(Session::expect());
    let ground = (portal == Portal::Staff)
        .then(|| ground_for(complaint.state, complaint.outcome))
        .flatten();
    let context = TemplateContext {
        number: complaint.number.clone(),
        consumer: complaint.consumer.name.clone(),
        business: complaint.business.name.clone(),
    };
    let business_templates = LocalResource::new(auth::me);
    let number = complaint.number.clone();
    let i18n = I18n::expect();

    let labels = (portal == Portal::Staff).then(|| {
        let (category_code, nature_code) = (
            complaint.category_code.clone(),
            complaint.nature_code.clone(),
        );
        view! { <ClassificationPanel id category_code nature_code refresh/> }
    });

    let group_id = complaint.group_id;
    let joinable = portal == Portal::Staff && complaint.state != ComplaintState::Closed;
    let similar = (portal == Portal::Staff).then(|| view! { <SimilarPanel id/> });

    view! {
        <CaseSummary complaint=complaint.clone()/>
        <GroupPanel id group_id open=joinable joined=done/>
        {labels}
        {similar}
        <Show when={let any = !steps.is_empty() || sessions || hand_over || ground.is_some(); move || any}>
            <section class="card" aria-labelledby="steps-title">
                <h2 id="steps-title">{move || i18n.tr(Key::CaseSteps)}</h2>
                {steps.clone().into_iter().map(|step| view! { <StepForm id step done/> }).collect_view()}
                {sessions.then(|| view! { <SessionForm id refresh/> })}
                {hand_over.then(|| view! { <MediatorForm id refresh/> })}
                {ground.map(|ground| view! { <PublicityForm business id ground/> })}
            </section>
        </Show>
        {match portal {
            Portal::Staff => view! { <Messages id portal open refresh/> }.into_any(),
            Portal::Business => view! {
                <Suspense fallback=|| ()>
                    {move || {
                        let context = context.clone();
                        Suspend::new(async move {
                            let business = business_templates.await.ok().and_then(|me| me.business_id);
                            let templates = business.map(|business| (business, context));
                            view! { <Messages id portal open refresh templates/> }
                        })
                    }}
                </Suspense>
            }.into_any(),
        }}
        {(complaint.state == ComplaintState::Closed)
            .then(|| view! { <PublicationPanel id portal/> })}
        {(portal == Portal::Staff).then(|| view! { <HandOver id number refresh/> })}
        <Timeline id refresh/>
    }
}

/// Whether the signed-in staff member routes cases: intake officers and the
/// association's admin.
fn routes_cases(session: Session) -> bool {
    session.has_role(StaffRole::IntakeOfficer) || session.has_role(StaffRole::AssociationAdmin)
}

/// The facts of the case, its deadlines, the pending offer and any agreement.
#[component]
fn CaseSummary(complaint: Complaint) -> impl IntoView {
    let i18n = I18n::expect();
    let Complaint {
        number,
        state,
        outcome,
        consumer,
        business,
        association,
        category_code,
        amount_fen,
        description,
        filed_at,
        deadlines,
        pending_offer,
        agreement,
        ..
    } = complaint;

    view! {
        <section class="card" aria-labelledby="case-title">
            <h1 id="case-title">{move || i18n.tr(Key::CaseTitle)} " " {number}</h1>
            <p>
                <span class="state">{move || i18n.tr(state_key(state))}</span>
                {outcome.map(|outcome| view! { " · " <span class="tag">{move || i18n.tr(outcome_key(outcome))}</span> })}
            </p>
            <dl class="details">
                <Detail label=Key::CaseConsumer>{consumer.name}</Detail>
                <Detail label=Key::CaseBusiness>{business.name}</Detail>
                <Detail label=Key::Association>{association.name}</Detail>
                <Detail label=Key::CaseCategory>{category_code}</Detail>
                <Detail label=Key::CaseFiled>{shanghai_time(filed_at)}</Detail>
                {amount_fen.map(|fen| view! { <Detail label=Key::CaseAmount>{yuan(fen)}</Detail> })}
            </dl>
            <h2>{move || i18n.tr(Key::CaseDescription)}</h2>
            <p class="body">{description}</p>
            <Show when={let any = !deadlines.is_empty(); move || any}>
                <h2>{move || i18n.tr(Key::CaseDeadlines)}</h2>
            </Show>
            <ul class="deadlines">
                {deadlines.into_iter().map(|deadline| {
                    let status = deadline_status_key(&deadline.status);
                    view! {
                        <li>
                            {move || i18n.tr(deadline_key(deadline.kind))} " · "
                            {shanghai_time(deadline.due_at)} " · "
                            <span class="tag">{move || i18n.tr(status)}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {pending_offer.map(|offer| view! {
                <div class="offer">
                    <h2>{move || i18n.tr(Key::CasePendingOffer)}</h2>
                    <p class="body">{offer.terms}</p>
                    <p>
                        {offer.amount_fen.map(|fen| format!("{} · ", yuan(fen)))} {move || i18n.tr(Key::CasePerformBy)} " "
                        {offer.perform_by.to_string()}
                    </p>
                </div>
            })}
            {agreement.map(|agreement| view! {
                <div class="offer">
                    <h2>{move || i18n.tr(Key::CaseAgreement)}</h2>
                    <p class="body">{agreement.terms}</p>
                    <p>
                        {agreement.amount_fen.map(|fen| format!("{} · ", yuan(fen)))} {move || i18n.tr(Key::CasePerformBy)} " "
                        {agreement.perform_by.to_string()}
                    </p>
                </div>
            })}
        </section>
    }
}
