//! `/staff/team`: the association's staff accounts and their roles
//! (association admins).

use leptos::prelude::*;
use shared::accounts::{StaffMember, StaffRole};
use shared::ids::AssociationId;
use shared::page::PageQuery;

use crate::api::{auth, organisations};
use crate::components::error_notice::ErrorNotice;
use crate::components::staff_form::AddStaffForm;
use crate::i18n::{I18n, Key};

/// The staff list and the form to add one.
#[component]
pub fn StaffTeam() -> impl IntoView {
    let i18n = I18n::expect();
    let me = LocalResource::new(auth::me);

    view! {
        <section class="card wide">
            <h1>{move || i18n.tr(Key::TeamTitle)}</h1>
            <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match me.await {
                        Ok(me) => match me.association {
                            Some(association) => view! { <Team id=association.id/> }.into_any(),
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
fn Team(id: AssociationId) -> impl IntoView {
    let i18n = I18n::expect();
    let refresh = RwSignal::new(0u32);
    let staff = LocalResource::new(move || {
        refresh.track();
        async move {
            let query = PageQuery {
                limit: Some(200),
                cursor: None,
            };
            organisations::staff(id, &query).await
        }
    });
    let done = Callback::new(move |()| refresh.update(|n| *n += 1));
    let offered = vec![StaffRole::IntakeOfficer, StaffRole::Mediator];

    view! {
        <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match staff.await {
                    Ok(page) => view! {
                        <ul class="case-list">
                            {page.items.into_iter().map(|member| view! { <MemberRow member/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
        <h2>{move || i18n.tr(Key::TeamAdd)}</h2>
        <AddStaffForm id offered prefix="team".to_owned() done/>
    }
}

#[component]
fn MemberRow(member: StaffMember) -> impl IntoView {
    let i18n = I18n::expect();
    let roles = member.roles.clone();
    let active = member.active;

    view! {
        <li class="case-row">
            <span class="case-number">{member.login_name}</span>
            <span class="case-business">{member.display_name}</span>
            {roles.into_iter().map(|role| {
                let key: Key = role.into();
                view! { <span class="tag">{move || i18n.tr(key)}</span> }
            }).collect_view()}
            {(!active).then(|| view! { <span class="badge missed">{move || i18n.tr(Key::TeamInactive)}</span> })}
        </li>
    }
}
