//! `/guidance`: the association's guidance articles and its published
//! questions and answers, searched with the same Chinese full-text search as
//! complaints; `/guidance/:id`: one article.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use shared::client::encode;
use shared::enquiries::{PublicQuestion, PublicQuestionQuery};
use shared::guidance::{ArticleHit, ArticleSearchQuery};

use super::widgets::{Empty, Loading, Snippet};
use crate::api::{enquiries, guidance};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::Field;
use crate::i18n::{I18n, Key};
use crate::pages::consumer::labels::china_time;

/// Articles and questions shown at a time.
const PAGE_SIZE: u32 = 20;

/// The search box, then the matching articles and questions.
#[component]
pub fn GuidancePage() -> impl IntoView {
    let i18n = I18n::expect();
    let params = use_query_map();
    let words =
        Memo::new(move |_| params.with(|params| params.get("q").filter(|q| !q.trim().is_empty())));

    view! {
        <section class="public wide">
            <h1>{move || i18n.tr(Key::GuidanceTitle)}</h1>
            <p class="intro">{move || i18n.tr(Key::GuidanceIntro)}</p>
            <GuidanceSearch current=words/>
            {move || {
                let q = words.get();
                view! {
                    <h2>{move || i18n.tr(Key::GuidanceArticles)}</h2>
                    <Articles q=q.clone()/>
                    <h2>{move || i18n.tr(Key::GuidanceQuestions)}</h2>
                    <Questions q/>
                }
            }}
            <p><a href="/ask">{move || i18n.tr(Key::GuidanceAskLink)}</a></p>
        </section>
    }
}

/// Puts the words in the address, so that a search can be shared and reloaded.
#[component]
fn GuidanceSearch(current: Memo<Option<String>>) -> impl IntoView {
    let i18n = I18n::expect();
    let navigate = use_navigate();
    let words = RwSignal::new(current.get_untracked().unwrap_or_default());
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let q = words.get_untracked().trim().to_owned();
        let href = if q.is_empty() {
            "/guidance".to_owned()
        } else {
            format!("/guidance?q={}", encode(&q))
        };
        navigate(&href, NavigateOptions::default());
    };

    view! {
        <form class="search" role="search" on:submit=submit>
            <Field name="q" label=Key::GuidanceSearchLabel value=words
                error=Signal::derive(|| None::<String>) kind="search" placeholder=Key::GuidanceSearchHint/>
            <button type="submit" class="primary">{move || i18n.tr(Key::PubSearch)}</button>
        </form>
    }
}

#[component]
fn Articles(q: Option<String>) -> impl IntoView {
    let i18n = I18n::expect();
    // Articles in the language the page shows; found again when it changes.
    let found = LocalResource::new(move || {
        let query = ArticleSearchQuery {
            q: q.clone(),
            language: Some(i18n.language().tag().to_owned()),
            limit: Some(PAGE_SIZE),
            ..ArticleSearchQuery::default()
        };
        async move { guidance::search(&query).await }
    });

    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(page) if page.items.is_empty() => view! { <Empty text=Key::GuidanceNoArticles/> }.into_any(),
                    Ok(page) => view! {
                        <ul class="hits">
                            {page.items.into_iter().map(|hit| view! { <ArticleCard hit/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ArticleCard(hit: ArticleHit) -> impl IntoView {
    let href = format!("/guidance/{}", hit.id);

    view! {
        <li class="hit card">
            <h3><a href=href>{hit.title}</a></h3>
            <Snippet text=hit.snippet highlights=hit.highlights/>
        </li>
    }
}

#[component]
fn Questions(q: Option<String>) -> impl IntoView {
    let found = LocalResource::new(move || {
        let query = PublicQuestionQuery {
            q: q.clone(),
            limit: Some(PAGE_SIZE),
            ..PublicQuestionQuery::default()
        };
        async move { enquiries::questions(&query).await }
    });

    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(page) if page.items.is_empty() => view! { <Empty text=Key::GuidanceNoQuestions/> }.into_any(),
                    Ok(page) => view! {
                        <ul class="hits">
                            {page.items.into_iter().map(|question| view! { <QuestionCard question/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn QuestionCard(question: PublicQuestion) -> impl IntoView {
    let i18n = I18n::expect();

    view! {
        <li class="hit card question">
            <p><strong>{move || i18n.tr(Key::GuidanceQuestion)}</strong> " " {question.question}</p>
            <p><strong>{move || i18n.tr(Key::GuidanceAnswer)}</strong> " " {question.answer}</p>
            <p class="hint">{question.association_name} " · " {china_time(question.answered_at)}</p>
        </li>
    }
}

/// One article, its paragraphs as written.
#[component]
pub fn ArticlePage() -> impl IntoView {
    let i18n = I18n::expect();
    let params = use_params_map();
    let id = move || params.with(|params| params.get("id").and_then(|id| id.parse::<i32>().ok()));
    let article = LocalResource::new(move || {
        let id = id();
        async move {
            match id {
                Some(id) => guidance::article(id).await.map(Some),
                None => Ok(None),
            }
        }
    });

    view! {
        <article class="public card wide">
            <p><a href="/guidance">{move || i18n.tr(Key::GuidanceBack)}</a></p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match article.await {
                        Ok(Some(article)) => view! {
                            <h1>{article.title}</h1>
                            <p class="hint">{article.association_name} " · " {china_time(article.updated_at)}</p>
                            {article.body.split("\n").filter(|line| !line.trim().is_empty())
                                .map(|line| view! { <p>{line.to_owned()}</p> }).collect_view()}
                        }.into_any(),
                        Ok(None) => view! { <Empty text=Key::GuidanceNoArticle/> }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </article>
    }
}
