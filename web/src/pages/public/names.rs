//! The names of categories and natures, loaded once per tab and shown in
//! the reader's language; a code stands in for a name not (yet) known.

use std::cell::RefCell;
use std::sync::Arc;

use leptos::prelude::*;
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
}

/// The taxonomy, from the server the first time and from memory after.
async fn load() -> Result<Arc<Names>, ApiError> {
    if let Some(names) = LOADED.with(|loaded| loaded.borrow().clone()) {
        return Ok(names);
    }
    let categories = taxonomy::categories().await?;
    let natures = taxonomy::natures().await?;
    let names = Arc::new(Names {
        categories,
        natures,
    });
    LOADED.with(|loaded| *loaded.borrow_mut() = Some(names.clone()));
    Ok(names)
}

/// The names, empty until they arrive (or if they cannot be had: the pages
/// then show codes).
pub fn use_names() -> Signal<Arc<Names>> {
    let resource = LocalResource::new(load);
    Signal::derive(move || match resource.get() {
        Some(Ok(names)) => names,
        _ => Arc::new(Names::default()),
    })
}
