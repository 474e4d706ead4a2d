//! Keeps people on pages that fit the session: the router follows the
//! session as it changes, not only when a page opens.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::portal_hop;

/// Goes to `path` whenever `condition` holds, replacing the current history
/// entry so that Back does not return to a page that would send you off again.
/// A portal page seen from the public module is loaded as a new page (see
/// [`crate::portal_hop`]).
pub fn redirect_when(condition: impl Fn() -> bool + 'static, path: &'static str) {
    let navigate = use_navigate();
    let options = NavigateOptions {
        replace: true,
        ..NavigateOptions::default()
    };
    Effect::new(move || {
        if !condition() {
            return;
        }
        if portal_hop::is_elsewhere(path) {
            portal_hop::load_full_module(path, true);
        } else {
            navigate(path, options.clone());
        }
    });
}
