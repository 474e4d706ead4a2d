//! On the staff case page: the classifier's suggestion for the case, and
//! intake's control to correct its category and nature (each correction
//! teaches the classifier at its next retraining).

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::ComplaintId;
use shared::classification::{LabelCorrection, Suggestion};
use shared::taxonomy::{Category, Nature};

use crate::api::{ApiError, classification, taxonomy};
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{I18n, Key, Language};

#[component]
pub fn ClassificationPanel(
    id: ComplaintId,
    category_code: String,
    nature_code: String,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let suggestion = LocalResource::new(move || classification::for_complaint(id));
    let categories =
        LocalResource::new(|| async { taxonomy::categories().await.unwrap_or_default() });
    let natures = LocalResource::new(|| async { taxonomy::natures().await.unwrap_or_default() });
    let category = RwSignal::new(category_code);
    let nature = RwSignal::new(nature_code);
    let saved = RwSignal::new(false);
    let failed = RwSignal::new(None::<ApiError>);

    let save = move |_| {
        let labels = LabelCorrection {
            category_code: category.get_untracked(),
            nature_code: nature.get_untracked(),
        };
        spawn_local(async move {
            match classification::correct(id, &labels).await {
                Ok(_) => {
                    failed.set(None);
                    saved.set(true);
                    refresh.update(|n| *n += 1);
                }
                Err(error) => failed.set(Some(error)),
            }
        });
    };
    let suggested = move || {
        suggestion.get().and_then(Result::ok).map(|answer| {
            let language = i18n.language();
            (
                names(language, &answer.categories),
                names(language, &answer.natures),
            )
        })
    };
    let category_options = move || {
        let language = i18n.language();
        categories
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|Category { code, name_zh, name_en, .. }| {
                let name = localised(language, name_zh, name_en);
                view! { <option value=code.clone() selected=category.get_untracked() == code>{name}</option> }
            })
            .collect_view()
    };
    let nature_options = move || {
        let language = i18n.language();
        natures
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|Nature { code, name_zh, name_en }| {
                let name = localised(language, name_zh, name_en);
                view! { <option value=code.clone() selected=nature.get_untracked() == code>{name}</option> }
            })
            .collect_view()
    };

    view! {
        <section class="card" aria-labelledby="classification-title" data-testid="classification">
            <h2 id="classification-title">{move || i18n.tr(Key::SuggestStaffTitle)}</h2>
            {move || suggested().map(|(categories, natures)| view! {
                <p>{move || i18n.tr(Key::CaseCategory)}": "{categories}</p>
                <p>{move || i18n.tr(Key::SuggestNature)}" "{natures}</p>
            })}
            <details>
                <summary>{move || i18n.tr(Key::LabelsCorrect)}</summary>
                <label for="labels-category">{move || i18n.tr(Key::FileCategory)}</label>
                <select id="labels-category" on:change=move |event| category.set(event_target_value(&event))>
                    {category_options}
                </select>
                <label for="labels-nature">{move || i18n.tr(Key::FileNature)}</label>
                <select id="labels-nature" on:change=move |event| nature.set(event_target_value(&event))>
                    {nature_options}
                </select>
                <button type="button" on:click=save>{move || i18n.tr(Key::LabelsSave)}</button>
                <Show when=move || saved.get()>
                    <p class="notice" role="status">{move || i18n.tr(Key::LabelsSaved)}</p>
                </Show>
                {move || failed.get().map(|error| view! { <ErrorNotice error/> })}
            </details>
        </section>
    }
}

/// The suggestions as one line: `name 93%, name 4%…`.
fn names(language: Language, suggestions: &[Suggestion]) -> String {
    suggestions
        .iter()
        .map(|s| {
            let name = localised(language, s.name_zh.clone(), s.name_en.clone());
            format!("{name} {}%", (s.score * 100.0).round() as u32)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn localised(language: Language, zh: String, en: String) -> String {
    match language {
        Language::ZhCn => zh,
        Language::En => en,
    }
}
