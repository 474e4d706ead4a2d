//! Pages whose code the browser fetches the first time they are shown.
//!
//! Each page named in [`lazy_pages!`] gets a loader marked as a split point
//! (`wasm_split`, as under Leptos's `#[lazy]`, but with a failed load returned
//! instead of stopping the app): the build (`cargo xtask spa`) cuts what only
//! that page uses out of the app's module into a chunk of its own, and the
//! router awaits the chunk before it draws the page. So the first download
//! holds the shell, the home page and what pages share, and a visitor pays
//! for a page when they open it. A chunk that does not load shows
//! [`PageNotLoadedNotice`] with a button to load the page again.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use leptos_router::ChooseView;

use crate::i18n::{I18n, Key};

/// A loader: fetches the page's chunk if needed, then draws the page.
pub type Loader = fn() -> Pin<Box<dyn Future<Output = Result<AnyView, PageNotLoaded>>>>;

/// A route's view that loads its page on first use.
#[derive(Clone, Copy)]
pub struct LazyPage(pub Loader);

impl ChooseView for LazyPage {
    async fn choose(self) -> AnyView {
        match (self.0)().await {
            Ok(page) => page,
            Err(PageNotLoaded) => view! { <PageNotLoadedNotice/> }.into_any(),
        }
    }

    async fn preload(&self) {}
}

/// The page's chunk did not load: the network failed, or the server now
/// holds a newer build than the one running in this tab.
#[derive(Debug)]
pub struct PageNotLoaded;

impl From<SplitLoaderError> for PageNotLoaded {
    fn from(_: SplitLoaderError) -> Self {
        Self
    }
}

/// Says the page could not be loaded and offers a fresh load, which also
/// fetches the current build (the chunk may belong to a newer one).
#[component]
fn PageNotLoadedNotice() -> impl IntoView {
    let i18n = I18n::expect();
    let reload = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };

    view! {
        <section class="card" role="alert">
            <h1>{move || i18n.tr(Key::PageNotLoadedTitle)}</h1>
            <p>{move || i18n.tr(Key::PageNotLoadedBody)}</p>
            <p><button type="button" on:click=reload>{move || i18n.tr(Key::PageNotLoadedReload)}</button></p>
        </section>
    }
}

/// Declares a [`LazyPage`] constant per page, named as the page's component:
/// `ComplaintsPage from public::complaints;` (a module under `pages`). Each
/// loader is its own split point, so each page is its own chunk.
macro_rules! lazy_pages {
    ($($page:ident from $($module:ident)::+;)*) => {
        $(
            #[allow(non_upper_case_globals)]
            const $page: $crate::lazy_page::LazyPage = {
                #[allow(non_snake_case)]
                #[::leptos::wasm_split::wasm_split(
                    $page,
                    wasm_split_path = ::leptos::wasm_split,
                    fallible
                )]
                fn $page() -> ::std::result::Result<
                    ::leptos::prelude::AnyView,
                    $crate::lazy_page::PageNotLoaded,
                > {
                    use ::leptos::prelude::IntoAny;
                    Ok($crate::pages::$($module)::+::$page().into_any())
                }

                $crate::lazy_page::LazyPage(|| ::std::boxed::Box::pin($page()))
            };
        )*
    };
}

pub(crate) use lazy_pages;
