//! The redress single-page app: a Leptos client that talks to the redress API
//! under `/api/v1` on the same origin.

mod api;
mod app;
mod components;
mod format;
mod guard;
mod i18n;
mod live;
mod pages;
mod session;
mod storage;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
