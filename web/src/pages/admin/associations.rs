//! `/admin/associations`: every association, a new one, and its admins.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::accounts::StaffRole;
use shared::ids::AssociationId;
use shared::organisations::{AssociationQuery, CreateAssociationRequest};

use crate::api::organisations;
use crate::components::case::form::FormState;
use crate::components::case::inputs::{Choice, words};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::Field;
use crate::components::staff_form::AddStaffForm;
use crate::i18n::{I18n, Key};

/// The list, the form for a new association and the form for an admin.
#[component]
pub fn AdminAssociations() -> impl IntoView {
    let i18n = I18n::expect();
    let refresh = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        refresh.track();
        async {
            let query = AssociationQuery {
                limit: Some(200),
                ..AssociationQuery::default()
            };
            organisations::associations(&query).await
        }
    });

    view! {
        <section class="card wide">
            <h1>{move || i18n.tr(Key::AdminAssociationsTitle)}</h1>
            <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(page) => {
                            let choices: Vec<(String, Signal<String>)> = page.items.iter().map(|association| {
                                let name = association.name.clone();
                                (association.id.to_string(), Signal::derive(move || name.clone()))
                            }).collect();
                            view! {
                                <ul class="case-list">
                                    {page.items.into_iter().map(|association| view! {
                                        <li class="case-row">
                                            <span class="case-business">{association.name}</span>
                                            <span class="case-filed">{association.region_code}</span>
                                        </li>
                                    }).collect_view()}
                                </ul>
                                <h2>{move || i18n.tr(Key::AdminAppoint)}</h2>
                                <AppointAdmin choices/>
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
            <h2>{move || i18n.tr(Key::AdminCreate)}</h2>
            <CreateAssociation refresh/>
        </section>
    }
}

#[component]
fn CreateAssociation(refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let region = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let request = CreateAssociationRequest {
            region_code: region.get_untracked().trim().to_owned(),
            name: name.get_untracked().trim().to_owned(),
        };
        form.send(
            async move { organisations::create(&request).await },
            move |_| {
                region.set(String::new());
                name.set(String::new());
                refresh.update(|n| *n += 1);
            },
        );
    };

    view! {
        <form on:submit=submit novalidate>
            {form.notice()}
            <Field name="region_code" label=Key::AdminRegionCode value=region error=form.error("region_code") placeholder=Key::AdminRegionHint/>
            <Field name="name" label=Key::AdminAssociationName value=name error=form.error("name")/>
            <button type="submit" class="primary" disabled=form.pending()>{move || i18n.tr(Key::AdminCreate)}</button>
        </form>
    }
}

/// Choose an association, then give it an admin account.
#[component]
fn AppointAdmin(choices: Vec<(String, Signal<String>)>) -> impl IntoView {
    let chosen = RwSignal::new(String::new());
    let mut options = vec![(String::new(), words(Key::AdminChooseAssociation))];
    options.extend(choices);
    let target = Memo::new(move |_| {
        serde_json::from_value::<AssociationId>(serde_json::Value::String(chosen.get())).ok()
    });
    let done = Callback::new(|()| ());

    view! {
        <Choice id="admin-association" label=Key::Association value=chosen options error=Signal::derive(|| None::<String>)/>
        {move || target.get().map(|id| view! {
            <AddStaffForm id offered=vec![StaffRole::AssociationAdmin] prefix="admin".to_owned() done/>
        })}
    }
}
