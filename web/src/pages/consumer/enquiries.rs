//! `/ask`: a consumer asks the association a question (咨询) instead of
//! complaining; `/my/enquiries`: the questions asked and their answers.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::enquiries::{AskRequest, Enquiry, EnquiryState};
use shared::page::PageQuery;

use super::inputs::ChoiceField;
use super::labels::china_time;
use crate::api::{ApiError, enquiries, field_message};
use crate::components::case::inputs::{Check, TextArea};
use crate::components::error_notice::ErrorNotice;
use crate::guard::redirect_when;
use crate::i18n::{I18n, Key};
use crate::pages::public::widgets::province_choices;
use crate::session::Session;

/// Enquiries listed at once; the newest first.
const PAGE_SIZE: u32 = 50;

/// The question, where the consumer is, and whether the answer may be published.
#[component]
pub fn AskPage() -> impl IntoView {
    let (i18n, session) = (I18n::expect(), Session::expect());
    redirect_when(move || !session.is_signed_in(), "/login");
    let question = RwSignal::new(String::new());
    let province = RwSignal::new(String::new());
    let consent = RwSignal::new(true);
    let failure = RwSignal::new(None::<ApiError>);
    let asked = RwSignal::new(None::<Enquiry>);
    let pending = RwSignal::new(false);
    let error = move |field: &'static str| {
        Signal::derive(move || failure.with(|f| f.as_ref().and_then(|e| field_message(e, field))))
    };
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let request = AskRequest {
            question: question.get_untracked().trim().to_owned(),
            region_code: province.get_untracked(),
            consent_to_publish: consent.get_untracked(),
        };
        pending.set(true);
        spawn_local(async move {
            match enquiries::ask(&request).await {
                Ok(enquiry) => {
                    failure.set(None);
                    question.set(String::new());
                    asked.set(Some(enquiry));
                }
                Err(error) => failure.set(Some(error)),
            }
            pending.set(false);
        });
    };
    let unplaced = move || {
        failure.with(|f| {
            f.as_ref()
                .filter(|e| e.problem().is_none_or(|p| p.errors.is_empty()))
                .cloned()
        })
    };

    view! {
        <Show when=move || session.is_signed_in()>
            <section class="card">
                <h1>{move || i18n.tr(Key::AskTitle)}</h1>
                <p class="intro">{move || i18n.tr(Key::AskIntro)}</p>
                {move || asked.get().map(|_| view! {
                    <p class="notice" role="status">
                        {move || i18n.tr(Key::AskSent)} " "
                        <a href="/my/enquiries">{move || i18n.tr(Key::NavMyEnquiries)}</a>
                    </p>
                })}
                <form on:submit=submit novalidate>
                    <TextArea id="question" label=Key::AskQuestion value=question
                        error=error("question") hint=Key::AskQuestionHint rows=6/>
                    <ChoiceField name="region_code" label=Key::FileProvince value=province
                        choices=province_choices() error=error("region_code")/>
                    <Check id="consent_to_publish" label=Key::AskConsent value=consent/>
                    {move || unplaced().map(|error| view! { <ErrorNotice error/> })}
                    <button type="submit" class="primary" disabled=move || pending.get()>
                        {move || i18n.tr(Key::AskSubmit)}
                    </button>
                </form>
            </section>
        </Show>
    }
}

/// The consumer's enquiries, each with its answer once there is one.
#[component]
pub fn MyEnquiriesPage() -> impl IntoView {
    let (i18n, session) = (I18n::expect(), Session::expect());
    redirect_when(move || !session.is_signed_in(), "/login");

    view! {
        <Show when=move || session.is_signed_in()>
            <section class="card wide">
                <div class="title-row">
                    <h1>{move || i18n.tr(Key::NavMyEnquiries)}</h1>
                    <a class="button primary small" href="/ask">{move || i18n.tr(Key::AskTitle)}</a>
                </div>
                <EnquiryList empty=Key::MyEnquiriesEmpty item=|enquiry| view! { <EnquiryItem enquiry/> }.into_any()/>
            </section>
        </Show>
    }
}

/// The newest enquiries the caller may read (a consumer's own, the staff's
/// association's), each shown by `item`.
#[component]
pub fn EnquiryList(empty: Key, item: fn(Enquiry) -> AnyView) -> impl IntoView {
    let i18n = I18n::expect();
    let page = LocalResource::new(|| async {
        let query = PageQuery {
            cursor: None,
            limit: Some(PAGE_SIZE),
        };
        enquiries::list(&query).await
    });

    view! {
        <Suspense fallback=move || view! { <p class="loading">{move || i18n.tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(page) if page.items.is_empty() => view! {
                        <p class="empty">{move || i18n.tr(empty)}</p>
                    }.into_any(),
                    Ok(page) => view! {
                        <ul class="enquiries">{page.items.into_iter().map(item).collect_view()}</ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One enquiry as its consumer sees it.
#[component]
fn EnquiryItem(enquiry: Enquiry) -> impl IntoView {
    let i18n = I18n::expect();
    let state = enquiry_state(enquiry.state);
    let complaint = enquiry
        .complaint_id
        .map(|id| format!("/my/complaints/{id}"));

    view! {
        <li class="enquiry card">
            <p class="hint">{china_time(enquiry.asked_at)} " · " {enquiry.association_name} " · " {move || i18n.tr(state)}</p>
            <p>{enquiry.question}</p>
            {enquiry.answer.map(|answer| view! {
                <p class="answer"><strong>{move || i18n.tr(Key::GuidanceAnswer)}</strong> " " {answer}</p>
            })}
            {complaint.map(|href| view! { <p><a href=href>{move || i18n.tr(Key::EnquiryComplaintLink)}</a></p> })}
        </li>
    }
}

/// The words for an enquiry's state.
pub fn enquiry_state(state: EnquiryState) -> Key {
    match state {
        EnquiryState::Open => Key::EnquiryOpen,
        EnquiryState::Answered => Key::EnquiryAnswered,
        EnquiryState::Converted => Key::EnquiryConverted,
    }
}
