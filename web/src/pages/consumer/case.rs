//! `/my/complaints/:id`: one case as its consumer sees it: where it stands,
//! the steps the server says are open now, messages, timeline and files.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use shared::ComplaintId;
use shared::cases::{ActionRequest, Complaint, PostMessageRequest};
use shared::complaints::{ActionKind, ComplaintState};

use super::{labels, money};
use crate::api::{self, ApiError, complaints, evidence, publication};
use crate::components::case::inputs::TextArea;
use crate::components::case::news::{CaseChanged, ReadMark};
use crate::components::error_notice::ErrorNotice;
use crate::components::evidence_preview::EvidencePreview;
use crate::components::groups::GroupPanel;
use crate::guard::redirect_when;
use crate::i18n::{I18n, Key};
use crate::live::LiveEvents;
use crate::session::Session;

/// What the case's parts share: the complaint's id, a way to load it all
/// again, and the message being written (kept here, above the parts that are
/// drawn again when the case changes, so that news does not erase it).
#[derive(Clone, Copy)]
struct Case {
    id: ComplaintId,
    version: RwSignal<u32>,
    draft: RwSignal<String>,
}

impl Case {
    fn reload(self) {
        self.version.update(|n| *n += 1);
    }

    /// Takes `action`; reloads on success, else reports why in `failure`.
    fn act(
        self,
        action: ActionRequest,
        failure: RwSignal<Option<ApiError>>,
        pending: RwSignal<bool>,
    ) {
        pending.set(true);
        failure.set(None);
        spawn_local(async move {
            let outcome = complaints::act(self.id, &action).await;
            pending.set(false);
            match outcome {
                Ok(_) => self.reload(),
                Err(error) => failure.set(Some(error)),
            }
        });
    }
}

#[component]
pub fn CasePage() -> impl IntoView {
    let (i18n, session) = (I18n::expect(), Session::expect());
    redirect_when(move || !session.is_signed_in(), "/login");
    let params = use_params_map();
    let id = move || {
        params
            .with(|params| params.get("id"))
            .and_then(|id| uuid::Uuid::parse_str(&id).ok())
            .map(ComplaintId)
    };

    view! {
        <Show when=move || session.is_signed_in()>
            {move || match id() {
                Some(id) => view! { <CaseView id/> }.into_any(),
                None => view! { <p class="notice error">{move || i18n.tr(Key::NotFoundBody)}</p> }.into_any(),
            }}
        </Show>
    }
}

#[component]
fn CaseView(id: ComplaintId) -> impl IntoView {
    let i18n = I18n::expect();
    let case = Case {
        id,
        version: RwSignal::new(0),
        draft: RwSignal::new(String::new()),
    };
    // News about the case (an offer, a step by the association) shows a
    // notice; the case is read again when the consumer asks, and the page
    // shown stays until the new one is ready. The messages follow the news
    // by themselves.
    let mark = ReadMark::new();
    let complaint = LocalResource::new(move || {
        case.version.track();
        mark.read(id);
        complaints::get(id)
    });
    let changed = Signal::derive(move || mark.has_news(id));

    view! {
        <CaseChanged changed show_latest=Callback::new(move |()| case.reload())/>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match complaint.await {
                    Err(error) => view! { <section class="card wide"><ErrorNotice error/></section> }.into_any(),
                    Ok(complaint) => view! { <CaseBody case complaint/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CaseBody(case: Case, complaint: Complaint) -> impl IntoView {
    let i18n = I18n::expect();
    let allowed = complaint.allowed_actions.clone();
    let may = move |kind: ActionKind| allowed.contains(&kind);
    let (state, outcome) = (complaint.state, complaint.outcome);

    view! {
        <section class="card wide case">
            <p class="muted">{move || i18n.tr(Key::CaseNumber)} " " {complaint.number.clone()}</p>
            <h1>{complaint.business.name.clone()}</h1>
            <p>
                <span class="badge">{move || i18n.tr(labels::state(state))}</span>
                {outcome.map(|outcome| view! { <span class="badge">{move || i18n.tr(labels::outcome(outcome))}</span> })}
            </p>
            <Deadlines complaint=complaint.clone()/>
            {complaint.pending_offer.clone().map(|offer| view! {
                <div class="panel">
                    <h2>{move || i18n.tr(Key::CaseOffer)}</h2>
                    <p>{offer.terms}</p>
                    {offer.amount_fen.map(|fen| view! { <p>{format!("¥{}", money::format_yuan(fen))}</p> })}
                    <p class="muted">{move || i18n.tr(Key::MyCasePerformBy)} " " {offer.perform_by.to_string()}</p>
                </div>
            })}
            {complaint.agreement.clone().map(|agreement| view! {
                <div class="panel">
                    <h2>{move || i18n.tr(Key::MyCaseAgreement)}</h2>
                    <p>{agreement.terms}</p>
                    {agreement.amount_fen.map(|fen| view! { <p>{format!("¥{}", money::format_yuan(fen))}</p> })}
                    <p class="muted">{move || i18n.tr(Key::MyCasePerformBy)} " " {agreement.perform_by.to_string()}</p>
                </div>
            })}
            {may(ActionKind::AcceptOffer).then(|| view! { <SimpleAction case label=Key::CaseAcceptOffer action=ActionRequest::AcceptOffer {}/> })}
            {may(ActionKind::DeclineOffer).then(|| view! { <DeclineOffer case/> })}
            {may(ActionKind::ConfirmPerformance).then(|| view! { <SimpleAction case label=Key::CaseConfirmPerformance action=ActionRequest::ConfirmPerformance {}/> })}
            {may(ActionKind::AnswerInfo).then(|| view! { <AnswerInfo case/> })}
            {may(ActionKind::Rate).then(|| view! { <Rate case/> })}
            {may(ActionKind::Withdraw).then(|| view! { <Withdraw case/> })}
            <Consent case/>
        </section>
        <GroupPanel id=case.id group_id=complaint.group_id open=state != ComplaintState::Closed joined=Callback::new(move |()| case.reload())/>
        <Messages case/>
        <Timeline case/>
        <Files case/>
    }
}

/// The running deadlines with the time left.
#[component]
fn Deadlines(complaint: Complaint) -> impl IntoView {
    let i18n = I18n::expect();
    let running: Vec<_> = complaint
        .deadlines
        .into_iter()
        .filter(|deadline| deadline.status == "running")
        .collect();

    view! {
        <ul class="deadlines">
            {running.into_iter().map(|deadline| {
                let due = deadline.due_at;
                view! {
                    <li>
                        {move || i18n.tr(labels::deadline(deadline.kind))} ": "
                        <span class="countdown">{move || labels::countdown(due, labels::now(), i18n.language())}</span>
                        <span class="muted">" (" {labels::china_time(due)} ")"</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// A step that needs nothing but a click.
#[component]
fn SimpleAction(case: Case, label: Key, action: ActionRequest) -> impl IntoView {
    let i18n = I18n::expect();
    let (failure, pending) = (RwSignal::new(None), RwSignal::new(false));

    view! {
        {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
        <button type="button" class="primary" disabled=pending
            on:click=move |_| case.act(action.clone(), failure, pending)>
            {move || i18n.tr(label)}
        </button>
    }
}

/// A form for one step: a text, a submit button, the server's answer.
#[component]
fn TextAction(
    case: Case,
    title: Key,
    /// The text's element id, unique on the page.
    id: &'static str,
    /// The request field the text fills, for the server's message about it.
    field: &'static str,
    label: Key,
    submit: Key,
    to_action: fn(String, bool) -> ActionRequest,
    #[prop(optional)] extra: Option<Key>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let text = RwSignal::new(String::new());
    let flag = RwSignal::new(false);
    let (failure, pending) = (RwSignal::new(None::<ApiError>), RwSignal::new(false));
    let error =
        Signal::derive(move || failure.with(|error| api::field_message(error.as_ref()?, field)));

    view! {
        <details class="panel">
            <summary>{move || i18n.tr(title)}</summary>
            {move || failure.get().filter(|error| api::field_message(error, field).is_none()).map(|error| view! { <ErrorNotice error/> })}
            <TextArea id=id label value=text error rows=3/>
            {extra.map(|extra| view! {
                <label class="check">
                    <input type="checkbox" prop:checked=flag on:change=move |event| flag.set(event_target_checked(&event))/>
                    <span>{move || i18n.tr(extra)}</span>
                </label>
            })}
            <button type="button" class="secondary" disabled=pending
                on:click=move |_| case.act(to_action(text.get_untracked(), flag.get_untracked()), failure, pending)>
                {move || i18n.tr(submit)}
            </button>
        </details>
    }
}

#[component]
fn DeclineOffer(case: Case) -> impl IntoView {
    view! {
        <TextAction case title=Key::CaseDeclineOffer id="decline-reason" field="reason" label=Key::MyCaseReason
            submit=Key::CaseDeclineOffer extra=Key::CaseEscalate
            to_action=|reason, escalate| ActionRequest::DeclineOffer { reason, escalate }/>
    }
}

#[component]
fn AnswerInfo(case: Case) -> impl IntoView {
    view! {
        <TextAction case title=Key::CaseAnswerInfo id="information-answer" field="answer" label=Key::CaseAnswer
            submit=Key::CaseAnswerInfo
            to_action=|answer, _| ActionRequest::AnswerInfo { answer, evidence: Vec::new() }/>
    }
}

#[component]
fn Withdraw(case: Case) -> impl IntoView {
    view! {
        <TextAction case title=Key::CaseWithdraw id="withdraw-reason" field="reason" label=Key::CaseWithdrawReason
            submit=Key::CaseWithdraw
            to_action=|reason, _| ActionRequest::Withdraw { reason: Some(reason).filter(|r| !r.trim().is_empty()) }/>
    }
}

/// One to five stars and a comment, once the case is closed.
#[component]
fn Rate(case: Case) -> impl IntoView {
    let i18n = I18n::expect();
    let score = RwSignal::new(5_u8);
    let comment = RwSignal::new(String::new());
    let (failure, pending) = (RwSignal::new(None::<ApiError>), RwSignal::new(false));
    let rate = move |_| {
        let comment = Some(comment.get_untracked()).filter(|c| !c.trim().is_empty());
        case.act(
            ActionRequest::Rate {
                score: score.get_untracked(),
                comment,
            },
            failure,
            pending,
        );
    };

    view! {
        <div class="panel">
            <h2>{move || i18n.tr(Key::CaseRate)}</h2>
            {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
            <div class="stars" role="radiogroup" aria-label=move || i18n.tr(Key::CaseRate)>
                {(1..=5_u8).map(|n| view! {
                    <button type="button" role="radio"
                        aria-checked=move || (score.get() == n).to_string()
                        class=move || star_class(score.get() >= n)
                        on:click=move |_| score.set(n)>
                        {n.to_string()} "★"
                    </button>
                }).collect_view()}
            </div>
            <TextArea id="comment" label=Key::CaseRateComment value=comment
                error=Signal::derive(move || failure.with(|e| api::field_message(e.as_ref()?, "comment"))) rows=3/>
            <button type="button" class="primary" disabled=pending on:click=rate>
                {move || i18n.tr(Key::CaseRateSubmit)}
            </button>
        </div>
    }
}

fn star_class(on: bool) -> &'static str {
    if on { "star on" } else { "star" }
}

/// Publication consent: given or not, and withdrawing it before publication.
#[component]
fn Consent(case: Case) -> impl IntoView {
    let i18n = I18n::expect();
    let state = LocalResource::new(move || {
        case.version.track();
        publication::get(case.id)
    });
    let failure = RwSignal::new(None::<ApiError>);
    let withdraw = move |_| {
        spawn_local(async move {
            match publication::withdraw_consent(case.id).await {
                Ok(()) => case.reload(),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let give = move |_| {
        spawn_local(async move {
            match publication::give_consent(case.id).await {
                Ok(_) => case.reload(),
                Err(error) => failure.set(Some(error)),
            }
        });
    };

    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let Ok(publication) = state.await else { return ().into_any() };
                let text = if publication.published_at.is_some() {
                    Key::CasePublished
                } else if publication.consent_to_publish {
                    Key::CaseConsentGiven
                } else {
                    Key::CaseConsentNotGiven
                };
                let unpublished = publication.published_at.is_none();
                let may_withdraw = publication.consent_to_publish && unpublished;
                let may_give = !publication.consent_to_publish && unpublished;
                view! {
                    <div class="panel">
                        <h2>{move || i18n.tr(Key::CaseConsentTitle)}</h2>
                        <p>{move || i18n.tr(text)}</p>
                        {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
                        <Show when=move || may_withdraw>
                            <button type="button" class="secondary" on:click=withdraw>
                                {move || i18n.tr(Key::CaseConsentWithdraw)}
                            </button>
                        </Show>
                        <Show when=move || may_give>
                            <button type="button" class="secondary" on:click=give>
                                {move || i18n.tr(Key::CaseConsentGive)}
                            </button>
                        </Show>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

/// The messages between the parties, and a box to write one.
#[component]
fn Messages(case: Case) -> impl IntoView {
    let (i18n, live) = (I18n::expect(), LiveEvents::expect());
    // News about the case (the business replied) reads the list again.
    let messages = LocalResource::new(move || {
        case.version.track();
        live.complaint_version(case.id);
        complaints::messages(case.id)
    });
    let body = case.draft;
    let (failure, pending) = (RwSignal::new(None::<ApiError>), RwSignal::new(false));
    let send = move |_| {
        let request = PostMessageRequest {
            body: body.get_untracked(),
            internal: false,
            evidence: Vec::new(),
        };
        pending.set(true);
        spawn_local(async move {
            let outcome = complaints::post_message(case.id, &request).await;
            pending.set(false);
            match outcome {
                Ok(_) => {
                    body.set(String::new());
                    failure.set(None);
                    case.reload();
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };

    view! {
        <section class="card wide">
            <h2>{move || i18n.tr(Key::MyCaseMessages)}</h2>
            <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match messages.await {
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="empty">{move || i18n.tr(Key::MyCaseNoMessages)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="messages">
                                {list.into_iter().map(|message| view! {
                                    <li class="message" class:mine=message.author_role == "consumer">
                                        <p class="muted">{role_name(&message.author_role, i18n)} " · " {labels::china_time(message.created_at)}</p>
                                        <p>{message.body}</p>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
            <TextArea id="body" label=Key::CaseMessageNew value=body
                error=Signal::derive(move || failure.with(|e| api::field_message(e.as_ref()?, "body"))) rows=3/>
            <button type="button" class="primary" disabled=pending on:click=send>
                {move || i18n.tr(Key::CaseMessageSend)}
            </button>
        </section>
    }
}

/// Who wrote or did something, by the role the server names.
fn role_name(role: &str, i18n: I18n) -> &'static str {
    i18n.tr(match role {
        "consumer" => Key::RoleNameConsumer,
        "business" => Key::RoleNameBusiness,
        "intake" | "mediator" => Key::RoleNameAssociation,
        _ => Key::RoleNameSystem,
    })
}

/// A timeline entry in words; the server's name for kinds without a text.
fn entry_text(kind: &str, i18n: I18n) -> String {
    match labels::timeline_entry(kind) {
        Some(key) => i18n.tr(key).to_owned(),
        None => kind.replace('_', " "),
    }
}

/// Every event of the case the consumer may read, oldest first.
#[component]
fn Timeline(case: Case) -> impl IntoView {
    let i18n = I18n::expect();
    let entries = LocalResource::new(move || {
        case.version.track();
        complaints::timeline(case.id)
    });

    view! {
        <section class="card wide">
            <h2>{move || i18n.tr(Key::MyCaseTimeline)}</h2>
            <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                        Ok(list) => view! {
                            <ol class="timeline">
                                {list.into_iter().map(|entry| view! {
                                    <li>
                                        <p class="timeline-kind">{entry_text(&entry.kind, i18n)}</p>
                                        <p class="muted">{role_name(&entry.actor_role, i18n)} " · " {labels::china_time(entry.created_at)}</p>
                                    </li>
                                }).collect_view()}
                            </ol>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The files attached to the case.
#[component]
fn Files(case: Case) -> impl IntoView {
    let i18n = I18n::expect();
    let files = LocalResource::new(move || {
        case.version.track();
        evidence::for_complaint(case.id)
    });

    view! {
        <section class="card wide">
            <h2>{move || i18n.tr(Key::CaseEvidence)}</h2>
            <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match files.await {
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="empty">{move || i18n.tr(Key::CaseNoEvidence)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="uploads">
                                {list.into_iter().map(|file| { let preview = file.clone(); view! {
                                    <li class="upload done">
                                        <div class="upload-text">
                                            <p class="upload-name">{file.file_name}</p>
                                            <p class="muted">{format!("{:.1} KB · SHA-256 {}…", file.size as f64 / 1024.0, &file.sha256[..12.min(file.sha256.len())])}</p>
                                        </div>
                                        <EvidencePreview file=preview/>
                                    </li>
                                }}).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
