//! The large-text switch, for readers who want everything bigger: it scales
//! the whole page (style.css sizes everything in `rem`) and is remembered on
//! this browser.

use leptos::prelude::*;

use crate::i18n::{I18n, Key};
use crate::storage;

/// The class on `<html>` that style.css enlarges the page by.
const LARGE_CLASS: &str = "large-text";

/// What [`storage::TEXT_SIZE`] holds while large text is on.
const LARGE: &str = "large";

/// A toggle button; pressed while the text is large.
#[component]
pub fn TextSizeSwitch() -> impl IntoView {
    let i18n = I18n::expect();
    let large = RwSignal::new(is_large(storage::read(storage::TEXT_SIZE).as_deref()));
    Effect::new(move || mark_document(large.get()));

    let toggle = move |_| {
        let now_large = !large.get_untracked();
        if now_large {
            storage::write(storage::TEXT_SIZE, LARGE);
        } else {
            storage::remove(storage::TEXT_SIZE);
        }
        large.set(now_large);
    };

    view! {
        <button
            type="button"
            class="text-size"
            aria-pressed=move || large.get().to_string()
            on:click=toggle
        >
            {move || i18n.tr(Key::LargeText)}
        </button>
    }
}

/// True when the remembered setting asks for large text.
fn is_large(remembered: Option<&str>) -> bool {
    remembered == Some(LARGE)
}

fn mark_document(large: bool) {
    let Some(root) = document().document_element() else {
        return;
    };
    let classes = root.class_list();
    // Only fails for a class name with spaces, which ours has not.
    let _ = if large {
        classes.add_1(LARGE_CLASS)
    } else {
        classes.remove_1(LARGE_CLASS)
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_remembered_large_setting_enlarges_the_text() {
        assert!(is_large(Some("large")));
        assert!(!is_large(None));
        assert!(!is_large(Some("huge")));
    }
}
