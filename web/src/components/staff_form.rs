//! The form that gives an association a staff account, used by association
//! admins for their team and by platform admins for an association's admins.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::accounts::{CreateStaffRequest, StaffRole};
use shared::ids::AssociationId;

use crate::api::organisations;
use crate::components::case::form::FormState;
use crate::components::field::Field;
use crate::i18n::{I18n, Key};

/// The roles ticked, in the order the form lists them.
pub fn chosen_roles(offered: &[StaffRole], ticked: &[bool]) -> Vec<StaffRole> {
    offered
        .iter()
        .zip(ticked)
        .filter(|(_, ticked)| **ticked)
        .map(|(role, _)| *role)
        .collect()
}

/// Adds a staff member to association `id` with some of the `offered`
/// roles; `prefix` keeps input ids unique when several forms share a page.
#[component]
pub fn AddStaffForm(
    id: AssociationId,
    offered: Vec<StaffRole>,
    prefix: String,
    done: Callback<()>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let login = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let ticks: Vec<RwSignal<bool>> = offered
        .iter()
        .map(|_| RwSignal::new(offered.len() == 1))
        .collect();
    let roles = StoredValue::new(offered.clone());
    let ticked = ticks.clone();
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let states: Vec<bool> = ticked.iter().map(|tick| tick.get_untracked()).collect();
        let request = CreateStaffRequest {
            login_name: login.get_untracked().trim().to_owned(),
            display_name: name.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            roles: roles.with_value(|offered| chosen_roles(offered, &states)),
        };
        form.send(
            async move { organisations::add_staff(id, &request).await },
            move |_| {
                login.set(String::new());
                name.set(String::new());
                password.set(String::new());
                done.run(());
            },
        );
    };

    view! {
        <form on:submit=submit novalidate class="add-staff">
            {form.notice()}
            <Field name="login_name" label=Key::TeamLoginName value=login error=form.error("login_name") autocomplete="off"/>
            <Field name="display_name" label=Key::DisplayName value=name error=form.error("display_name")/>
            <Field name="password" label=Key::PasswordField value=password error=form.error("password") kind="password" autocomplete="new-password"/>
            <fieldset class="roles">
                <legend>{move || i18n.tr(Key::Roles)}</legend>
                {offered.iter().zip(ticks).map(|(role, tick)| {
                    let key: Key = (*role).into();
                    let input_id = format!("{prefix}-role-{}", role.as_str());
                    let label_for = input_id.clone();
                    view! {
                        <div class="check">
                            <input type="checkbox" id=input_id bind:checked=tick/>
                            <label for=label_for>{move || i18n.tr(key)}</label>
                        </div>
                    }
                }).collect_view()}
                <p class="field-error">{form.error("roles")}</p>
            </fieldset>
            <button type="submit" class="primary" disabled=form.pending()>{move || i18n.tr(Key::TeamAdd)}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ticked_roles_are_sent() {
        let offered = [StaffRole::IntakeOfficer, StaffRole::Mediator];

        assert_eq!(
            chosen_roles(&offered, &[false, true]),
            vec![StaffRole::Mediator]
        );
        assert!(chosen_roles(&offered, &[false, false]).is_empty());
    }
}
