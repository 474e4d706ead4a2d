//! `/notifications`: what happened on the consumer's cases; each can be
//! marked read, or all at once.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::notifications::{Notification, NotificationQuery};

use super::labels;
use crate::api::notifications;
use crate::components::error_notice::ErrorNotice;
use crate::guard::redirect_when;
use crate::i18n::{I18n, Key};
use crate::live::LiveEvents;
use crate::session::Session;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let (i18n, session) = (I18n::expect(), Session::expect());
    redirect_when(move || !session.is_signed_in(), "/login");
    let reload = RwSignal::new(0_u32);
    let live = LiveEvents::expect();
    let inbox = LocalResource::new(move || {
        reload.track();
        // A notification that arrives while the page is open joins the list.
        live.received();
        async move {
            let query = NotificationQuery {
                limit: Some(50),
                ..NotificationQuery::default()
            };
            notifications::inbox(&query).await
        }
    });
    let read_all = move |_| {
        spawn_local(async move {
            if notifications::mark_all_read().await.is_ok() {
                reload.update(|n| *n += 1);
            }
        });
    };

    view! {
        <Show when=move || session.is_signed_in()>
            <section class="card wide">
                <h1>{move || i18n.tr(Key::NotificationsTitle)}</h1>
                <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        match inbox.await {
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                            Ok(inbox) if inbox.items.is_empty() => view! {
                                <p class="empty">{move || i18n.tr(Key::NotificationsEmpty)}</p>
                            }.into_any(),
                            Ok(inbox) => {
                                let has_unread = inbox.unread_count > 0;
                                view! {
                                <p class="muted">{i18n.tr(Key::NotificationsUnread).replace("{count}", &inbox.unread_count.to_string())}</p>
                                <Show when=move || has_unread>
                                    <button type="button" class="secondary" on:click=read_all>
                                        {move || i18n.tr(Key::NotificationsReadAll)}
                                    </button>
                                </Show>
                                <ul class="notice-list">
                                    {inbox.items.into_iter().map(|item| view! { <NotificationLine item reload/> }).collect_view()}
                                </ul>
                            }.into_any()
                            }
                        }
                    })}
                </Suspense>
            </section>
        </Show>
    }
}

#[component]
fn NotificationLine(item: Notification, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let unread = item.read_at.is_none();
    let id = item.id;
    let mark = move |_| {
        spawn_local(async move {
            if notifications::mark_read(id).await.is_ok() {
                reload.update(|n| *n += 1);
            }
        });
    };

    view! {
        <li class="notification" class:unread=unread>
            <p>
                {match item.complaint_id {
                    Some(complaint) => view! { <a href=format!("/my/complaints/{complaint}")>{item.title.clone()}</a> }.into_any(),
                    None => view! { <span>{item.title.clone()}</span> }.into_any(),
                }}
            </p>
            <p class="muted">{labels::china_time(item.created_at)}</p>
            <Show when=move || unread>
                <button type="button" class="link" on:click=mark>{move || i18n.tr(Key::NotificationsMarkRead)}</button>
            </Show>
        </li>
    }
}
