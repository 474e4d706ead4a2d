//! `/complaints`: published complaints, searched and filtered, with the
//! matches counted by category, province, state and outcome. The search
//! lives in the URL, so it can be shared and survives a reload.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::complaints::{ComplaintState, Outcome};
use shared::publication::{FacetCount, Facets, PublicSearchPage, PublicSearchQuery};

use super::display;
use super::labels;
use super::names::use_names;
use super::paging::Paged;
use super::search_query::{self, href, parse};
use super::widgets::{
    Choice, DateField, HitList, Loading, SelectField, category_choices, nature_choices,
    province_choices,
};
use crate::api::public;
use crate::components::error_notice::ErrorNotice;
use crate::components::field::Field;
use crate::components::province_map::region_label;
use crate::i18n::{I18n, Key};

/// Matches per page.
const PAGE_SIZE: u32 = 20;

/// The search form and its results for the search in the URL.
#[component]
pub fn ComplaintsPage() -> impl IntoView {
    let i18n = I18n::expect();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        params.with(|params| search_query::from_params(|name| params.get(name)))
    });

    view! {
        <section class="public wide">
            <h1>{move || i18n.tr(Key::PubComplaintsTitle)}</h1>
            <SearchForm query/>
            {move || view! { <Results query=query.get()/> }}
        </section>
    }
}

/// The words and filters, kept in step with the URL; sending them moves to
/// the URL of the new search.
#[component]
fn SearchForm(query: Memo<PublicSearchQuery>) -> impl IntoView {
    let i18n = I18n::expect();
    let navigate = use_navigate();
    let fields = FormFields::new();
    Effect::new(move || fields.show(&query.get()));

    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let mut next = fields.query();
        next.business_id = query.get_untracked().business_id;
        navigate(&href(&next), NavigateOptions::default());
    };

    view! {
        <form class="search" role="search" on:submit=submit>
            <Field name="q" label=Key::PubSearchLabel value=fields.q error=Signal::derive(|| None::<String>) kind="search" placeholder=Key::PubSearchHint/>
            <details class="filters" open=move || query.with(narrowed_by_filters)>
                <summary>{move || i18n.tr(Key::PubFilters)}</summary>
                <div class="filter-grid">
                    <SelectField name="category_code" label=Key::PubCategory value=fields.category choices=category_choices()/>
                    <SelectField name="nature_code" label=Key::PubNature value=fields.nature choices=nature_choices()/>
                    <SelectField name="region_code" label=Key::PubProvince value=fields.region choices=province_choices()/>
                    <SelectField name="state" label=Key::PubState value=fields.state choices=state_choices()/>
                    <SelectField name="outcome" label=Key::PubOutcome value=fields.outcome choices=outcome_choices()/>
                    <SelectField name="deadline_met" label=Key::PubDeadlines value=fields.deadline choices=deadline_choices()/>
                    <DateField name="filed_from" label=Key::PubFiledFrom value=fields.from/>
                    <DateField name="filed_to" label=Key::PubFiledTo value=fields.to/>
                    <SelectField name="sort" label=Key::PubSort value=fields.sort choices=sort_choices() any=Key::PubSortDefault/>
                </div>
            </details>
            <div class="actions">
                <button type="submit" class="primary">{move || i18n.tr(Key::PubSearch)}</button>
                <a href=search_query::LIST_PATH class="reset">{move || i18n.tr(Key::PubClearFilters)}</a>
            </div>
        </form>
    }
}

/// Whether `query` sets more than words, so the filters start open.
fn narrowed_by_filters(query: &PublicSearchQuery) -> bool {
    search_query::pairs(query)
        .iter()
        .any(|(name, _)| !matches!(*name, "q" | "sort" | "business_id"))
}

/// What the form holds, one text per URL parameter.
#[derive(Clone, Copy)]
struct FormFields {
    q: RwSignal<String>,
    category: RwSignal<String>,
    nature: RwSignal<String>,
    region: RwSignal<String>,
    state: RwSignal<String>,
    outcome: RwSignal<String>,
    deadline: RwSignal<String>,
    from: RwSignal<String>,
    to: RwSignal<String>,
    sort: RwSignal<String>,
}

impl FormFields {
    fn new() -> Self {
        let empty = || RwSignal::new(String::new());
        Self {
            q: empty(),
            category: empty(),
            nature: empty(),
            region: empty(),
            state: empty(),
            outcome: empty(),
            deadline: empty(),
            from: empty(),
            to: empty(),
            sort: empty(),
        }
    }

    fn by_name(self, name: &str) -> Option<RwSignal<String>> {
        Some(match name {
            "q" => self.q,
            "category_code" => self.category,
            "nature_code" => self.nature,
            "region_code" => self.region,
            "state" => self.state,
            "outcome" => self.outcome,
            "deadline_met" => self.deadline,
            "filed_from" => self.from,
            "filed_to" => self.to,
            "sort" => self.sort,
            _ => return None,
        })
    }

    /// Fills the form with `query`.
    fn show(self, query: &PublicSearchQuery) {
        let pairs = search_query::pairs(query);
        for name in search_query::NAMES {
            let value = pairs
                .iter()
                .find(|(candidate, _)| *candidate == name)
                .map(|(_, value)| value.clone())
                .unwrap_or_default();
            if let Some(field) = self.by_name(name) {
                field.set(value);
            }
        }
    }

    /// The search the form describes.
    fn query(self) -> PublicSearchQuery {
        search_query::from_params(|name| self.by_name(name).map(|field| field.get_untracked()))
    }
}

fn state_choices() -> Signal<Vec<Choice>> {
    let i18n = I18n::expect();
    Signal::derive(move || {
        labels::STATES
            .iter()
            .map(|state| {
                (
                    search_query::wire(state),
                    i18n.tr(labels::state(*state)).to_owned(),
                )
            })
            .collect()
    })
}

fn outcome_choices() -> Signal<Vec<Choice>> {
    let i18n = I18n::expect();
    Signal::derive(move || {
        labels::OUTCOMES
            .iter()
            .map(|outcome| {
                let text = i18n.tr(labels::outcome(*outcome)).to_owned();
                (search_query::wire(outcome), text)
            })
            .collect()
    })
}

fn deadline_choices() -> Signal<Vec<Choice>> {
    let i18n = I18n::expect();
    Signal::derive(move || {
        vec![
            ("true".to_owned(), i18n.tr(Key::PubDeadlinesMet).to_owned()),
            (
                "false".to_owned(),
                i18n.tr(Key::PubDeadlinesMissed).to_owned(),
            ),
        ]
    })
}

fn sort_choices() -> Signal<Vec<Choice>> {
    let i18n = I18n::expect();
    Signal::derive(move || {
        [
            ("relevance", Key::PubSortRelevance),
            ("newest", Key::PubSortNewest),
            ("oldest", Key::PubSortOldest),
        ]
        .into_iter()
        .map(|(value, key)| (value.to_owned(), i18n.tr(key).to_owned()))
        .collect()
    })
}

/// The first page of matches for `query`, then more on request.
#[component]
fn Results(query: PublicSearchQuery) -> impl IntoView {
    let first_page = {
        let query = PublicSearchQuery {
            limit: Some(PAGE_SIZE),
            ..query.clone()
        };
        LocalResource::new(move || {
            let query = query.clone();
            async move { public::search_complaints(&query).await }
        })
    };

    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || {
                let query = query.clone();
                Suspend::new(async move {
                    match first_page.await {
                        Ok(page) => view! { <ResultPages page query/> }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The count, the facets and the matches so far, with "more" while there are.
#[component]
fn ResultPages(page: PublicSearchPage, query: PublicSearchQuery) -> impl IntoView {
    let i18n = I18n::expect();
    let PublicSearchPage {
        items,
        total,
        total_exact,
        facets,
        next_cursor,
    } = page;
    let current = query.clone();
    let paged = Paged::new(items, next_cursor);
    let more = paged.more(move |cursor| {
        let query = PublicSearchQuery {
            cursor: Some(cursor),
            limit: Some(PAGE_SIZE),
            ..query.clone()
        };
        async move {
            let page = public::search_complaints(&query).await?;
            Ok((page.items, page.next_cursor))
        }
    });
    let summary = move || {
        let key = if total_exact {
            Key::PubMatches
        } else {
            Key::PubMatchesAtLeast
        };
        i18n.tr(key).replace("{count}", &display::count(total))
    };

    view! {
        <p class="summary" role="status">{summary}</p>
        {(total > 0).then(|| view! { <FacetPanel facets current/> })}
        {move || view! { <HitList hits=paged.items.get() empty=Key::PubNoMatches/> }}
        {paged.footer(more)}
    }
}

/// The matches counted by value, each a link that narrows the search to it.
#[component]
fn FacetPanel(facets: Facets, current: PublicSearchQuery) -> impl IntoView {
    let i18n = I18n::expect();
    let Facets {
        category,
        region,
        state,
        outcome,
    } = facets;

    view! {
        <details class="facets" open>
            <summary>{move || i18n.tr(Key::PubFacets)}</summary>
            <FacetGroup title=Key::PubCategory counts=category current=current.clone() kind=FacetKind::Category/>
            <FacetGroup title=Key::PubProvince counts=region current=current.clone() kind=FacetKind::Region/>
            <FacetGroup title=Key::PubState counts=state current=current.clone() kind=FacetKind::State/>
            <FacetGroup title=Key::PubOutcome counts=outcome current kind=FacetKind::Outcome/>
        </details>
    }
}

/// Which filter a facet sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FacetKind {
    Category,
    Region,
    State,
    Outcome,
}

/// `current` narrowed to `value` of `kind`; `None` when the value is not a
/// filter (the `open` outcome).
fn narrowed(
    current: &PublicSearchQuery,
    kind: FacetKind,
    value: &str,
) -> Option<PublicSearchQuery> {
    let mut query = current.clone();
    match kind {
        FacetKind::Category => query.category_code = Some(value.to_owned()),
        FacetKind::Region => query.region_code = Some(value.to_owned()),
        FacetKind::State => query.state = Some(parse::<ComplaintState>(value)?),
        FacetKind::Outcome => query.outcome = Some(parse::<Outcome>(value)?),
    }
    Some(query)
}

/// One facet: its values with their counts.
#[component]
fn FacetGroup(
    title: Key,
    counts: Vec<FacetCount>,
    current: PublicSearchQuery,
    kind: FacetKind,
) -> impl IntoView {
    let (i18n, names) = (I18n::expect(), use_names());
    if counts.is_empty() {
        return ().into_any();
    }
    let items = counts
        .into_iter()
        .map(|FacetCount { value, count }| {
            let target = narrowed(&current, kind, &value);
            let active = target.as_ref() == Some(&current);
            let label = {
                let value = value.clone();
                move || facet_label(kind, &value, &names.get(), i18n)
            };
            let text = move || format!("{} ({})", label(), display::count(count));
            match target {
                Some(target) if !active => {
                    view! { <li><a href=href(&target)>{text}</a></li> }.into_any()
                }
                Some(_) => {
                    view! { <li><strong aria-current="true">{text}</strong></li> }.into_any()
                }
                None => view! { <li><span>{text}</span></li> }.into_any(),
            }
        })
        .collect_view();

    view! {
        <div class="facet">
            <h2>{move || i18n.tr(title)}</h2>
            <ul>{items}</ul>
        </div>
    }
    .into_any()
}

/// The words for one facet value.
fn facet_label(kind: FacetKind, value: &str, names: &super::names::Names, i18n: I18n) -> String {
    let language = i18n.language();
    match kind {
        FacetKind::Category => names.category(value, language),
        FacetKind::Region => region_label(value, language),
        FacetKind::State => parse::<ComplaintState>(value)
            .map(|state| i18n.tr(labels::state(state)).to_owned())
            .unwrap_or_else(|| value.to_owned()),
        FacetKind::Outcome => parse::<Outcome>(value)
            .map(|outcome| i18n.tr(labels::outcome(outcome)).to_owned())
            .unwrap_or_else(|| i18n.tr(Key::PubOutcomeOpen).to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_facet_link_keeps_the_other_filters() {
        let current = PublicSearchQuery {
            q: Some("退款".into()),
            region_code: Some("440000".into()),
            ..PublicSearchQuery::default()
        };

        let target = narrowed(&current, FacetKind::Outcome, "resolved").unwrap();

        assert_eq!(target.q.as_deref(), Some("退款"));
        assert_eq!(target.region_code.as_deref(), Some("440000"));
        assert_eq!(target.outcome, Some(Outcome::Resolved));
    }

    #[test]
    fn the_open_outcome_is_counted_but_not_a_filter() {
        let current = PublicSearchQuery::default();

        assert_eq!(narrowed(&current, FacetKind::Outcome, "open"), None);
        assert!(narrowed(&current, FacetKind::State, "closed").is_some());
    }
}
