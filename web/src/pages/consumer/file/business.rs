//! Step 1: who the complaint is against, and where it happened.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::businesses::Business;

use super::super::draft::KnownBusiness;
use super::super::inputs::RegionLevels;
use super::{Form, StepButtons};
use crate::api::businesses;
use crate::components::field::Field;
use crate::i18n::{I18n, Key};

/// The business, found in the registry or named by hand, and the region.
#[component]
pub fn BusinessStep(form: Form) -> impl IntoView {
    let i18n = I18n::expect();
    let chosen = Memo::new(move |_| form.draft.with(|draft| draft.business.clone()));

    view! {
        <p class="hint">{move || i18n.tr(Key::FileBusinessHint)}</p>
        {move || match chosen.get() {
            Some(business) => view! { <ChosenBusiness form business/> }.into_any(),
            None => view! { <BusinessSearch form/> }.into_any(),
        }}
        <RegionPicker form/>
        <StepButtons form/>
    }
}

/// The business picked, with a way to pick another.
#[component]
fn ChosenBusiness(form: Form, business: KnownBusiness) -> impl IntoView {
    let i18n = I18n::expect();
    let change = move |_| form.draft.update(|draft| draft.business = None);

    view! {
        <div class="chosen" role="status">
            <p class="chosen-label">{move || i18n.tr(Key::FileBusinessChosen)}</p>
            <p class="chosen-name">{business.name.clone()}</p>
            {business.credit_code.clone().map(|code| view! { <p class="muted">{code}</p> })}
            <button type="button" class="link" on:click=change>
                {move || i18n.tr(Key::FileBusinessChange)}
            </button>
        </div>
    }
}

/// Searching the registry as one types, and naming a business by hand.
#[component]
fn BusinessSearch(form: Form) -> impl IntoView {
    let i18n = I18n::expect();
    let query = RwSignal::new(String::new());
    let results = RwSignal::new(None::<Vec<Business>>);
    let searched = StoredValue::new(0_u32);
    let name = form.text(|draft| &mut draft.new_business_name);
    let credit_code = form.text(|draft| &mut draft.new_business_credit_code);

    Effect::new(move || {
        let text = query.get().trim().to_owned();
        let ticket = searched.get_value().wrapping_add(1);
        searched.set_value(ticket);
        if text.chars().count() < 2 {
            results.set(None);
            return;
        }
        spawn_local(async move {
            let found = businesses::search(&text, 8).await;
            // Only the answer to the latest typing counts.
            if searched.get_value() == ticket {
                results.set(Some(found.map(|page| page.items).unwrap_or_default()));
            }
        });
    });
    let pick = move |business: Business| {
        form.draft.update(|draft| {
            draft.business = Some(KnownBusiness {
                id: business.id,
                name: business.name,
                credit_code: business.credit_code,
            });
        });
    };

    view! {
        <Field name="business-search" label=Key::FileBusinessSearch value=query
            error=form.error("business.id") kind="search" autocomplete="off"
            placeholder=Key::FileBusinessSearchHint/>
        {move || results.get().map(|found| {
            if found.is_empty() {
                return view! { <p class="muted">{move || i18n.tr(Key::FileBusinessNoMatch)}</p> }.into_any();
            }
            view! {
                <ul class="pick-list">
                    {found.into_iter().map(|business| {
                        let shown = business.clone();
                        view! {
                            <li>
                                <button type="button" class="pick" on:click=move |_| pick(business.clone())>
                                    <span class="pick-name">{shown.name}</span>
                                    <span class="muted">{shown.credit_code.unwrap_or_default()}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        })}
        <details class="by-hand" open=move || !name.get_untracked().is_empty()>
            <summary>{move || i18n.tr(Key::FileBusinessByHand)}</summary>
            <Field name="business.name" label=Key::FileBusinessName value=name
                error=form.error("business.name") autocomplete="organization"/>
            <Field name="business.credit_code" label=Key::FileBusinessCreditCode value=credit_code
                error=form.error("business.credit_code") autocomplete="off"
                placeholder=Key::FileBusinessCreditCodeHint/>
        </details>
    }
}

/// Province, then city, then county: the place where it happened.
#[component]
fn RegionPicker(form: Form) -> impl IntoView {
    view! {
        <RegionLevels
            province=form.text(|draft| &mut draft.province)
            city=form.text(|draft| &mut draft.city)
            county=form.text(|draft| &mut draft.county)
            legend=Key::FileRegion hint=Key::FileRegionHint error=form.error("region_code")/>
    }
}
