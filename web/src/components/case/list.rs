//! A filterable, paged list of complaints: the business inbox, the intake
//! queue and the mediator's cases.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::cases::{ComplaintQuery, ComplaintSummary};
use shared::complaints::{ActionKind, ComplaintState};

use super::availability::{Portal, acceptable_from_queue};
use super::deadline::{DeadlineBadge, now};
use super::display::shanghai_time;
use super::labels::{badge_key, state_key};
use crate::api::{ApiError, complaints};
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{I18n, Key};
use crate::live::LiveEvents;
use crate::session::Session;
use shared::accounts::StaffRole;
use shared::cases::ActionRequest;

/// Cases per page.
const PAGE_SIZE: u32 = 25;

/// The deadline filter's choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadlineFilter {
    /// Every case.
    Any,
    /// A running deadline falls due within two days.
    Soon,
    /// A running deadline is already past due.
    Overdue,
}

impl DeadlineFilter {
    const ALL: [Self; 3] = [Self::Any, Self::Soon, Self::Overdue];

    fn value(self) -> &'static str {
        match self {
            Self::Any => "any",
            Self::Soon => "soon",
            Self::Overdue => "overdue",
        }
    }

    fn key(self) -> Key {
        match self {
            Self::Any => Key::CaseFilterAny,
            Self::Soon => Key::CaseFilterSoon,
            Self::Overdue => Key::CaseFilterOverdue,
        }
    }

    fn parse(value: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|filter| filter.value() == value)
            .unwrap_or(Self::Any)
    }
}

/// The query for one page of the list with these filters.
pub fn list_query(
    state: Option<ComplaintState>,
    deadline: DeadlineFilter,
    cursor: Option<String>,
) -> ComplaintQuery {
    ComplaintQuery {
        state,
        due_within_days: (deadline == DeadlineFilter::Soon).then_some(2),
        overdue: (deadline == DeadlineFilter::Overdue).then_some(true),
        cursor,
        limit: Some(PAGE_SIZE),
        ..ComplaintQuery::default()
    }
}

/// Every state, in the order a case moves through them.
pub const STATES: [ComplaintState; 6] = [
    ComplaintState::Submitted,
    ComplaintState::InfoRequested,
    ComplaintState::Reconciling,
    ComplaintState::Mediating,
    ComplaintState::AwaitingPerformance,
    ComplaintState::Closed,
];

fn state_value(state: ComplaintState) -> &'static str {
    match state {
        ComplaintState::Submitted => "submitted",
        ComplaintState::InfoRequested => "info_requested",
        ComplaintState::Reconciling => "reconciling",
        ComplaintState::Mediating => "mediating",
        ComplaintState::AwaitingPerformance => "awaiting_performance",
        ComplaintState::Closed => "closed",
    }
}

/// The list with its filters. `states` are the states the filter offers;
/// `initial` is the one chosen first (`None`: every state).
#[component]
pub fn CaseList(
    portal: Portal,
    #[prop(into)] states: Vec<ComplaintState>,
    #[prop(optional)] initial: Option<ComplaintState>,
    /// Offer "accept" on submitted cases (the intake queue).
    #[prop(optional)]
    quick_accept: bool,
    /// Offer "only cases I mediate", ticked at first for mediators.
    #[prop(optional)]
    mine_filter: bool,
) -> impl IntoView {
    let i18n = I18n::expect();
    let mine = RwSignal::new(mine_filter && Session::expect().has_role(StaffRole::Mediator));
    let state = RwSignal::new(initial);
    let deadline = RwSignal::new(DeadlineFilter::Any);
    let items = RwSignal::new(Vec::<ComplaintSummary>::new());
    let cursor = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);

    let load = move |more: bool| {
        let next = if more { cursor.get_untracked() } else { None };
        let mut query = list_query(state.get_untracked(), deadline.get_untracked(), next);
        query.assigned_to_me = mine.get_untracked().then_some(true);
        loading.set(true);
        failure.set(None);
        spawn_local(async move {
            let page = complaints::list(&query).await;
            loading.set(false);
            match page {
                Ok(page) => {
                    if more {
                        items.update(|items| items.extend(page.items));
                    } else {
                        items.set(page.items);
                    }
                    cursor.set(page.next_cursor);
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    // Any news (a new case, a reply, a deadline passed) may change the list:
    // it is read again from its first page, as when a filter changes.
    let live = LiveEvents::expect();
    Effect::new(move || {
        state.track();
        deadline.track();
        mine.track();
        live.received();
        load(false);
    });

    let on_state = move |event| {
        let value = event_target_value(&event);
        state.set(STATES.into_iter().find(|s| state_value(*s) == value));
    };
    let on_deadline = move |event| deadline.set(DeadlineFilter::parse(&event_target_value(&event)));
    let empty =
        move || !loading.get() && failure.with(Option::is_none) && items.with(Vec::is_empty);

    view! {
        <div class="filters">
            <div class="field">
                <label for="filter-state">{move || i18n.tr(Key::CaseFilterState)}</label>
                <select id="filter-state" on:change=on_state>
                    <option value="" selected=move || state.get().is_none()>
                        {move || i18n.tr(Key::CaseFilterAllStates)}
                    </option>
                    {states.into_iter().map(|option| view! {
                        <option value=state_value(option) selected=move || state.get() == Some(option)>
                            {move || i18n.tr(state_key(option))}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-deadline">{move || i18n.tr(Key::CaseFilterDeadline)}</label>
                <select id="filter-deadline" on:change=on_deadline>
                    {DeadlineFilter::ALL.map(|option| view! {
                        <option value=option.value() selected=move || deadline.get() == option>
                            {move || i18n.tr(option.key())}
                        </option>
                    })}
                </select>
            </div>
            {mine_filter.then(|| view! {
                <label class="check">
                    <input type="checkbox" name="assigned_to_me" prop:checked=move || mine.get()
                        on:change=move |event| mine.set(event_target_checked(&event))/>
                    <span>{move || i18n.tr(Key::CaseFilterMine)}</span>
                </label>
            })}
        </div>
        {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
        <Show when=empty>
            <p class="empty">{move || i18n.tr(Key::CaseListEmpty)}</p>
        </Show>
        <ul class="case-list">
            <For each=move || items.get() key=|item| item.id let:item>
                <CaseRow portal item quick_accept reload=move || load(false)/>
            </For>
        </ul>
        <Show when=move || loading.get()>
            <p class="loading">{move || i18n.tr(Key::Loading)}</p>
        </Show>
        <Show when=move || cursor.with(Option::is_some) && !loading.get()>
            <button type="button" class="secondary" on:click=move |_| load(true)>
                {move || i18n.tr(Key::CaseListMore)}
            </button>
        </Show>
    }
}

/// One case in the list, linking to its page.
#[component]
fn CaseRow(
    portal: Portal,
    item: ComplaintSummary,
    quick_accept: bool,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = I18n::expect();
    let href = portal.case_path(&item);
    let badge = DeadlineBadge::of(item.next_due_at, now());
    let accept = (quick_accept && acceptable_from_queue(item.state)).then(|| {
        view! { <QuickAccept id=item.id reload/> }
    });
    let due = item.next_due_at.map(shanghai_time);
    let state = item.state;

    view! {
        <li class="case-row">
            <a href=href class="case-number">{item.number.clone()}</a>
            <span class="case-business">{item.business.name.clone()}</span>
            <span class="state">{move || i18n.tr(state_key(state))}</span>
            <span class="case-filed">{shanghai_time(item.filed_at)}</span>
            {badge.map(|badge| view! {
                <span class=badge.class()>
                    {move || i18n.tr(badge_key(badge))} " " {due.clone()}
                </span>
            })}
            {accept}
        </li>
    }
}

/// Accepts a submitted case from the queue, then reloads the list.
#[component]
fn QuickAccept(
    id: shared::ComplaintId,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = I18n::expect();
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let accept = move |_| {
        pending.set(true);
        spawn_local(async move {
            let outcome = complaints::act(id, &ActionRequest::Accept {}).await;
            pending.set(false);
            match outcome {
                Ok(_) => reload(),
                Err(error) => failure.set(Some(error)),
            }
        });
    };

    view! {
        <button type="button" class="primary" on:click=accept disabled=pending>
            {move || i18n.tr(super::labels::action_key(ActionKind::Accept))}
        </button>
        {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deadline_filter_becomes_the_query() {
        let soon = list_query(None, DeadlineFilter::Soon, None);
        let overdue = list_query(
            Some(ComplaintState::Reconciling),
            DeadlineFilter::Overdue,
            None,
        );

        assert_eq!((soon.due_within_days, soon.overdue), (Some(2), None));
        assert_eq!(
            (overdue.due_within_days, overdue.overdue),
            (None, Some(true))
        );
        assert_eq!(overdue.state, Some(ComplaintState::Reconciling));
    }

    #[test]
    fn the_next_page_carries_the_cursor() {
        let query = list_query(None, DeadlineFilter::Any, Some("abc".into()));

        assert_eq!(query.cursor.as_deref(), Some("abc"));
        assert_eq!(query.limit, Some(PAGE_SIZE));
    }

    #[test]
    fn filter_values_read_back() {
        for filter in DeadlineFilter::ALL {
            assert_eq!(DeadlineFilter::parse(filter.value()), filter);
        }
    }
}
