//! Categories suggested from the description as the consumer writes it:
//! asked for once typing pauses, one click puts one in the form. Guidance
//! articles that fit the description are offered beside them.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::classification::{Classification, Suggestion};
use shared::guidance::{ArticleHit, SuggestionQuery};

use super::Form;
use super::purchase::pick;
use crate::api::{classification, guidance};
use crate::i18n::{I18n, Key};

/// How long typing must pause before the description is sent.
const PAUSE: std::time::Duration = std::time::Duration::from_millis(600);
/// Shorter descriptions say too little to suggest anything.
const MIN_CHARS: usize = 8;
/// The server classifies at most this many characters.
const MAX_CHARS: usize = 5000;

#[component]
pub fn CategorySuggestions(form: Form) -> impl IntoView {
    let i18n = I18n::expect();
    let answer = RwSignal::new(None::<Classification>);
    let articles = RwSignal::new(Vec::<ArticleHit>::new());
    let asked = StoredValue::new(0_u32);

    Effect::new(move || {
        let text: String = form
            .draft
            .with(|draft| draft.description.trim().chars().take(MAX_CHARS).collect());
        let ticket = asked.get_value().wrapping_add(1);
        asked.set_value(ticket);
        if text.chars().count() < MIN_CHARS {
            answer.set(None);
            articles.set(Vec::new());
            return;
        }
        // The person may have gone on to the next step (and this part of the
        // form been dropped) before the pause ends or the answer comes: the
        // `try_` reads and writes do nothing then.
        set_timeout(
            move || {
                if asked.try_get_value() != Some(ticket) {
                    return;
                }
                spawn_local(async move {
                    let suggested = classification::suggest(&text).await.ok();
                    let query = SuggestionQuery {
                        text,
                        language: Some(i18n.language().tag().to_owned()),
                    };
                    let fitting = guidance::suggestions(&query).await.unwrap_or_default();
                    // Only the answer to the latest typing counts.
                    if asked.try_get_value() == Some(ticket) {
                        let _ = answer.try_set(suggested);
                        let _ = articles.try_set(fitting);
                    }
                });
            },
            PAUSE,
        );
    });
    let categories = move || answer.with(|a| a.as_ref().map(|a| a.categories.clone()));
    let nature = move || {
        answer.with(|a| {
            a.as_ref()
                .and_then(|a| a.natures.first().cloned())
                .map(|n| pick(i18n.language(), n.name_zh, n.name_en))
        })
    };

    view! {
        <section class="suggestions" aria-live="polite" data-testid="category-suggestions">
            {move || categories().filter(|list| !list.is_empty()).map(|list| view! {
                <h3>{move || i18n.tr(Key::SuggestTitle)}</h3>
                <p class="hint">{move || i18n.tr(Key::SuggestHint)}</p>
                <ul class="suggestion-list">
                    {list.into_iter().map(|suggestion| view! { <SuggestionButton form suggestion/> }).collect_view()}
                </ul>
                {nature().map(|name| view! {
                    <p class="muted">{move || i18n.tr(Key::SuggestNature)}" "{name}</p>
                })}
            })}
            {move || articles.with(|list| !list.is_empty()).then(|| view! {
                <h3>{move || i18n.tr(Key::SuggestArticles)}</h3>
                <ul class="article-suggestions" data-testid="article-suggestions">
                    {articles.get().into_iter().map(|hit| {
                        let href = format!("/guidance/{}", hit.id);
                        view! { <li><a href=href target="_blank" rel="noopener">{hit.title}</a></li> }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

/// One suggested category: its name and score, pressed when it is the
/// form's category.
#[component]
fn SuggestionButton(form: Form, suggestion: Suggestion) -> impl IntoView {
    let i18n = I18n::expect();
    let code = suggestion.code.clone();
    let chosen = Memo::new(move |_| form.draft.with(|draft| draft.category_code == code));
    let percent = (suggestion.score * 100.0).round() as u32;
    let name = move || {
        pick(
            i18n.language(),
            suggestion.name_zh.clone(),
            suggestion.name_en.clone(),
        )
    };
    let code = suggestion.code.clone();
    let choose = move |_| {
        let code = code.clone();
        form.draft.update(|draft| draft.category_code = code);
    };

    view! {
        <li>
            <button type="button" class="secondary suggestion" aria-pressed=move || chosen.get().to_string()
                title=move || i18n.tr(if chosen.get() { Key::SuggestPicked } else { Key::SuggestPick })
                on:click=choose>
                {name}" · "{percent}"%"
            </button>
        </li>
    }
}
