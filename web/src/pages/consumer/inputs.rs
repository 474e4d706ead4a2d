//! A labelled drop-down whose choices come from the server, with its
//! message underneath (longer text: `components::case::inputs::TextArea`).

use leptos::prelude::*;
use shared::organisations::Region;

use crate::api::regions;
use crate::i18n::{I18n, Key};

/// One option of a [`ChoiceField`]: its value and its text.
pub type Choice = (String, String);

/// A labelled drop-down list; the first, empty option asks to choose.
#[component]
pub fn ChoiceField(
    /// The request field it fills; also its `id`.
    name: &'static str,
    label: Key,
    value: RwSignal<String>,
    /// The options, in the current language.
    #[prop(into)]
    choices: Signal<Vec<Choice>>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<Key>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let error_id = format!("{name}-error");
    let invalid = Memo::new(move |_| error.with(Option::is_some));

    view! {
        <div class="field" class:invalid=invalid>
            <label for=name>{move || i18n.tr(label)}</label>
            {hint.map(|hint| view! { <p class="hint">{move || i18n.tr(hint)}</p> })}
            <select
                id=name
                name=name
                aria-invalid=move || invalid.get().to_string()
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:change=move |event| value.set(event_target_value(&event))
            >
                <option value="">{move || i18n.tr(Key::ChooseOne)}</option>
                {move || choices.get().into_iter().map(|(code, text)| {
                    let selected = value.get_untracked() == code;
                    view! { <option value=code selected=selected>{text}</option> }
                }).collect_view()}
            </select>
            <p class="field-error" id=error_id>{error}</p>
        </div>
    }
}

/// The regions under `parent` (`Some("")` for the provinces), as choices;
/// empty while loading, when `parent` is none, or when the call failed.
fn region_choices(parent: Signal<Option<String>>) -> Signal<Vec<Choice>> {
    let loaded = LocalResource::new(move || {
        let parent = parent.get();
        async move {
            let Some(parent) = parent else {
                return Vec::new();
            };
            let parent = (!parent.is_empty()).then_some(parent);
            regions::children(parent.as_deref())
                .await
                .unwrap_or_default()
        }
    });
    Signal::derive(move || {
        loaded
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|Region { code, name, .. }| (code, name))
            .collect()
    })
}

/// Province, then city, then county, each level's choices those under the
/// level above; choosing a level again clears the levels below it.
#[component]
pub fn RegionLevels(
    province: RwSignal<String>,
    city: RwSignal<String>,
    county: RwSignal<String>,
    legend: Key,
    hint: Key,
    /// The server's word on `region_code`, shown at the province.
    error: Signal<Option<String>>,
) -> impl IntoView {
    let provinces = region_choices(Signal::derive(|| Some(String::new())));
    let cities = region_choices(Signal::derive(move || {
        Some(province.get()).filter(|c| !c.is_empty())
    }));
    let counties = region_choices(Signal::derive(move || {
        Some(city.get()).filter(|c| !c.is_empty())
    }));

    clear_when_changed(province, city);
    clear_when_changed(city, county);

    view! {
        <fieldset class="group">
            <legend>{move || I18n::expect().tr(legend)}</legend>
            <ChoiceField name="region_code" label=Key::FileProvince value=province
                choices=provinces error hint/>
            <Show when=move || !province.get().is_empty()>
                <ChoiceField name="region-city" label=Key::FileCity value=city
                    choices=cities error=Signal::derive(|| None::<String>)/>
            </Show>
            <Show when=move || !city.get().is_empty() && !counties.get().is_empty()>
                <ChoiceField name="region-county" label=Key::FileCounty value=county
                    choices=counties error=Signal::derive(|| None::<String>)/>
            </Show>
        </fieldset>
    }
}

/// Empties `below` whenever `above` changes to another value.
fn clear_when_changed(above: RwSignal<String>, below: RwSignal<String>) {
    Effect::new(move |previous: Option<String>| {
        let now = above.get();
        if previous.is_some_and(|previous| previous != now) {
            below.set(String::new());
        }
        now
    });
}
