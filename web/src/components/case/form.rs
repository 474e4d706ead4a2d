//! The state every case form keeps: whether it is sending, what the server
//! refused, and what was refused before sending.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{I18n, Key};

/// One form's progress and errors; cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct FormState {
    pending: RwSignal<bool>,
    failure: RwSignal<Option<ApiError>>,
    local: RwSignal<Vec<(&'static str, Key)>>,
    done: RwSignal<bool>,
}

impl FormState {
    /// A form that has not been sent.
    pub fn new() -> Self {
        Self {
            pending: RwSignal::new(false),
            failure: RwSignal::new(None),
            local: RwSignal::new(Vec::new()),
            done: RwSignal::new(false),
        }
    }

    /// Whether a request is on its way; reactive.
    pub fn pending(self) -> Signal<bool> {
        self.pending.into()
    }

    /// Whether the last request succeeded; reactive.
    pub fn done(self) -> bool {
        self.done.get()
    }

    /// The message to show under `field`: ours when the input could not be
    /// read, else the server's.
    pub fn error(self, field: &'static str) -> Signal<Option<String>> {
        let i18n = I18n::expect();
        Signal::derive(move || {
            let local = self.local.with(|local| {
                local
                    .iter()
                    .find(|(name, _)| *name == field)
                    .map(|(_, key)| i18n.tr(*key).to_owned())
            });
            local.or_else(|| {
                self.failure
                    .with(|error| api::field_message(error.as_ref()?, field))
            })
        })
    }

    /// Refuses to send and marks the fields that could not be read.
    pub fn refuse(self, fields: Vec<(&'static str, Key)>) {
        self.failure.set(None);
        self.local.set(fields);
    }

    /// Sends `call`; on success runs `then` with its answer.
    pub fn send<T, F>(self, call: F, then: impl FnOnce(T) + 'static)
    where
        T: 'static,
        F: Future<Output = Result<T, ApiError>> + 'static,
    {
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        self.failure.set(None);
        self.local.set(Vec::new());
        self.done.set(false);
        spawn_local(async move {
            let outcome = call.await;
            self.pending.set(false);
            match outcome {
                Ok(answer) => {
                    self.done.set(true);
                    then(answer);
                }
                Err(error) => self.failure.set(Some(error)),
            }
        });
    }

    /// The banner for a refusal that names no field of the form.
    pub fn notice(self) -> impl IntoView {
        move || {
            self.failure
                .get()
                .map(|error| view! { <ErrorNotice error/> })
        }
    }
}

impl Default for FormState {
    fn default() -> Self {
        Self::new()
    }
}
