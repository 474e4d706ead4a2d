//! On `/business/join`: the form to apply to join the platform (入驻), with
//! the licence uploaded first and the commitment read and accepted.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::EvidenceId;
use shared::businesses::ServiceContacts;
use shared::evidence::Evidence;
use shared::joining::{Commitment, JoiningApplicationRequest};
use shared::taxonomy::Category;

use crate::api::{joining, taxonomy};
use crate::components::case::form::FormState;
use crate::components::error_notice::ErrorNotice;
use crate::components::field::Field;
use crate::components::upload::EvidenceUpload;
use crate::i18n::{I18n, Key, Language};
use crate::pages::consumer::inputs::{Choice, ChoiceField, RegionLevels};

/// The application form; `on_applied` runs once the server took it.
#[component]
pub fn ApplyForm(#[prop(into)] on_applied: Callback<()>) -> impl IntoView {
    let i18n = I18n::expect();
    let form = FormState::new();
    let credit_code = RwSignal::new(String::new());
    let licensed_name = RwSignal::new(String::new());
    let region = RegionChoice::new();
    let industry = RwSignal::new(String::new());
    let licence = RwSignal::new(None::<EvidenceId>);
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let url = RwSignal::new(String::new());
    let hours = RwSignal::new(String::new());
    let accepted = RwSignal::new(false);
    let commitment = LocalResource::new(joining::commitment);
    let industries = industry_choices();

    // The server cannot tell a missing upload from a wrong one; we can.
    // A file uploaded since the last try answers what was said about the last.
    let uploaded_since = RwSignal::new(false);
    let licence_refused = form.error("licence_evidence_id");
    let licence_error = Signal::derive(move || {
        if uploaded_since.get() {
            return None;
        }
        let refused = licence_refused.get()?;
        Some(match licence.get() {
            Some(_) => refused,
            None => i18n.tr(Key::BizJoinLicenceMissing).to_owned(),
        })
    });
    let commitment_refusals = [
        form.error("commitment_accepted"),
        form.error("commitment_version"),
    ];
    let commitment_error = Signal::derive(move || {
        let texts: Vec<String> = commitment_refusals
            .iter()
            .filter_map(|refusal| refusal.get())
            .collect();
        (!texts.is_empty()).then(|| texts.join(" "))
    });

    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        uploaded_since.set(false);
        let version = commitment
            .get_untracked()
            .and_then(Result::ok)
            .map(|commitment| commitment.version)
            .unwrap_or_default();
        let request = JoiningApplicationRequest {
            credit_code: credit_code.get_untracked().trim().to_uppercase(),
            licensed_name: licensed_name.get_untracked().trim().to_owned(),
            region_code: region.code(),
            industry_code: industry.get_untracked(),
            // A nil id makes the server refuse the field, alongside the rest.
            licence_evidence_id: licence
                .get_untracked()
                .unwrap_or(EvidenceId(uuid::Uuid::nil())),
            service_contacts: ServiceContacts {
                phone: optional(phone),
                email: optional(email),
                url: optional(url),
                hours: optional(hours),
            },
            commitment_accepted: accepted.get_untracked(),
            commitment_version: version,
        };
        form.send(async move { joining::apply(&request).await }, move |_| {
            on_applied.run(())
        });
    };

    view! {
        <form class="apply" on:submit=submit novalidate>
            <h2>{move || i18n.tr(Key::BizJoinApplyTitle)}</h2>
            <p class="hint">{move || i18n.tr(Key::BizJoinApplyIntro)}</p>
            <Field name="credit_code" label=Key::BizJoinCreditCode value=credit_code
                error=form.error("credit_code") autocomplete="off"
                placeholder=Key::BizJoinCreditCodeHint/>
            <Field name="licensed_name" label=Key::BizJoinLicensedName value=licensed_name
                error=form.error("licensed_name") autocomplete="organization"/>
            <RegionPicker region error=form.error("region_code")/>
            <ChoiceField name="industry_code" label=Key::BizJoinIndustry value=industry
                choices=industries error=form.error("industry_code")/>
            <EvidenceUpload id="licence_evidence_id" label=Key::BizJoinLicence error=licence_error
                on_uploaded=move |stored: Evidence| {
                    licence.set(Some(stored.id));
                    uploaded_since.set(true);
                }/>
            <fieldset class="group">
                <legend>{move || i18n.tr(Key::BizJoinContacts)}</legend>
                <p class="hint">{move || i18n.tr(Key::BizJoinContactsHint)}</p>
                <Field name="service_contacts.phone" label=Key::BizJoinPhone value=phone
                    error=form.error("service_contacts.phone") kind="tel" autocomplete="tel"/>
                <Field name="service_contacts.email" label=Key::BizJoinEmail value=email
                    error=form.error("service_contacts.email") kind="email" autocomplete="email"/>
                <Field name="service_contacts.url" label=Key::BizJoinUrl value=url
                    error=form.error("service_contacts.url") kind="url" autocomplete="url"/>
                <Field name="service_contacts.hours" label=Key::BizJoinHours value=hours
                    error=form.error("service_contacts.hours") placeholder=Key::BizJoinHoursHint/>
            </fieldset>
            <CommitmentText commitment accepted error=commitment_error/>
            {form.notice()}
            <button type="submit" class="primary" disabled=form.pending()>
                {move || i18n.tr(if form.pending().get() { Key::BizJoinPending } else { Key::BizJoinSubmit })}
            </button>
        </form>
    }
}

/// The commitment in the page's language, its version, and the box that
/// accepts it.
#[component]
fn CommitmentText(
    commitment: LocalResource<Result<Commitment, crate::api::ApiError>>,
    accepted: RwSignal<bool>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let invalid = Memo::new(move |_| error.with(Option::is_some));

    view! {
        <fieldset class="group commitment">
            <legend>{move || i18n.tr(Key::BizJoinCommitment)}</legend>
            {move || match commitment.get() {
                None => view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }.into_any(),
                Some(Err(error)) => view! { <ErrorNotice error/> }.into_any(),
                Some(Ok(commitment)) => {
                    let version = i18n
                        .tr(Key::BizJoinCommitmentVersion)
                        .replace("{version}", &commitment.version);
                    let text = match i18n.language() {
                        Language::ZhCn => commitment.text_zh,
                        Language::En => commitment.text_en,
                    };
                    view! {
                        <p class="body">{text}</p>
                        <p class="muted">{version}</p>
                    }.into_any()
                }
            }}
            <div class="check" class:invalid=invalid>
                <input type="checkbox" id="commitment_accepted" bind:checked=accepted
                    aria-invalid=move || invalid.get().to_string()
                    aria-describedby="commitment_accepted-error"/>
                <label for="commitment_accepted">{move || i18n.tr(Key::BizJoinCommitmentAccept)}</label>
            </div>
            <p class="field-error" id="commitment_accepted-error">{error}</p>
        </fieldset>
    }
}

/// Province, city and county as chosen; the deepest one is the region.
#[derive(Clone, Copy)]
struct RegionChoice {
    province: RwSignal<String>,
    city: RwSignal<String>,
    county: RwSignal<String>,
}

impl RegionChoice {
    fn new() -> Self {
        Self {
            province: RwSignal::new(String::new()),
            city: RwSignal::new(String::new()),
            county: RwSignal::new(String::new()),
        }
    }

    /// The most precise region chosen, or empty.
    fn code(self) -> String {
        [self.county, self.city, self.province]
            .into_iter()
            .map(|level| level.get_untracked())
            .find(|code| !code.is_empty())
            .unwrap_or_default()
    }
}

/// Where the business is registered: province, then city, then county.
#[component]
fn RegionPicker(region: RegionChoice, error: Signal<Option<String>>) -> impl IntoView {
    let RegionChoice {
        province,
        city,
        county,
    } = region;
    view! {
        <RegionLevels province city county legend=Key::BizJoinRegion
            hint=Key::BizJoinRegionHint error/>
    }
}

/// The categories of the complaint taxonomy as lines of trade, in the
/// page's language; a sub-category is set off under its parent.
fn industry_choices() -> Signal<Vec<Choice>> {
    let i18n = I18n::expect();
    let loaded = LocalResource::new(|| async { taxonomy::categories().await.unwrap_or_default() });
    Signal::derive(move || {
        let language = i18n.language();
        loaded
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|category: Category| {
                let name = match language {
                    Language::ZhCn => category.name_zh,
                    Language::En => category.name_en,
                };
                let indent = "\u{2003}".repeat(category.code.matches('.').count());
                (category.code, format!("{indent}{name}"))
            })
            .collect()
    })
}

fn optional(value: RwSignal<String>) -> Option<String> {
    let value = value.get_untracked();
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}
