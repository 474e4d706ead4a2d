//! `/businesses/:id`: a business's public record: membership, the handling
//! record and index for the last twelve months and all time, its case
//! publicity listings and its latest published complaints.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::BusinessId;
use shared::publication::PublicSearchQuery;
use shared::records::{HandlingRecord, PublicBusinessRecord, Rate};

use super::display;
use super::labels;
use super::search_query::{href, parse};
use super::widgets::{Badge, Empty, HitList, Loading, PublicityCard, Tone};
use crate::api::public;
use crate::components::error_notice::ErrorNotice;
use crate::components::province_map::region_label;
use crate::i18n::{I18n, Key};

/// Loads the business named in the URL.
#[component]
pub fn BusinessPage() -> impl IntoView {
    let i18n = I18n::expect();
    let params = use_params_map();
    let id = move || params.with(|params| params.get("id").and_then(|id| parse::<BusinessId>(&id)));
    let record = LocalResource::new(move || {
        let id = id();
        async move { Some(public::business(id?).await) }
    });

    view! {
        <section class="public">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match record.await {
                        Some(Ok(record)) => view! { <RecordView record/> }.into_any(),
                        Some(Err(error)) => view! { <ErrorNotice error/> }.into_any(),
                        None => view! { <p class="notice error" role="alert">{move || i18n.tr(Key::PubBadBusinessLink)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn RecordView(record: PublicBusinessRecord) -> impl IntoView {
    let i18n = I18n::expect();
    let PublicBusinessRecord {
        id,
        name,
        credit_code,
        region_code,
        member,
        member_since,
        suspended,
        service_contacts,
        all_time,
        last_12_months,
        case_publicity,
        published_complaints,
        latest_complaints,
        ..
    } = record;
    let region = move || region_label(&region_code, i18n.language());
    let all_complaints = href(&PublicSearchQuery {
        business_id: Some(id),
        ..PublicSearchQuery::default()
    });
    let no_publicity = case_publicity.is_empty();
    let contacts = service_contacts.map(|contacts| {
        [contacts.phone, contacts.email, contacts.url, contacts.hours]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ")
    });

    view! {
        <h1>{name}</h1>
        <p class="badges">
            {if member {
                view! { <Badge text=Key::PubMember tone=Tone::Good/> }
            } else {
                view! { <Badge text=Key::PubNotMember/> }
            }}
            {suspended.is_some().then(|| view! { <Badge text=Key::PubSuspended tone=Tone::Bad/> })}
        </p>
        <dl class="facts">
            {credit_code.map(|code| view! { <dt>{move || i18n.tr(Key::PubCreditCode)}</dt><dd>{code}</dd> })}
            <dt>{move || i18n.tr(Key::PubProvince)}</dt>
            <dd>{region}</dd>
            {member_since.map(|at| view! { <dt>{move || i18n.tr(Key::PubMemberSince)}</dt><dd>{display::day(at)}</dd> })}
            {suspended.map(|suspension| view! {
                <dt>{move || i18n.tr(Key::PubSuspended)}</dt>
                <dd>{display::day(suspension.since)} " · " {suspension.reason}</dd>
            })}
            {contacts.filter(|text| !text.is_empty()).map(|text| view! {
                <dt>{move || i18n.tr(Key::PubServiceContacts)}</dt><dd>{text}</dd>
            })}
        </dl>
        <h2>{move || i18n.tr(Key::PubHandlingRecord)}</h2>
        <div class="records">
            <RecordCard title=Key::PubLast12Months record=last_12_months/>
            <RecordCard title=Key::PubAllTime record=all_time/>
        </div>
        <h2>{move || i18n.tr(Key::PubCasePublicity)}</h2>
        {if no_publicity {
            view! { <Empty text=Key::PubNoPublicityForBusiness/> }.into_any()
        } else {
            case_publicity
                .into_iter()
                .map(|entry| view! { <PublicityCard entry with_business=false/> })
                .collect_view()
                .into_any()
        }}
        <h2>{move || i18n.tr(Key::PubLatestComplaints)}</h2>
        <HitList hits=latest_complaints empty=Key::PubNoPublishedComplaints/>
        {(published_complaints > 0).then(|| view! {
            <p><a href=all_complaints>
                {move || i18n.tr(Key::PubAllPublished).replace("{count}", &display::count(published_complaints))}
            </a></p>
        })}
    }
}

/// One period of the handling record: the index and the rates behind it.
#[component]
fn RecordCard(title: Key, record: HandlingRecord) -> impl IntoView {
    let i18n = I18n::expect();
    let HandlingRecord {
        received,
        rates,
        index,
        index_withheld,
        index_min_cases,
        ..
    } = record;
    let index_text = move || match (index, index_withheld) {
        (Some(index), _) => format!("{index:.1}"),
        (None, Some(reason)) => i18n
            .tr(labels::index_withheld(reason))
            .replace("{count}", &index_min_cases.to_string()),
        (None, None) => "—".to_owned(),
    };
    let satisfaction = move || match rates.satisfaction.average {
        Some(average) => format!("{average:.2} / 5 ({})", rates.satisfaction.ratings),
        None => "—".to_owned(),
    };

    view! {
        <section class="record">
            <h3>{move || i18n.tr(title)}</h3>
            <p class="index"><span>{move || i18n.tr(Key::PubIndex)}</span> <strong class:withheld=index.is_none()>{index_text}</strong></p>
            <dl class="facts">
                <dt>{move || i18n.tr(Key::PubReceived)}</dt>
                <dd>{display::count(received)}</dd>
                <RateFact label=Key::PubAnsweredInTime rate=rates.answered_in_time/>
                <RateFact label=Key::PubReconciliationSuccess rate=rates.reconciliation_success/>
                <RateFact label=Key::PubMediationCooperation rate=rates.mediation_cooperation/>
                <RateFact label=Key::PubMediationSuccess rate=rates.mediation_success/>
                <RateFact label=Key::PubAgreementsPerformed rate=rates.agreements_performed/>
                <dt>{move || i18n.tr(Key::PubSatisfaction)}</dt>
                <dd>{satisfaction}</dd>
            </dl>
        </section>
    }
}

/// A rate as a percentage with what it counts, or a dash when nothing counted.
#[component]
fn RateFact(label: Key, rate: Rate) -> impl IntoView {
    let i18n = I18n::expect();
    let text = match rate.value {
        Some(value) => format!("{} ({}/{})", display::percent(value), rate.count, rate.of),
        None => "—".to_owned(),
    };

    view! {
        <dt>{move || i18n.tr(label)}</dt>
        <dd>{text}</dd>
    }
}
