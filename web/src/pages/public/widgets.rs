//! Pieces the public pages share: loading and empty notes, badges, a
//! complaint in a list, a case publicity listing, labelled selects.

use leptos::prelude::*;
use shared::complaints::{ComplaintState, Outcome};
use shared::publication::PublicComplaintHit;
use shared::publicity::{CasePublicityEntry, PublicityStatus};

use super::display;
use super::highlight::{self, Piece};
use super::labels;
use super::names::use_names;
use crate::components::province_map::{PROVINCES, region_label};
use crate::i18n::{I18n, Key};

/// Shown while a page's data is on its way.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = I18n::expect();

    view! { <p class="loading" role="status">{move || i18n.tr(Key::Loading)}</p> }
}

/// Shown when a list has nothing in it.
#[component]
pub fn Empty(text: Key) -> impl IntoView {
    let i18n = I18n::expect();

    view! { <p class="empty">{move || i18n.tr(text)}</p> }
}

/// How a badge looks: its meaning, not its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Neutral,
    Good,
    Bad,
}

impl Tone {
    fn class(self) -> &'static str {
        match self {
            Self::Neutral => "badge",
            Self::Good => "badge good",
            Self::Bad => "badge bad",
        }
    }
}

/// A short coloured label; the words carry the meaning, the colour repeats it.
#[component]
pub fn Badge(text: Key, #[prop(default = Tone::Neutral)] tone: Tone) -> impl IntoView {
    let i18n = I18n::expect();

    view! { <span class=tone.class()>{move || i18n.tr(text)}</span> }
}

/// The badge for whether a complaint's deadlines were met, if any ended.
#[component]
pub fn DeadlineBadge(met: Option<bool>) -> impl IntoView {
    met.map(|met| match met {
        true => view! { <Badge text=Key::PubDeadlinesMet tone=Tone::Good/> },
        false => view! { <Badge text=Key::PubDeadlinesMissed tone=Tone::Bad/> },
    })
}

/// The badge for where a complaint stands: its outcome once closed.
#[component]
pub fn StateBadge(state: ComplaintState, outcome: Option<Outcome>) -> impl IntoView {
    match outcome {
        Some(Outcome::Resolved) => {
            view! { <Badge text=labels::outcome(Outcome::Resolved) tone=Tone::Good/> }
        }
        Some(Outcome::NotPerformed) => {
            view! { <Badge text=labels::outcome(Outcome::NotPerformed) tone=Tone::Bad/> }
        }
        Some(other) => view! { <Badge text=labels::outcome(other)/> },
        None => view! { <Badge text=labels::state(state)/> },
    }
}

/// A snippet with the query's words marked.
#[component]
pub fn Snippet(text: String, highlights: Vec<[usize; 2]>) -> impl IntoView {
    let pieces = highlight::split(&text, &highlights);

    view! {
        <p class="snippet">
            {pieces.into_iter().map(|Piece { text, marked }| {
                if marked { view! { <mark>{text}</mark> }.into_any() } else { text.into_any() }
            }).collect_view()}
        </p>
    }
}

/// Published complaints as a list of cards; `empty` says why there are none.
#[component]
pub fn HitList(hits: Vec<PublicComplaintHit>, empty: Key) -> impl IntoView {
    if hits.is_empty() {
        return view! { <Empty text=empty/> }.into_any();
    }

    view! {
        <ul class="hits">
            {hits.into_iter().map(|hit| view! { <li><HitCard hit/></li> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// One published complaint in a list.
#[component]
pub fn HitCard(hit: PublicComplaintHit) -> impl IntoView {
    let (i18n, names) = (I18n::expect(), use_names());
    let PublicComplaintHit {
        number,
        business_id,
        business_name,
        region_code,
        category_code,
        nature_code,
        state,
        outcome,
        deadline_met,
        filed_at,
        snippet,
        highlights,
        ..
    } = hit;
    let about = move || {
        let language = i18n.language();
        let names = names.get();
        [
            names.category(&category_code, language),
            names.nature(&nature_code, language),
            region_label(&region_code, language),
        ]
        .join(" · ")
    };

    view! {
        <article class="hit">
            <h3><a href=format!("/complaints/{number}")>{business_name}</a></h3>
            <p class="meta">{about}</p>
            <Snippet text=snippet highlights/>
            <p class="badges">
                <StateBadge state outcome/>
                <DeadlineBadge met=deadline_met/>
                <span class="muted">{move || i18n.tr(Key::PubFiledOn)} " " {display::day(filed_at)}</span>
                <a class="muted" href=format!("/businesses/{business_id}")>{move || i18n.tr(Key::PubBusinessRecord)}</a>
            </p>
        </article>
    }
}

/// One case publicity listing, with its lifting when it was lifted.
#[component]
pub fn PublicityCard(
    entry: CasePublicityEntry,
    /// Whether to name the business (not on its own page).
    #[prop(default = true)]
    with_business: bool,
) -> impl IntoView {
    let i18n = I18n::expect();
    let CasePublicityEntry {
        business_id,
        business_name,
        ground,
        statement,
        complaint_numbers,
        association_name,
        status,
        listed_at,
        lifted_at,
        lifting_statement,
        ..
    } = entry;
    let tone = match status {
        PublicityStatus::Active => Tone::Bad,
        PublicityStatus::Lifted => Tone::Neutral,
    };

    view! {
        <article class="publicity">
            {with_business.then(|| view! {
                <h3><a href=format!("/businesses/{business_id}")>{business_name}</a></h3>
            })}
            <p class="badges">
                <Badge text=labels::publicity_status(status) tone/>
                <Badge text=labels::ground(ground)/>
            </p>
            <p>{statement}</p>
            <dl class="facts">
                <dt>{move || i18n.tr(Key::PubListedBy)}</dt>
                <dd>{association_name}</dd>
                <dt>{move || i18n.tr(Key::PubListedOn)}</dt>
                <dd>{display::day(listed_at)}</dd>
                <dt>{move || i18n.tr(Key::PubCasesConcerned)}</dt>
                <dd class="numbers">
                    {complaint_numbers.into_iter().map(|number| view! {
                        <a href=format!("/complaints/{number}")>{number.clone()}</a>
                    }).collect_view()}
                </dd>
                {lifted_at.map(|at| view! {
                    <dt>{move || i18n.tr(Key::PubLiftedOn)}</dt>
                    <dd>{display::day(at)}</dd>
                })}
                {lifting_statement.map(|text| view! {
                    <dt>{move || i18n.tr(Key::PubLiftingStatement)}</dt>
                    <dd>{text}</dd>
                })}
            </dl>
        </article>
    }
}

/// A choice to offer in a [`SelectField`]: its wire value and its words.
pub type Choice = (String, String);

/// The categories worth filtering by, named in the UI language.
pub fn category_choices() -> Signal<Vec<Choice>> {
    let (i18n, names) = (I18n::expect(), use_names());
    Signal::derive(move || {
        let (language, names) = (i18n.language(), names.get());
        names
            .filter_categories()
            .map(|category| {
                (
                    category.code.clone(),
                    names.category(&category.code, language),
                )
            })
            .collect()
    })
}

/// Every nature, named in the UI language.
pub fn nature_choices() -> Signal<Vec<Choice>> {
    let (i18n, names) = (I18n::expect(), use_names());
    Signal::derive(move || {
        let (language, names) = (i18n.language(), names.get());
        names
            .natures
            .iter()
            .map(|nature| (nature.code.clone(), names.nature(&nature.code, language)))
            .collect()
    })
}

/// The 31 provinces, named in the UI language.
pub fn province_choices() -> Signal<Vec<Choice>> {
    let i18n = I18n::expect();
    Signal::derive(move || {
        let language = i18n.language();
        PROVINCES
            .iter()
            .map(|province| (province.code.to_owned(), province.name(language).to_owned()))
            .collect()
    })
}

/// A labelled drop-down list. The first option, with the value `""`, means
/// "any" and says so with `any`.
#[component]
pub fn SelectField(
    /// The control's `id` and `name`.
    name: &'static str,
    label: Key,
    value: RwSignal<String>,
    /// The choices beyond "any", in order.
    #[prop(into)]
    choices: Signal<Vec<Choice>>,
    #[prop(default = Key::PubAny)] any: Key,
) -> impl IntoView {
    let i18n = I18n::expect();
    let options = move || {
        choices
            .get()
            .into_iter()
            .map(|(choice, text)| {
                let selected = value.get_untracked() == choice;
                view! { <option value=choice selected=selected>{text}</option> }
            })
            .collect_view()
    };

    view! {
        <div class="field">
            <label for=name>{move || i18n.tr(label)}</label>
            <select id=name name=name prop:value=move || value.get() on:change=move |event| value.set(event_target_value(&event))>
                <option value="">{move || i18n.tr(any)}</option>
                {options}
            </select>
        </div>
    }
}

/// A labelled date input bound to `value` (`YYYY-MM-DD` or empty).
#[component]
pub fn DateField(name: &'static str, label: Key, value: RwSignal<String>) -> impl IntoView {
    let i18n = I18n::expect();

    view! {
        <div class="field">
            <label for=name>{move || i18n.tr(label)}</label>
            <input id=name name=name type="date" bind:value=value/>
        </div>
    }
}

/// "Show more", while a next page exists.
#[component]
pub fn MoreButton(
    #[prop(into)] pending: Signal<bool>,
    on_more: impl Fn() + 'static,
) -> impl IntoView {
    let i18n = I18n::expect();

    view! {
        <button type="button" class="secondary more" disabled=pending on:click=move |_| on_more()>
            {move || i18n.tr(if pending.get() { Key::Loading } else { Key::PubMore })}
        </button>
    }
}
