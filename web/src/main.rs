//! The redress single-page app: a Leptos client that talks to the redress API
//! under `/api/v1` on the same origin.
//!
//! Built with the `portals` feature (the default) it holds every page;
//! without it, the public pages only (see [`portal_hop`]).

// The public module leaves the portal pages unrouted: their code is unused.
#![cfg_attr(not(feature = "portals"), allow(dead_code, unused_imports))]

mod api;
mod app;
mod components;
mod format;
mod guard;
mod i18n;
mod lazy_page;
mod live;
mod pages;
mod portal_hop;
mod session;
mod storage;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
