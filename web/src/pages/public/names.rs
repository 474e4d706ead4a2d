//! The names of categories and natures, loaded once per tab and shown in
//! the reader's language; a code stands in for a name not (yet) known.

use std::cell::RefCell;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::taxonomy::{Category, Nature};

use crate::api::{ApiError, taxonomy};
use crate::i18n::Language;

/// The taxonomy as the public pages need it.
#[derive(Clone, Debug, Default)]
pub struct Names {
    pub categories: Vec<Category>,
    pub natures: Vec<Nature>,
}

impl Names {
    /// The name of the category `code`, or the code itself.
    pub fn category(&self, code: &str, language: Language) -> String {
        self.categories
            .iter()
            .find(|category| category.code == code)
            .map(|category| localised(&category.name_zh, &category.name_en, language))
            .unwrap_or_else(|| code.to_owned())
    }

    /// The name of the nature `code`, or the code itself.
    pub fn nature(&self, code: &str, language: Language) -> String {
        self.natures
            .iter()
            .find(|nature| nature.code == code)
            .map(|nature| localised(&nature.name_zh, &nature.name_en, language))
            .unwrap_or_else(|| code.to_owned())
    }

    /// The categories of the first two levels (`goods`, `goods.appliances`),
    /// the ones worth filtering by.
    pub fn filter_categories(&self) -> impl Iterator<Item = &Category> {
        self.categories
            .iter()
            .filter(|category| category.code.matches('.').count() <= 1)
    }
}

/// `zh` or `en` by `language`.
pub fn localised(zh: &str, en: &str, language: Language) -> String {
    match language {
        Language::ZhCn => zh.to_owned(),
        Language::En => en.to_owned(),
    }
}

thread_local! {
    static LOADED: RefCell<Option<Arc<Names>>> = const { RefCell::new(None) };
    /// The signals to fill once the load under way ends; `None` while none is.
    static WAITING: RefCell<Option<Vec<ArcRwSignal<Arc<Names>>>>> = const { RefCell::new(None) };
}

/// The names, empty until they arrive (or if they cannot be had: the pages
/// then show codes). However many components ask at once, the taxonomy is
/// fetched once.
pub fn use_names() -> Signal<Arc<Names>> {
    if let Some(names) = LOADED.with(|loaded| loaded.borrow().clone()) {
        return Signal::derive(move || names.clone());
    }
    let names = ArcRwSignal::new(Arc::new(Names::default()));
    let first = WAITING.with(|waiting| {
        let mut waiting = waiting.borrow_mut();
        let first = waiting.is_none();
        waiting.get_or_insert_with(Vec::new).push(names.clone());
        first
    });
    if first {
        spawn_local(fill_waiting());
    }
    Signal::derive(move || names.get())
}

/// Loads the taxonomy and hands it to every signal waiting for it.
async fn fill_waiting() {
    let loaded = load().await;
    let waiting = WAITING.with(|waiting| waiting.borrow_mut().take().unwrap_or_default());
    match loaded {
        Ok(names) => {
            LOADED.with(|cell| *cell.borrow_mut() = Some(names.clone()));
            for signal in waiting {
                signal.set(names.clone());
            }
        }
        Err(error) => {
            leptos::logging::warn!("category and nature names are unavailable: {error:?}")
        }
    }
}

/// The taxonomy from the server.
async fn load() -> Result<Arc<Names>, ApiError> {
    let categories = taxonomy::categories().await?;
    let natures = taxonomy::natures().await?;
    Ok(Arc::new(Names {
        categories,
        natures,
    }))
}
