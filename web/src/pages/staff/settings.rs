//! `/staff/settings`: the association's deadlines and disclosure rules
//! (association admins).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::ids::AssociationId;
use shared::organisations::DeadlinePolicy;
use shared::publication::DisclosureRules;

use crate::api::{auth, organisations};
use crate::components::case::form::FormState;
use crate::components::case::inputs::Check;
use crate::components::error_notice::ErrorNotice;
use crate::components::field::Field;
use crate::i18n::{I18n, Key};

/// The four deadline fields: wire name and label.
const DEADLINE_FIELDS: [(&str, Key); 4] = [
    ("acceptance_days", Key::SettingsAcceptanceDays),
    ("information_days", Key::SettingsInformationDays),
    ("reconciliation_days", Key::SettingsReconciliationDays),
    ("mediation_days", Key::SettingsMediationDays),
];

/// Reads typed working days; the fields that are not whole numbers are named.
pub fn read_policy(typed: [&str; 4]) -> Result<DeadlinePolicy, Vec<&'static str>> {
    let parsed: Vec<Option<u32>> = typed.iter().map(|text| text.trim().parse().ok()).collect();
    let refused: Vec<&'static str> = DEADLINE_FIELDS
        .iter()
        .zip(&parsed)
        .filter(|(_, value)| value.is_none())
        .map(|((name, _), _)| *name)
        .collect();
    match parsed.as_slice() {
        [
            Some(acceptance),
            Some(information),
            Some(reconciliation),
            Some(mediation),
        ] => Ok(DeadlinePolicy {
            acceptance_days: *acceptance,
            information_days: *information,
            reconciliation_days: *reconciliation,
            mediation_days: *mediation,
        }),
        _ => Err(refused),
    }
}

/// Both forms for the signed-in staff member's association.
#[component]
pub fn StaffSettings() -> impl IntoView {
    let i18n = I18n::expect();
    let me = LocalResource::new(auth::me);

    view! {
        <section class="card wide">
            <h1>{move || i18n.tr(Key::SettingsTitle)}</h1>
            <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match me.await {
                        Ok(me) => match me.association {
                            Some(association) => view! {
                                <DeadlineForm id=association.id/>
                                <DisclosureForm id=association.id/>
                            }.into_any(),
                            None => view! { <p class="empty">{move || i18n.tr(Key::SettingsNoAssociation)}</p> }.into_any(),
                        },
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn DeadlineForm(id: AssociationId) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let values = DEADLINE_FIELDS.map(|_| RwSignal::new(String::new()));
    let current = LocalResource::new(move || organisations::deadline_policy(id));
    Effect::new(move || {
        if let Some(Ok(policy)) = current.get() {
            let days = [
                policy.acceptance_days,
                policy.information_days,
                policy.reconciliation_days,
                policy.mediation_days,
            ];
            for (value, day) in values.iter().zip(days) {
                value.set(day.to_string());
            }
        }
    });
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let typed = values.map(|value| value.get_untracked());
        match read_policy([&typed[0], &typed[1], &typed[2], &typed[3]]) {
            Ok(policy) => form.send(
                async move { organisations::set_deadline_policy(id, &policy).await },
                |_| (),
            ),
            Err(fields) => form.refuse(
                fields
                    .into_iter()
                    .map(|field| (field, Key::SettingsWholeDays))
                    .collect(),
            ),
        }
    };

    view! {
        <form on:submit=submit novalidate>
            <h2>{move || i18n.tr(Key::SettingsDeadlines)}</h2>
            {form.notice()}
            {DEADLINE_FIELDS.iter().zip(values).map(|((name, label), value)| view! {
                <Field name=*name label=*label value error=form.error(name) kind="number"/>
            }).collect_view()}
            <Saved form/>
            <button type="submit" class="primary" disabled=form.pending()>{move || i18n.tr(Key::SettingsSave)}</button>
        </form>
    }
}

#[component]
fn DisclosureForm(id: AssociationId) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let non_members = RwSignal::new(true);
    let missed = RwSignal::new(true);
    let closed = RwSignal::new(true);
    let current = LocalResource::new(move || organisations::disclosure_rules(id));
    Effect::new(move || {
        if let Some(Ok(rules)) = current.get() {
            non_members.set(rules.publish_non_members_on_acceptance);
            missed.set(rules.publish_missed_deadlines);
            closed.set(rules.publish_closed_with_consent);
        }
    });
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let rules = DisclosureRules {
            publish_non_members_on_acceptance: non_members.get_untracked(),
            publish_missed_deadlines: missed.get_untracked(),
            publish_closed_with_consent: closed.get_untracked(),
        };
        form.send(
            async move { organisations::set_disclosure_rules(id, &rules).await },
            |_| (),
        );
    };

    view! {
        <form on:submit=submit novalidate>
            <h2>{move || i18n.tr(Key::SettingsDisclosure)}</h2>
            {form.notice()}
            <Check id="rule-non-members" label=Key::SettingsRuleNonMembers value=non_members/>
            <Check id="rule-missed" label=Key::SettingsRuleMissed value=missed/>
            <Check id="rule-closed" label=Key::SettingsRuleClosed value=closed/>
            <Saved form/>
            <button type="submit" class="primary" disabled=form.pending()>{move || i18n.tr(Key::SettingsSave)}</button>
        </form>
    }
}

/// Says that the last save went through.
#[component]
fn Saved(form: FormState) -> impl IntoView {
    let i18n = I18n::expect();

    view! {
        <Show when=move || form.done()>
            <p class="notice" role="status">{move || i18n.tr(Key::SettingsSaved)}</p>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_days_become_the_policy() {
        let policy = read_policy(["7", "15", " 10 ", "45"]).unwrap();

        assert_eq!(policy.acceptance_days, 7);
        assert_eq!(policy.reconciliation_days, 10);
        assert_eq!(policy.mediation_days, 45);
    }

    #[test]
    fn fields_that_are_not_whole_days_are_named() {
        let refused = read_policy(["7", "x", "1.5", "45"]).unwrap_err();

        assert_eq!(refused, vec!["information_days", "reconciliation_days"]);
    }
}
