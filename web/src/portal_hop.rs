//! The hand-over from the public module to the full one.
//!
//! The SPA is built twice from this crate: the full module (feature
//! `portals`, every page) and the public module (the public pages and
//! sign-in only), which is what a visitor of the public pages downloads.
//! `index.html` picks the module by the first segment of the path. In the
//! public module a portal page is reached by loading it as a new page:
//! links to it are left to the browser ([`let_browser_follow_portal_links`]),
//! redirects load it ([`crate::guard::redirect_when`]), and any other way in
//! shows [`PortalHop`], which loads the address again. Each of these marks
//! the load so that `index.html` picks the full module whatever the path.
//! The session survives the load: its refresh token is kept (see
//! [`crate::session`]).

// The full module shows every page itself and never routes to `PortalHop`.
#![cfg_attr(feature = "portals", allow(dead_code))]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::i18n::{I18n, Key};

/// The first segments of the portal pages' paths: the same list as
/// `PORTALS` in `index.html` (checked by `tests/portal_modules.rs`).
pub const PORTAL_SEGMENTS: [&str; 10] = [
    "admin",
    "ask",
    "business",
    "file",
    "groups",
    "me",
    "my",
    "notifications",
    "register",
    "staff",
];

/// The `sessionStorage` key `index.html` reads: the path that asked for the
/// full module. `index.html` removes it once read.
const FULL_MODULE_FOR: &str = "redress.full_module_for";

/// Whether `path` (an absolute path, perhaps with a query) is a portal page
/// that this module cannot show: always false in the full module.
pub fn is_elsewhere(path: &str) -> bool {
    cfg!(not(feature = "portals")) && is_portal_path(path)
}

fn is_portal_path(path: &str) -> bool {
    let first = path
        .trim_start_matches('/')
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    PORTAL_SEGMENTS.contains(&first)
}

/// Shown by the public module on a portal route: loads the address again
/// as a new page, with the full module.
#[component]
pub fn PortalHop() -> impl IntoView {
    let i18n = I18n::expect();
    Effect::new(move |_| {
        let location = window().location();
        if let (Ok(path), Ok(search), Ok(hash)) =
            (location.pathname(), location.search(), location.hash())
        {
            load_full_module(&format!("{path}{search}{hash}"), true);
        }
    });

    view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }
}

/// Loads `address` (path, query, fragment) as a new page with the full
/// module, in place of the current history entry when `replace`.
pub fn load_full_module(address: &str, replace: bool) {
    let window = window();
    let path = address.split(['?', '#']).next().unwrap_or(address);
    if let Ok(Some(storage)) = window.session_storage() {
        let _ = storage.set_item(FULL_MODULE_FOR, path);
    }

    let location = window.location();
    let _ = if replace {
        location.replace(address)
    } else {
        location.assign(address)
    };
}

/// In the public module, keeps the router's hands off links to portal
/// pages, so that the browser follows them as an ordinary page load (which
/// `index.html` serves with the full module) instead of the router showing
/// [`PortalHop`] first. The router listens for clicks on the window; this
/// listener runs before it, on the way down, and stops the click there for
/// such links only. Call once, at start.
pub fn let_browser_follow_portal_links() {
    let on_click = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
        if clicked_portal_link(&event) {
            event.stop_propagation();
        }
    });
    let capture = true;
    let _ = document().add_event_listener_with_callback_and_bool(
        "click",
        on_click.as_ref().unchecked_ref(),
        capture,
    );
    // The listener lives as long as the page.
    on_click.forget();
}

/// Whether the click landed in a same-origin link to a portal page.
fn clicked_portal_link(event: &web_sys::Event) -> bool {
    let Some(element) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    let Some(href) = element
        .closest("a[href]")
        .ok()
        .flatten()
        .and_then(|link| link.get_attribute("href"))
    else {
        return false;
    };

    let location = window().location();
    let (Ok(here), Ok(origin)) = (location.href(), location.origin()) else {
        return false;
    };
    web_sys::Url::new_with_base(&href, &here)
        .is_ok_and(|url| url.origin() == origin && is_portal_path(&url.pathname()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portal_paths_are_told_by_their_first_segment() {
        assert!(is_portal_path("/my/complaints/42"));
        assert!(is_portal_path("/file?business=7"));
        assert!(is_portal_path("/staff"));
        assert!(is_portal_path("/me#account"));
        assert!(!is_portal_path("/"));
        assert!(!is_portal_path("/businesses/7"));
        assert!(!is_portal_path("/complaints?q=退款"));
        assert!(!is_portal_path("/mediation"));
    }

    #[test]
    fn the_full_module_has_every_page_itself() {
        assert_eq!(
            is_elsewhere("/my/complaints"),
            cfg!(not(feature = "portals"))
        );
        assert!(!is_elsewhere("/complaints"));
    }
}
