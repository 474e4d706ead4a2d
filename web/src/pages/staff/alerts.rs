//! `/staff/alerts`: surges in the association's complaints this week, by
//! business, category and region, with the complaints behind each; staff
//! issue a public consumer warning from an alert and withdraw it later.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::page::PageQuery;
use shared::warnings::{ConsumerWarning, NewConsumerWarning, SurgeAlert, SurgeDimension};
use shared::{AssociationId, BusinessId};

use crate::api::warnings;
use crate::components::case::display::shanghai_time;
use crate::components::case::form::FormState;
use crate::components::case::inputs::TextArea;
use crate::components::error_notice::ErrorNotice;
use crate::guard::redirect_when;
use crate::i18n::{I18n, Key};
use crate::session::Session;

#[component]
pub fn AlertDesk() -> impl IntoView {
    let (i18n, session) = (I18n::expect(), Session::expect());
    redirect_when(move || !session.is_signed_in(), "/login");
    let association = move || session.me().and_then(|me| me.association.map(|a| a.id));
    let issued = RwSignal::new(0u32);

    view! {
        <Show when=move || session.is_signed_in()>
            <section class="card wide">
                <h1>{move || i18n.tr(Key::AlertsTitle)}</h1>
                <p class="intro">{move || i18n.tr(Key::AlertsIntro)}</p>
                {move || association().map(|association| view! {
                    <Alerts association issued/>
                    <Issued association issued/>
                })}
            </section>
        </Show>
    }
}

#[component]
fn Alerts(association: AssociationId, issued: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let alerts = LocalResource::new(move || warnings::alerts(association));

    view! {
        <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match alerts.await {
                    Ok(found) if found.alerts.is_empty() => view! { <p class="empty">{move || i18n.tr(Key::AlertsEmpty)}</p> }.into_any(),
                    Ok(found) => view! {
                        <ul class="plain alerts">
                            {found.alerts.into_iter().enumerate().map(|(index, alert)| view! { <AlertCard index alert association issued/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn dimension_key(dimension: SurgeDimension) -> Key {
    match dimension {
        SurgeDimension::Business => Key::AlertsBusiness,
        SurgeDimension::Category => Key::AlertsCategory,
        SurgeDimension::Region => Key::AlertsRegion,
    }
}

/// One alert: the figures, the complaints behind it and the warning form.
#[component]
fn AlertCard(
    index: usize,
    alert: SurgeAlert,
    association: AssociationId,
    issued: RwSignal<u32>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let writing = RwSignal::new(false);
    let (current, mean) = (
        alert.current_count.to_string(),
        format!("{:.1}", alert.baseline_mean),
    );
    let more = alert.evidence_total as usize - alert.evidence.len();
    let draft = draft_for(&alert);
    let label = alert.label.clone();

    view! {
        <li class="card alert">
            <h2>
                <span class="badge">{move || i18n.tr(dimension_key(alert.dimension))}</span>
                " " {label}
            </h2>
            <p>
                {move || i18n.tr(Key::AlertsThisWeek).replace("{n}", &current)} " · "
                {move || i18n.tr(Key::AlertsUsual).replace("{mean}", &mean)}
            </p>
            <p class="muted">{move || i18n.tr(Key::AlertsEvidence)}</p>
            <p class="evidence">
                {alert.evidence.into_iter().map(|item| view! {
                    <a href=format!("/staff/complaints/{}", item.complaint_id)>{item.number}</a> " "
                }).collect_view()}
                {(more > 0).then(|| {
                    let more = more.to_string();
                    view! { <span class="muted">{move || i18n.tr(Key::AlertsMore).replace("{n}", &more)}</span> }
                })}
            </p>
            <Show when=move || !writing.get() fallback=move || {
                let draft = draft.clone();
                view! { <WarningForm index draft association issued writing/> }
            }>
                <button type="button" on:click=move |_| writing.set(true)>
                    {move || i18n.tr(Key::AlertsIssue)}
                </button>
            </Show>
        </li>
    }
}

/// A warning about what the alert concerns, for staff to word.
fn draft_for(alert: &SurgeAlert) -> NewConsumerWarning {
    let mut draft = NewConsumerWarning {
        title: alert.label.chars().take(80).collect(),
        ..NewConsumerWarning::default()
    };
    match alert.dimension {
        SurgeDimension::Business => {
            draft.business_id = uuid::Uuid::parse_str(&alert.key).ok().map(BusinessId);
        }
        SurgeDimension::Category => draft.category_code = Some(alert.key.clone()),
        SurgeDimension::Region => draft.region_code = Some(alert.key.clone()),
    }
    draft
}

#[component]
fn WarningForm(
    index: usize,
    draft: NewConsumerWarning,
    association: AssociationId,
    issued: RwSignal<u32>,
    writing: RwSignal<bool>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let (title, body) = (
        RwSignal::new(draft.title.clone()),
        RwSignal::new(String::new()),
    );
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let warning = NewConsumerWarning {
            title: title.get_untracked().trim().to_owned(),
            body: body.get_untracked().trim().to_owned(),
            ..draft.clone()
        };
        form.send(
            async move { warnings::issue(association, &warning).await },
            move |_| {
                writing.set(false);
                issued.update(|n| *n += 1);
            },
        );
    };

    view! {
        <form on:submit=submit novalidate class="warning-form">
            {form.notice()}
            <TextArea id=format!("warning-title-{index}") label=Key::WarningTitle value=title error=form.error("title") rows=1/>
            <TextArea id=format!("warning-body-{index}") label=Key::WarningBody value=body error=form.error("body") hint=Key::WarningBodyHint rows=5/>
            <button type="submit" class="primary" disabled=form.pending()>
                {move || i18n.tr(Key::WarningSend)}
            </button>
        </form>
    }
}

/// The association's warnings, newest first, with a way to withdraw one.
#[component]
fn Issued(association: AssociationId, issued: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let list = LocalResource::new(move || {
        issued.track();
        async move { warnings::issued(association, &PageQuery::default()).await }
    });

    view! {
        <h2>{move || i18n.tr(Key::WarningsIssued)}</h2>
        <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(page) if page.items.is_empty() => view! { <p class="empty">{move || i18n.tr(Key::WarningsEmpty)}</p> }.into_any(),
                    Ok(page) => view! {
                        <ul class="plain warnings">
                            {page.items.into_iter().map(|warning| view! { <IssuedLine warning association issued/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn IssuedLine(
    warning: ConsumerWarning,
    association: AssociationId,
    issued: RwSignal<u32>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let id = warning.id;
    let withdraw = move |_| {
        form.send(
            async move { warnings::withdraw(association, id).await },
            move |_| issued.update(|n| *n += 1),
        );
    };

    view! {
        <li class="warning">
            <strong>{warning.title}</strong>
            <span class="muted">" " {shanghai_time(warning.issued_at)}</span>
            {match warning.withdrawn_at {
                Some(_) => view! { " " <span class="badge">{move || i18n.tr(Key::WarningWithdrawn)}</span> }.into_any(),
                None => view! {
                    " " <button type="button" on:click=withdraw disabled=form.pending()>{move || i18n.tr(Key::WarningWithdraw)}</button>
                }.into_any(),
            }}
            {form.notice()}
        </li>
    }
}
