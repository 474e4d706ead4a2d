//! A list read a page at a time: the items so far, the cursor of the next
//! page, and the "more" button with the error of a failed try under it.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::widgets::MoreButton;
use crate::api::ApiError;
use crate::components::error_notice::ErrorNotice;

/// The pages read so far of one list.
pub struct Paged<T: Send + Sync + 'static> {
    /// Every item of the pages read, in order.
    pub items: RwSignal<Vec<T>>,
    next: RwSignal<Option<String>>,
    pending: RwSignal<bool>,
    failure: RwSignal<Option<ApiError>>,
}

impl<T: Send + Sync + 'static> Clone for Paged<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Paged<T> {}

impl<T: Send + Sync + 'static> Paged<T> {
    /// Starts from the first page: its items and its `next_cursor`.
    pub fn new(items: Vec<T>, next: Option<String>) -> Self {
        Self {
            items: RwSignal::new(items),
            next: RwSignal::new(next),
            pending: RwSignal::new(false),
            failure: RwSignal::new(None),
        }
    }

    /// Reads the next page with `fetch(cursor)`, which answers with the
    /// page's items and its own next cursor, and appends it. A failure is
    /// shown, and the button stays for another try.
    pub fn more<F, Fut>(self, fetch: F) -> impl Fn() + Clone + Send + Sync + 'static
    where
        F: Fn(String) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = Result<(Vec<T>, Option<String>), ApiError>> + 'static,
    {
        move || {
            let Some(cursor) = self.next.get_untracked() else {
                return;
            };
            if self.pending.get_untracked() {
                return;
            }
            self.pending.set(true);
            let page = fetch(cursor);
            spawn_local(async move {
                match page.await {
                    Ok((items, next)) => {
                        self.items.update(|all| all.extend(items));
                        self.next.set(next);
                        self.failure.set(None);
                    }
                    Err(error) => self.failure.set(Some(error)),
                }
                self.pending.set(false);
            });
        }
    }

    /// The error of the last try, if it failed, and "more" while a next page exists.
    pub fn footer(self, more: impl Fn() + Clone + Send + Sync + 'static) -> impl IntoView {
        view! {
            {move || self.failure.get().map(|error| view! { <ErrorNotice error/> })}
            <Show when=move || self.next.with(Option::is_some)>
                <MoreButton pending=self.pending on_more=more.clone()/>
            </Show>
        }
    }
}
