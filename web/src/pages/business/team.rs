//! `/business/team`: the business's members and invitations (owners and
//! managers).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::BusinessId;
use shared::team::{
    BusinessMember, BusinessRole, CreateInvitationRequest, Invitation, InvitationState,
};

use crate::api::{auth, team};
use crate::components::case::display::shanghai_time;
use crate::components::case::form::FormState;
use crate::components::case::inputs::{Choice, words};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::Field;
use crate::i18n::{I18n, Key};

/// The words for a business role.
pub fn role_key(role: BusinessRole) -> Key {
    match role {
        BusinessRole::Owner => Key::BizRoleOwner,
        BusinessRole::Manager => Key::BizRoleManager,
        BusinessRole::Handler => Key::BizRoleHandler,
    }
}

/// The words for where an invitation stands.
pub fn invitation_state_key(state: InvitationState) -> Key {
    match state {
        InvitationState::Pending => Key::BizInvitePending,
        InvitationState::Accepted => Key::BizInviteAccepted,
        InvitationState::Expired => Key::BizInviteExpired,
        InvitationState::Revoked => Key::BizInviteRevoked,
    }
}

/// The members, the invitations, and the form to invite.
#[component]
pub fn BusinessTeam() -> impl IntoView {
    let i18n = I18n::expect();
    let me = LocalResource::new(auth::me);

    view! {
        <section class="card wide">
            <h1>{move || i18n.tr(Key::BizTeamTitle)}</h1>
            <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match me.await.map(|me| me.business_id) {
                        Ok(Some(business)) => view! { <Team business/> }.into_any(),
                        Ok(None) => view! { <p class="empty">{move || i18n.tr(Key::BizNoBusiness)}</p> }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Team(business: BusinessId) -> impl IntoView {
    let i18n = I18n::expect();
    let refresh = RwSignal::new(0u32);
    let members = LocalResource::new(move || team::members(business));
    let invitations = LocalResource::new(move || {
        refresh.track();
        team::invitations(business)
    });

    view! {
        <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match members.await {
                    Ok(list) => view! {
                        <ul class="case-list">
                            {list.into_iter().map(|member| view! { <MemberRow member/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
        <h2>{move || i18n.tr(Key::BizInvitations)}</h2>
        <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match invitations.await {
                    Ok(list) if list.is_empty() => view! { <p class="empty">{move || i18n.tr(Key::BizNoInvitations)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="case-list">
                            {list.into_iter().map(|invitation| view! { <InvitationRow invitation/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
        <h2>{move || i18n.tr(Key::BizInvite)}</h2>
        <Invite business refresh/>
    }
}

#[component]
fn MemberRow(member: BusinessMember) -> impl IntoView {
    let i18n = I18n::expect();
    let role = member.role;
    let contact = member.login_name.or(member.phone).or(member.email);

    view! {
        <li class="case-row">
            <span class="case-business">{member.display_name}</span>
            <span class="case-filed">{contact}</span>
            <span class="tag">{move || i18n.tr(role_key(role))}</span>
        </li>
    }
}

#[component]
fn InvitationRow(invitation: Invitation) -> impl IntoView {
    let i18n = I18n::expect();
    let role = invitation.role;
    let to = invitation.phone.or(invitation.email);
    let state = invitation_state_key(invitation.state);

    view! {
        <li class="case-row">
            <span class="case-business">{to}</span>
            <span class="tag">{move || i18n.tr(role_key(role))}</span>
            <span class="state">{move || i18n.tr(state)}</span>
            <span class="case-filed">{shanghai_time(invitation.expires_at)}</span>
        </li>
    }
}

#[component]
fn Invite(business: BusinessId, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let role = RwSignal::new("handler".to_owned());
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let token = RwSignal::new(None::<String>);
    let options = [BusinessRole::Handler, BusinessRole::Manager]
        .map(|role| (role.as_str().to_owned(), words(role_key(role))))
        .to_vec();
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let typed = |value: RwSignal<String>| {
            let text = value.get_untracked().trim().to_owned();
            (!text.is_empty()).then_some(text)
        };
        let request = CreateInvitationRequest {
            role: BusinessRole::parse(&role.get_untracked()).unwrap_or(BusinessRole::Handler),
            phone: typed(phone),
            email: typed(email),
        };
        form.send(
            async move { team::invite(business, &request).await },
            move |created| {
                token.set(Some(created.token));
                refresh.update(|n| *n += 1);
            },
        );
    };

    view! {
        {move || token.get().map(|token| view! {
            <div class="notice" role="status">
                <p>{move || i18n.tr(Key::BizInviteToken)}</p>
                <p><code class="secret">{token}</code></p>
            </div>
        })}
        <form on:submit=submit novalidate>
            {form.notice()}
            <Choice id="invite-role" label=Key::Roles value=role options error=form.error("role")/>
            <Field name="phone" label=Key::Phone value=phone error=form.error("phone") kind="tel"/>
            <Field name="email" label=Key::Email value=email error=form.error("email") kind="email"/>
            <button type="submit" class="primary" disabled=form.pending()>{move || i18n.tr(Key::BizInvite)}</button>
        </form>
    }
}
