//! `/staff/guidance`: the association's guidance articles (消费指引), drafts
//! and published ones, newest first. Staff write a new article, change the
//! text of one, and publish it or take it down again.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::guidance::{Article, ArticleChange, LANGUAGES, NewArticle};
use shared::page::{Page, PageQuery};

use crate::api::guidance;
use crate::components::case::form::FormState;
use crate::components::case::inputs::{Check, Choice, TextArea, words};
use crate::components::error_notice::ErrorNotice;
use crate::guard::redirect_when;
use crate::i18n::{I18n, Key};
use crate::pages::consumer::labels::china_time;
use crate::pages::public::paging::Paged;
use crate::pages::public::widgets::{Empty, Loading};
use crate::session::Session;

/// Articles read at a time.
const PAGE_SIZE: u32 = 20;

#[component]
pub fn GuidanceDesk() -> impl IntoView {
    let (i18n, session) = (I18n::expect(), Session::expect());
    redirect_when(move || !session.is_signed_in(), "/login");
    let written = RwSignal::new(0u32);

    view! {
        <Show when=move || session.is_signed_in()>
            <section class="card wide">
                <h1>{move || i18n.tr(Key::ArticleDeskTitle)}</h1>
                <p class="intro">{move || i18n.tr(Key::ArticleDeskIntro)}</p>
                <h2>{move || i18n.tr(Key::ArticleNew)}</h2>
                <NewArticleForm written/>
                <h2>{move || i18n.tr(Key::ArticleList)}</h2>
                <ArticleList written/>
            </section>
        </Show>
    }
}

/// The language choice, each tag named in the page's language.
fn language_options() -> Vec<(String, Signal<String>)> {
    LANGUAGES
        .iter()
        .map(|tag| ((*tag).to_owned(), words(language_key(tag))))
        .collect()
}

fn language_key(tag: &str) -> Key {
    if tag == "en" {
        Key::ArticleLanguageEn
    } else {
        Key::ArticleLanguageZh
    }
}

/// A new article, in the page's language unless staff pick the other;
/// a draft unless "publish now" is ticked.
#[component]
fn NewArticleForm(written: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let language = RwSignal::new(i18n.language().tag().to_owned());
    let (title, body) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let publish = RwSignal::new(false);
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let article = NewArticle {
            language: language.get_untracked(),
            title: title.get_untracked().trim().to_owned(),
            body: body.get_untracked().trim().to_owned(),
            publish: publish.get_untracked(),
        };
        form.send(async move { guidance::write(&article).await }, move |_| {
            title.set(String::new());
            body.set(String::new());
            publish.set(false);
            written.update(|n| *n += 1);
        });
    };

    view! {
        <form class="new-article" on:submit=submit novalidate>
            <Choice id="new-article-language" label=Key::ArticleLanguage value=language
                options=language_options() error=form.error("language")/>
            <TextArea id="new-article-title" label=Key::ArticleTitle value=title error=form.error("title") rows=1/>
            <TextArea id="new-article-body" label=Key::ArticleBody value=body error=form.error("body")
                hint=Key::ArticleBodyHint rows=8/>
            <Check id="new-article-publish" label=Key::ArticlePublishNow value=publish/>
            {form.notice()}
            <Show when=move || form.done()>
                <p class="notice ok" role="status">{move || i18n.tr(Key::ArticleSaved)}</p>
            </Show>
            <button type="submit" class="primary" disabled=form.pending()>
                {move || i18n.tr(Key::ArticleSave)}
            </button>
        </form>
    }
}

/// The association's articles; read again from the start after one is written.
#[component]
fn ArticleList(written: RwSignal<u32>) -> impl IntoView {
    let first = LocalResource::new(move || {
        written.track();
        async move { guidance::written(&page_query(None)).await }
    });

    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match first.await {
                    Ok(page) => view! { <ArticlePages page/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn page_query(cursor: Option<String>) -> PageQuery {
    PageQuery {
        cursor,
        limit: Some(PAGE_SIZE),
    }
}

#[component]
fn ArticlePages(page: Page<Article>) -> impl IntoView {
    let paged = Paged::new(page.items, page.next_cursor);
    let more = paged.more(move |cursor| async move {
        let page = guidance::written(&page_query(Some(cursor))).await?;
        Ok((page.items, page.next_cursor))
    });
    let items = paged.items;

    view! {
        <Show when=move || items.with(|items| !items.is_empty()) fallback=|| view! { <Empty text=Key::ArticleListEmpty/> }>
            <ul class="articles">
                <For each=move || items.get() key=|article| article.id let:article>
                    <ArticleCard article/>
                </For>
            </ul>
        </Show>
        {paged.footer(more)}
    }
}

/// One article as staff see it; it follows each change made here.
#[component]
fn ArticleCard(article: Article) -> impl IntoView {
    let i18n = I18n::expect();
    let shown = RwSignal::new(article);
    let editing = RwSignal::new(false);
    let id = shown.with_untracked(|a| a.id);
    let published = Memo::new(move |_| shown.with(|a| a.published_at.is_some()));
    let updated = move || {
        let at = china_time(shown.with(|a| a.updated_at));
        i18n.tr(Key::ArticleUpdated).replace("{date}", &at)
    };

    view! {
        <li class="article">
            <h3>{move || shown.with(|a| a.title.clone())}</h3>
            <p class="hint">
                {move || i18n.tr(shown.with(|a| language_key(&a.language)))} " · "
                {move || if published.get() {
                    view! { <span class="badge good">{move || i18n.tr(Key::ArticlePublished)}</span> }.into_any()
                } else {
                    view! { <span class="badge">{move || i18n.tr(Key::ArticleDraft)}</span> }.into_any()
                }}
                " · " {updated}
            </p>
            <Show when=move || published.get()>
                <p><a href=format!("/guidance/{id}")>{move || i18n.tr(Key::ArticlePublicPage)}</a></p>
            </Show>
            <div class="actions">
                <button type="button" class="secondary inline" aria-expanded=move || editing.get().to_string()
                    on:click=move |_| editing.update(|open| *open = !*open)>
                    {move || i18n.tr(Key::ArticleEdit)}
                </button>
                <PublishButton shown/>
            </div>
            <Show when=move || editing.get()>
                <EditForm shown editing/>
            </Show>
        </li>
    }
}

/// Publishes a draft, or takes a published article down.
#[component]
fn PublishButton(shown: RwSignal<Article>) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let published = move || shown.with(|a| a.published_at.is_some());
    let toggle = move |_| {
        let id = shown.with_untracked(|a| a.id);
        let change = ArticleChange {
            published: Some(!shown.with_untracked(|a| a.published_at.is_some())),
            ..ArticleChange::default()
        };
        form.send(
            async move { guidance::change(id, &change).await },
            move |article| shown.set(article),
        );
    };

    view! {
        <button type="button" class="secondary inline" on:click=toggle disabled=form.pending()>
            {move || i18n.tr(if published() { Key::ArticleUnpublish } else { Key::ArticlePublish })}
        </button>
        {form.notice()}
    }
}

/// The article's language, title and text, changed together.
#[component]
fn EditForm(shown: RwSignal<Article>, editing: RwSignal<bool>) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let (id, language, title, body) = shown.with_untracked(|a| {
        (
            a.id,
            RwSignal::new(a.language.clone()),
            RwSignal::new(a.title.clone()),
            RwSignal::new(a.body.clone()),
        )
    });
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let change = ArticleChange {
            language: Some(language.get_untracked()),
            title: Some(title.get_untracked().trim().to_owned()),
            body: Some(body.get_untracked().trim().to_owned()),
            published: None,
        };
        form.send(
            async move { guidance::change(id, &change).await },
            move |article| {
                shown.set(article);
                editing.set(false);
            },
        );
    };

    view! {
        <form class="edit-article" on:submit=submit novalidate>
            <Choice id=format!("article-language-{id}") label=Key::ArticleLanguage value=language
                options=language_options() error=form.error("language")/>
            <TextArea id=format!("article-title-{id}") label=Key::ArticleTitle value=title
                error=form.error("title") rows=1/>
            <TextArea id=format!("article-body-{id}") label=Key::ArticleBody value=body
                error=form.error("body") hint=Key::ArticleBodyHint rows=8/>
            {form.notice()}
            <div class="actions">
                <button type="submit" class="primary" disabled=form.pending()>
                    {move || i18n.tr(Key::ArticleSaveChanges)}
                </button>
                <button type="button" class="secondary inline" on:click=move |_| editing.set(false)>
                    {move || i18n.tr(Key::ArticleCancel)}
                </button>
            </div>
        </form>
    }
}
