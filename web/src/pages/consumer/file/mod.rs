//! `/file`: the guided filing form. One step at a time, each with a title and
//! a hint; the draft is kept in the browser until filed, and filing carries an
//! idempotency key so that retrying never files twice.

mod business;
mod evidence;
mod purchase;
mod review;
mod story;
mod suggestions;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::draft::{Draft, STORAGE_KEY, Step, first_step_with_errors};
use super::labels;
use crate::api::{ApiError, complaints};
use crate::components::error_notice::ErrorNotice;
use crate::guard::redirect_when;
use crate::i18n::{I18n, Key};
use crate::session::Session;

/// Why a field is not accepted: our own check, or the server's sentence.
#[derive(Clone, Debug, PartialEq)]
enum Reason {
    Local(Key),
    Server(String),
}

/// The state of the form, shared by its steps.
#[derive(Clone, Copy)]
pub(super) struct Form {
    draft: RwSignal<Draft>,
    errors: RwSignal<Vec<(String, Reason)>>,
}

impl Form {
    fn load() -> Self {
        let draft = stored().unwrap_or_else(|| Draft::new(uuid::Uuid::new_v4().to_string()));
        let form = Self {
            draft: RwSignal::new(draft),
            errors: RwSignal::new(Vec::new()),
        };
        Effect::new(move || form.draft.with(save));
        form
    }

    fn step(self) -> Step {
        Step::at(self.draft.with(|draft| draft.step))
    }

    fn go_to(self, step: Step) {
        self.draft.update(|draft| draft.step = step.index());
        scroll_to_top();
    }

    /// A text of the draft as a signal for an input; typing changes the draft.
    fn text(self, lens: fn(&mut Draft) -> &mut String) -> RwSignal<String> {
        let mut copy = self.draft.get_untracked();
        let signal = RwSignal::new(lens(&mut copy).clone());
        Effect::new(move || {
            let value = signal.get();
            self.draft.maybe_update(|draft| {
                let changed = *lens(draft) != value;
                if changed {
                    *lens(draft) = value;
                }
                changed
            });
        });
        signal
    }

    /// What is wrong with `field` (or any field under it, for `business`).
    fn error(self, field: &'static str) -> Signal<Option<String>> {
        let i18n = I18n::expect();
        Signal::derive(move || {
            let texts: Vec<String> = self.errors.with(|errors| {
                errors
                    .iter()
                    .filter(|(name, _)| name == field || name.starts_with(&format!("{field}.")))
                    .map(|(_, reason)| match reason {
                        Reason::Local(key) => i18n.tr(*key).to_owned(),
                        Reason::Server(text) => text.clone(),
                    })
                    .collect()
            });
            (!texts.is_empty()).then(|| texts.join(" "))
        })
    }

    /// Checks the current step; moves on when it passes.
    fn next(self) {
        let step = self.step();
        let today = labels::china_today(labels::now());
        let problems = self
            .draft
            .with_untracked(|draft| draft.problems(step, today));
        self.errors.set(
            problems
                .iter()
                .map(|problem| (problem.field.to_owned(), Reason::Local(problem.message)))
                .collect(),
        );
        if problems.is_empty() {
            self.go_to(Step::at(step.index() + 1));
        }
    }

    fn back(self) {
        self.errors.set(Vec::new());
        self.go_to(Step::at(self.step().index().saturating_sub(1)));
    }

    /// The server refused fields: show each at its input, on the first
    /// step that has one.
    fn refused(self, error: &ApiError) -> bool {
        let Some(problem) = error.problem().filter(|problem| !problem.errors.is_empty()) else {
            return false;
        };
        let step = first_step_with_errors(problem.errors.iter().map(|e| e.field.as_str()));
        self.errors.set(
            problem
                .errors
                .iter()
                .map(|e| (e.field.clone(), Reason::Server(e.message.clone())))
                .collect(),
        );
        if let Some(step) = step {
            self.go_to(step);
        }
        true
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn stored() -> Option<Draft> {
    Draft::from_storage(&storage()?.get_item(STORAGE_KEY).ok().flatten()?)
}

fn save(draft: &Draft) {
    if let Some(storage) = storage() {
        // A full or disabled storage only loses the copy kept for later.
        let _ = storage.set_item(STORAGE_KEY, &draft.to_storage());
    }
}

fn forget() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

fn scroll_to_top() {
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// The filing form, for signed-in consumers.
#[component]
pub fn FilePage() -> impl IntoView {
    let session = Session::expect();
    redirect_when(move || !session.is_signed_in(), "/login");

    view! {
        <Show when=move || session.is_signed_in()>
            <FileForm/>
        </Show>
    }
}

#[component]
fn FileForm() -> impl IntoView {
    let i18n = I18n::expect();
    let form = Form::load();
    let step = Memo::new(move |_| form.step());

    view! {
        <section class="card wide filing">
            <h1>{move || i18n.tr(Key::FileTitle)}</h1>
            <p class="intro">{move || i18n.tr(Key::FileIntro)}</p>
            <StepBar step/>
            <h2 class="step-title" id="step-title">
                {move || i18n.tr(step.get().title())}
            </h2>
            {move || match step.get() {
                Step::Business => view! { <business::BusinessStep form/> }.into_any(),
                Step::Purchase => view! { <purchase::PurchaseStep form/> }.into_any(),
                Step::Story => view! { <story::StoryStep form/> }.into_any(),
                Step::Demands => view! { <story::DemandsStep form/> }.into_any(),
                Step::Evidence => view! { <evidence::EvidenceStep form/> }.into_any(),
                Step::Review => view! { <ReviewAndFile form/> }.into_any(),
            }}
        </section>
    }
}

/// "Step 2 of 6" with a bar of the steps done.
#[component]
fn StepBar(step: Memo<Step>) -> impl IntoView {
    let i18n = I18n::expect();
    let total = Step::ALL.len();
    let label = move || {
        i18n.tr(Key::FileStepOf)
            .replace("{step}", &(step.get().index() + 1).to_string())
            .replace("{total}", &total.to_string())
    };

    view! {
        <p class="step-count">{label}</p>
        <ol class="step-bar" aria-hidden="true">
            {Step::ALL.map(|each| view! {
                <li class:done=move || each <= step.get()></li>
            })}
        </ol>
    }
}

/// Back and Next, big enough for a thumb.
#[component]
fn StepButtons(form: Form) -> impl IntoView {
    let i18n = I18n::expect();
    let first = move || form.step() == Step::Business;

    view! {
        <div class="step-buttons">
            <Show when=move || !first()>
                <button type="button" class="secondary" on:click=move |_| form.back()>
                    {move || i18n.tr(Key::FileBack)}
                </button>
            </Show>
            <button type="button" class="primary" on:click=move |_| form.next()>
                {move || i18n.tr(Key::FileNext)}
            </button>
        </div>
    }
}

/// The last step: the preview and consent, then filing.
#[component]
fn ReviewAndFile(form: Form) -> impl IntoView {
    let i18n = I18n::expect();
    let navigate = use_navigate();
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);

    let file = move |_| {
        if pending.get_untracked() {
            return;
        }
        let today = labels::china_today(labels::now());
        let draft = form.draft.get_untracked();
        if let Some(step) = draft.first_incomplete(Step::Review, today) {
            form.go_to(step);
            form.next();
            return;
        }
        let navigate = navigate.clone();
        pending.set(true);
        failure.set(None);
        spawn_local(async move {
            let outcome = complaints::file(&draft.to_request(), &draft.idempotency_key).await;
            pending.set(false);
            match outcome {
                Ok(complaint) => {
                    forget();
                    navigate(
                        &format!("/my/complaints/{}", complaint.id),
                        Default::default(),
                    );
                }
                Err(error) if form.refused(&error) => {}
                Err(error) => failure.set(Some(error)),
            }
        });
    };

    view! {
        <review::ReviewStep form/>
        {move || failure.get().map(|error| view! {
            <ErrorNotice error/>
            <p class="hint">{move || i18n.tr(Key::FileRetryHint)}</p>
        })}
        <div class="step-buttons">
            <button type="button" class="secondary" on:click=move |_| form.back()>
                {move || i18n.tr(Key::FileBack)}
            </button>
            <button type="button" class="primary" on:click=file disabled=pending>
                {move || i18n.tr(if pending.get() { Key::FilePending } else { Key::FileSubmit })}
            </button>
        </div>
    }
}
