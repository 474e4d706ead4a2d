//! `index.html` picks the public module or the full one by the first segment
//! of the path, from its `PORTALS` list; the app's route table decides which
//! pages the public module hands over (`portal_pages!` in `src/app.rs`). The
//! two must agree: a portal path missing from the list costs its visitors a
//! second page load, and a public one in it a download they did not need.

use std::collections::BTreeSet;

const INDEX: &str = include_str!("../index.html");
const APP: &str = include_str!("../src/app.rs");
const PORTAL_HOP: &str = include_str!("../src/portal_hop.rs");

/// The names in `const PORTALS = [...]` of `index.html`.
fn portal_segments() -> BTreeSet<String> {
    let line = INDEX
        .lines()
        .find(|line| line.trim_start().starts_with("const PORTALS = ["))
        .expect("index.html declares `const PORTALS = [...]` on one line");
    let inside = line
        .split_once('[')
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(inside, _)| inside)
        .expect("the PORTALS list closes on its line");
    quoted_names(inside)
}

/// The quoted names in `PORTAL_SEGMENTS`, which the public module uses to
/// tell links and redirects that leave it.
fn segments_in_the_app() -> BTreeSet<String> {
    let list = PORTAL_HOP
        .split_once("pub const PORTAL_SEGMENTS")
        .and_then(|(_, rest)| rest.split_once("= ["))
        .and_then(|(_, rest)| rest.split_once("];"))
        .map(|(list, _)| list)
        .expect("portal_hop.rs declares `pub const PORTAL_SEGMENTS: [&str; N] = [...];`");
    quoted_names(list)
}

/// `"a", "b",` (across lines or not) as a set of names.
fn quoted_names(list: &str) -> BTreeSet<String> {
    list.split(',')
        .map(|item| item.trim().trim_matches('"').to_owned())
        .filter(|item| !item.is_empty())
        .collect()
}

/// The page components listed in `portal_pages! { ... }`.
fn portal_pages() -> BTreeSet<String> {
    let block = APP
        .split_once("portal_pages! {")
        .and_then(|(_, rest)| rest.split_once('}'))
        .map(|(block, _)| block)
        .expect("app.rs invokes `portal_pages! { ... }`");
    block
        .lines()
        .filter_map(|line| line.trim().split_once(" from "))
        .map(|(page, _)| page.to_owned())
        .collect()
}

/// Every `(path, view)` of the route table.
fn routes() -> Vec<(String, String)> {
    APP.lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("<Route path=path!(\"")?;
            let (path, rest) = rest.split_once("\")")?;
            let view = rest.trim().strip_prefix("view=")?.trim_end_matches("/>");
            Some((path.to_owned(), view.to_owned()))
        })
        .collect()
}

fn first_segment(path: &str) -> &str {
    path.split('/').nth(1).unwrap_or_default()
}

#[test]
fn the_loader_sends_exactly_the_portal_routes_to_the_full_module() {
    let segments = portal_segments();
    let pages = portal_pages();
    let routes = routes();
    assert!(
        routes.len() > 30,
        "the route table was not read: {routes:?}"
    );
    assert!(pages.len() > 20, "portal_pages! was not read: {pages:?}");

    for (path, view) in &routes {
        let portal = pages.contains(view);
        let loaded_full = segments.contains(first_segment(path));
        assert_eq!(
            portal,
            loaded_full,
            "{path} shows {view}: {} but index.html loads the {} module for it",
            if portal {
                "a portal page"
            } else {
                "a public page"
            },
            if loaded_full { "full" } else { "public" },
        );
    }
}

#[test]
fn every_name_in_the_loader_list_is_a_portal_route() {
    let pages = portal_pages();
    let routes = routes();
    let used: BTreeSet<&str> = routes
        .iter()
        .filter(|(_, view)| pages.contains(view))
        .map(|(path, _)| first_segment(path))
        .collect();

    for segment in portal_segments() {
        assert!(
            used.contains(segment.as_str()),
            "index.html lists `{segment}`, which starts no portal route"
        );
    }
}

#[test]
fn the_app_and_the_loader_share_one_list_of_portal_segments() {
    assert_eq!(segments_in_the_app(), portal_segments());
}
