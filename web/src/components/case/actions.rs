//! One form per case step the business or staff portal can take. Each sends
//! an [`ActionRequest`] to `POST /complaints/{id}/actions`.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::ComplaintId;
use shared::cases::{ActionRequest, MediationEnd};
use shared::complaints::ActionKind;
use shared::organisations::AssociationQuery;

use super::display::{parse_date, parse_yuan};
use super::form::FormState;
use super::inputs::{Check, Choice, TextArea, words};
use super::labels::{REJECT_REASONS, action_key, mediation_end_key, reject_reason_key};
use crate::api::{complaints, organisations};
use crate::components::field::Field;
use crate::i18n::{I18n, Key};

/// The form for `step` on case `id`; `done` runs after the server took it.
#[component]
pub fn StepForm(id: ComplaintId, step: ActionKind, done: Callback<()>) -> impl IntoView {
    let i18n = I18n::expect();
    let form = match step {
        ActionKind::Accept => view! { <AcceptForm id done/> }.into_any(),
        ActionKind::RequestInfo => view! { <RequestInfoForm id done/> }.into_any(),
        ActionKind::Reject => {
            view! { <ReasonForm id step reasons=reject_reasons() done/> }.into_any()
        }
        ActionKind::Transfer => view! { <TransferForm id done/> }.into_any(),
        ActionKind::MakeOffer | ActionKind::RecordAgreement => {
            view! { <TermsForm id step done/> }.into_any()
        }
        ActionKind::EndMediation => {
            view! { <ReasonForm id step reasons=end_reasons() done/> }.into_any()
        }
        _ => ().into_any(),
    };

    view! {
        <details class="step" open=step == ActionKind::Accept>
            <summary>{move || i18n.tr(action_key(step))}</summary>
            {form}
        </details>
    }
}

/// Sends `request` with `form`, then tells the page.
fn take(form: FormState, id: ComplaintId, request: ActionRequest, done: Callback<()>) {
    form.send(
        async move { complaints::act(id, &request).await },
        move |_| done.run(()),
    );
}

/// The submit button, showing progress.
#[component]
fn Submit(form: FormState, label: Key) -> impl IntoView {
    let i18n = I18n::expect();
    let pending = form.pending();

    view! {
        <button type="submit" class="primary" disabled=pending>
            {move || i18n.tr(if pending.get() { Key::CaseSending } else { label })}
        </button>
    }
}

/// `None` for blank text, else the text trimmed.
fn optional(text: String) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[component]
fn AcceptForm(id: ComplaintId, done: Callback<()>) -> impl IntoView {
    let form = FormState::new();
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        take(form, id, ActionRequest::Accept {}, done);
    };

    view! {
        <form on:submit=submit novalidate>
            {form.notice()}
            <Submit form label=Key::CaseActionAccept/>
        </form>
    }
}

#[component]
fn RequestInfoForm(id: ComplaintId, done: Callback<()>) -> impl IntoView {
    let form = FormState::new();
    let question = RwSignal::new(String::new());
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let question = question.get_untracked().trim().to_owned();
        take(form, id, ActionRequest::RequestInfo { question }, done);
    };

    view! {
        <form on:submit=submit novalidate>
            {form.notice()}
            <TextArea id="question" label=Key::CaseQuestion value=question error=form.error("question")/>
            <Submit form label=Key::CaseActionRequestInfo/>
        </form>
    }
}

#[component]
fn TransferForm(id: ComplaintId, done: Callback<()>) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let target = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let associations = LocalResource::new(|| async {
        let query = AssociationQuery {
            limit: Some(200),
            ..AssociationQuery::default()
        };
        organisations::associations(&query).await
    });
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let chosen = serde_json::from_value(serde_json::Value::String(target.get_untracked()));
        let Ok(association_id) = chosen else {
            form.refuse(vec![("association_id", Key::CaseChooseAssociation)]);
            return;
        };
        let reason = reason.get_untracked().trim().to_owned();
        let request = ActionRequest::Transfer {
            association_id,
            reason,
        };
        take(form, id, request, done);
    };

    view! {
        <form on:submit=submit novalidate>
            {form.notice()}
            <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let page = associations.await;
                    let mut options = vec![(String::new(), words(Key::CaseChooseAssociation))];
                    if let Ok(page) = page {
                        options.extend(page.items.into_iter().map(|association| {
                            let name = association.name.clone();
                            (association.id.to_string(), Signal::derive(move || name.clone()))
                        }));
                    }
                    view! {
                        <Choice
                            id="transfer-to"
                            label=Key::CaseTransferTo
                            value=target
                            options
                            error=form.error("association_id")
                        />
                    }
                })}
            </Suspense>
            <TextArea id="transfer-reason" label=Key::CaseReason value=reason error=form.error("reason")/>
            <Submit form label=Key::CaseActionTransfer/>
        </form>
    }
}

/// An amount in fen, if one was given, and a due date.
pub type MoneyAndDate = (Option<i64>, chrono::NaiveDate);
/// The fields that could not be read, each with its message.
pub type Refused = Vec<(&'static str, Key)>;

/// The optional amount in yuan and the due date of an offer or agreement, or
/// the fields that could not be read with what to say under each.
pub fn read_money_and_date(amount: &str, date: &str) -> Result<MoneyAndDate, Refused> {
    let amount_fen = parse_yuan(amount);
    let date = parse_date(date);
    let mut refused = Vec::new();
    if amount_fen.is_none() && !amount.trim().is_empty() {
        refused.push(("amount_fen", Key::CaseAmountInvalid));
    }
    if date.is_none() {
        refused.push(("perform_by", Key::CaseDateInvalid));
    }
    match date {
        Some(date) if refused.is_empty() => Ok((amount_fen, date)),
        _ => Err(refused),
    }
}

/// The terms, amount and due date of an offer (business) or a mediated
/// agreement (mediator), which share their fields.
#[component]
fn TermsForm(id: ComplaintId, step: ActionKind, done: Callback<()>) -> impl IntoView {
    let form = FormState::new();
    let terms = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let perform_by = RwSignal::new(String::new());
    let consumer_agreed = RwSignal::new(false);
    let business_agreed = RwSignal::new(false);
    let agreement = step == ActionKind::RecordAgreement;
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let (amount_fen, perform_by) =
            match read_money_and_date(&amount.get_untracked(), &perform_by.get_untracked()) {
                Ok(read) => read,
                Err(refused) => return form.refuse(refused),
            };
        let terms = terms.get_untracked().trim().to_owned();
        let request = if agreement {
            ActionRequest::RecordAgreement {
                terms,
                amount_fen,
                perform_by,
                consumer_agreed: consumer_agreed.get_untracked(),
                business_agreed: business_agreed.get_untracked(),
            }
        } else {
            ActionRequest::MakeOffer {
                terms,
                amount_fen,
                perform_by,
            }
        };
        take(form, id, request, done);
    };

    view! {
        <form on:submit=submit novalidate>
            {form.notice()}
            <TextArea id="terms" label=Key::CaseTerms value=terms error=form.error("terms")/>
            <Field name="amount_fen" label=Key::CaseAmountYuan value=amount error=form.error("amount_fen") placeholder=Key::CaseAmountHint/>
            <Field name="perform_by" label=Key::CasePerformBy value=perform_by error=form.error("perform_by") kind="date"/>
            <Show when=move || agreement>
                <Check id="consumer-agreed" label=Key::CaseConsumerAgreed value=consumer_agreed/>
                <Check id="business-agreed" label=Key::CaseBusinessAgreed value=business_agreed/>
            </Show>
            <Submit form label=action_key(step)/>
        </form>
    }
}

/// The wire name of a reason (`duplicate`, `no_agreement`…).
fn wire_name(reason: impl serde::Serialize) -> String {
    serde_json::to_value(reason)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A step that takes a reason from a list and an optional note: rejecting
/// (`reject`) and ending mediation (`end_mediation`).
#[component]
fn ReasonForm(
    id: ComplaintId,
    step: ActionKind,
    reasons: Vec<(String, Key)>,
    done: Callback<()>,
) -> impl IntoView {
    let form = FormState::new();
    let action = wire_name(step);
    let reason = RwSignal::new(reasons[0].0.clone());
    let note = RwSignal::new(String::new());
    let options = reasons
        .into_iter()
        .map(|(value, key)| (value, words(key)))
        .collect();
    let prefix = action.replace('_', "-");
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let body = serde_json::json!({
            "action": action,
            "reason": reason.get_untracked(),
            "note": optional(note.get_untracked()),
        });
        match serde_json::from_value::<ActionRequest>(body) {
            Ok(request) => take(form, id, request, done),
            Err(_) => form.refuse(vec![("reason", Key::CaseReason)]),
        }
    };

    view! {
        <form on:submit=submit novalidate>
            {form.notice()}
            <Choice id=format!("{prefix}-reason") label=Key::CaseReason value=reason options error=form.error("reason")/>
            <TextArea id=format!("{prefix}-note") label=Key::CaseNote value=note error=form.error("note")/>
            <Submit form label=action_key(step)/>
        </form>
    }
}

/// Every reason to reject, with its words.
fn reject_reasons() -> Vec<(String, Key)> {
    REJECT_REASONS
        .iter()
        .map(|reason| (wire_name(reason), reject_reason_key(*reason)))
        .collect()
}

/// Every reason mediation can end without agreement, with its words.
fn end_reasons() -> Vec<(String, Key)> {
    [MediationEnd::NoAgreement, MediationEnd::BusinessRefused]
        .iter()
        .map(|reason| (wire_name(reason), mediation_end_key(*reason)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_reason_makes_a_valid_step() {
        let cases = [
            ("reject", reject_reasons()),
            ("end_mediation", end_reasons()),
        ];

        for (action, reasons) in cases {
            for (reason, _) in reasons {
                let body = serde_json::json!({"action": action, "reason": reason, "note": null});
                let request: ActionRequest = serde_json::from_value(body).unwrap();
                assert_eq!(wire_name(request.kind()), action);
            }
        }
    }
}
