//! Listing the case's business for case publicity (个案公示), from the case
//! page of a case the ground fits.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::complaints::{ComplaintState, Outcome};
use shared::publicity::{CasePublicityRequest, PublicityGround};
use shared::{BusinessId, ComplaintId};

use super::form::FormState;
use super::inputs::TextArea;
use crate::api::publicity;
use crate::i18n::{I18n, Key};

/// The ground a case supports, if any: refusing mediation while it is in
/// mediation, or not carrying out an agreement once closed so.
pub fn ground_for(state: ComplaintState, outcome: Option<Outcome>) -> Option<PublicityGround> {
    match (state, outcome) {
        (ComplaintState::Mediating, _) => Some(PublicityGround::RefusedMediation),
        (ComplaintState::Closed, Some(Outcome::MediationFailed)) => {
            Some(PublicityGround::RefusedMediation)
        }
        (ComplaintState::Closed, Some(Outcome::NotPerformed)) => {
            Some(PublicityGround::AgreementNotPerformed)
        }
        _ => None,
    }
}

/// The words for a ground.
pub fn ground_key(ground: PublicityGround) -> Key {
    match ground {
        PublicityGround::RefusedMediation => Key::PublicityRefusedMediation,
        PublicityGround::AgreementNotPerformed => Key::PublicityNotPerformed,
    }
}

/// Lists the case's business on the ground the case supports.
#[component]
pub fn PublicityForm(
    business: BusinessId,
    id: ComplaintId,
    ground: PublicityGround,
) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let statement = RwSignal::new(String::new());
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let request = CasePublicityRequest {
            ground,
            statement: statement.get_untracked().trim().to_owned(),
            complaint_ids: vec![id],
        };
        form.send(
            async move { publicity::list_business(business, &request).await },
            |_| (),
        );
    };

    view! {
        <details class="step">
            <summary>{move || i18n.tr(Key::PublicityList)}</summary>
            <Show
                when=move || !form.done()
                fallback=move || view! { <p class="notice" role="status">{move || i18n.tr(Key::PublicityListed)}</p> }
            >
                <form on:submit=submit novalidate>
                    <p>{move || i18n.tr(Key::PublicityGround)} " " <strong>{move || i18n.tr(ground_key(ground))}</strong></p>
                    {form.notice()}
                    <TextArea id="publicity-statement" label=Key::PublicityStatement value=statement error=form.error("statement") rows=3/>
                    <button type="submit" class="danger" disabled=form.pending()>{move || i18n.tr(Key::PublicityList)}</button>
                </form>
            </Show>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ground_follows_the_case() {
        assert_eq!(
            ground_for(ComplaintState::Mediating, None),
            Some(PublicityGround::RefusedMediation)
        );
        assert_eq!(
            ground_for(ComplaintState::Closed, Some(Outcome::NotPerformed)),
            Some(PublicityGround::AgreementNotPerformed)
        );
        assert_eq!(
            ground_for(ComplaintState::Closed, Some(Outcome::Resolved)),
            None
        );
        assert_eq!(ground_for(ComplaintState::Reconciling, None), None);
    }
}
