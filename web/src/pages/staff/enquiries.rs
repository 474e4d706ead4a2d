//! `/staff/enquiries`: the association's enquiries, newest first. Staff
//! answer an open one, publish an answered one as a question and answer
//! (when its consumer agreed), or turn one into a complaint.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::EnquiryId;
use shared::cases::{BusinessChoice, Demand};
use shared::enquiries::{AnswerRequest, ConvertRequest, Enquiry, EnquiryState};

use crate::api::{ApiError, enquiries, field_message};
use crate::components::case::inputs::TextArea;
use crate::components::error_notice::ErrorNotice;
use crate::components::field::Field;
use crate::guard::redirect_when;
use crate::i18n::{I18n, Key};
use crate::pages::consumer::enquiries::{EnquiryList, enquiry_state};
use crate::pages::consumer::inputs::ChoiceField;
use crate::pages::consumer::labels::{DEMANDS, china_time, demand};
use crate::pages::public::widgets::{category_choices, nature_choices};
use crate::session::Session;

#[component]
pub fn EnquiryDesk() -> impl IntoView {
    let (i18n, session) = (I18n::expect(), Session::expect());
    redirect_when(move || !session.is_signed_in(), "/login");
    provide_context(Converting(RwSignal::new(None)));

    view! {
        <Show when=move || session.is_signed_in()>
            <section class="card wide">
                <h1>{move || i18n.tr(Key::StaffEnquiriesTitle)}</h1>
                <p class="intro">{move || i18n.tr(Key::StaffEnquiriesIntro)}</p>
                <EnquiryList empty=Key::StaffEnquiriesEmpty item=|enquiry| view! { <EnquiryCard enquiry/> }.into_any()/>
            </section>
        </Show>
    }
}

/// The one enquiry whose conversion form is open: one at a time, so that the
/// form's inputs keep ids of their own on the page.
#[derive(Clone, Copy)]
struct Converting(RwSignal<Option<EnquiryId>>);

/// One enquiry with what staff may do with it now; it follows each change.
#[component]
fn EnquiryCard(enquiry: Enquiry) -> impl IntoView {
    let i18n = I18n::expect();
    let shown = RwSignal::new(enquiry);
    let field = move |read: fn(&Enquiry) -> String| move || shown.with(read);

    view! {
        <li class="enquiry card">
            <p class="hint">
                {field(|e| china_time(e.asked_at))} " · " {field(|e| e.consumer_name.clone())}
                " · " {move || i18n.tr(enquiry_state(shown.with(|e| e.state)))}
            </p>
            <p>{field(|e| e.question.clone())}</p>
            {move || shown.with(|e| e.answer.clone()).map(|answer| view! {
                <p class="answer"><strong>{move || i18n.tr(Key::GuidanceAnswer)}</strong> " " {answer}</p>
            })}
            {move || match shown.with(|e| e.state) {
                EnquiryState::Open => view! {
                    <AnswerForm shown/>
                    <Conversion shown/>
                }.into_any(),
                EnquiryState::Answered => view! {
                    <PublishButton shown/>
                    <Conversion shown/>
                }.into_any(),
                EnquiryState::Converted => {
                    let href = shown.with(|e| e.complaint_id.map(|id| format!("/staff/complaints/{id}")));
                    view! {
                        {href.map(|href| view! { <p><a href=href>{move || i18n.tr(Key::EnquiryComplaintLink)}</a></p> })}
                    }.into_any()
                }
            }}
        </li>
    }
}

#[component]
fn AnswerForm(shown: RwSignal<Enquiry>) -> impl IntoView {
    let i18n = I18n::expect();
    let answer = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiError>);
    let id = shown.with_untracked(|e| e.id);
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let request = AnswerRequest {
            answer: answer.get_untracked().trim().to_owned(),
        };
        spawn_local(async move {
            match enquiries::answer(id, &request).await {
                Ok(enquiry) => shown.set(enquiry),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let error = Signal::derive(move || {
        failure.with(|f| f.as_ref().and_then(|e| field_message(e, "answer")))
    });

    view! {
        <form on:submit=submit novalidate>
            <TextArea id=format!("answer-{id}") label=Key::StaffEnquiryAnswer value=answer error/>
            {move || failure.get().filter(|e| field_message(e, "answer").is_none()).map(|error| view! { <ErrorNotice error/> })}
            <button type="submit" class="primary">{move || i18n.tr(Key::StaffEnquirySendAnswer)}</button>
        </form>
    }
}

/// Publishes the answered enquiry; says why not when its consumer did not agree.
#[component]
fn PublishButton(shown: RwSignal<Enquiry>) -> impl IntoView {
    let i18n = I18n::expect();
    let failure = RwSignal::new(None::<ApiError>);
    let publish = move |_| {
        let id = shown.with_untracked(|e| e.id);
        spawn_local(async move {
            match enquiries::publish(id).await {
                Ok(enquiry) => shown.set(enquiry),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let (consented, published) = (
        move || shown.with(|e| e.consent_to_publish),
        move || shown.with(|e| e.published_question_id.is_some()),
    );

    view! {
        {move || match (consented(), published()) {
            (_, true) => view! { <p class="notice">{move || i18n.tr(Key::StaffEnquiryPublished)}</p> }.into_any(),
            (false, false) => view! { <p class="hint">{move || i18n.tr(Key::StaffEnquiryNoConsent)}</p> }.into_any(),
            (true, false) => view! {
                <button type="button" on:click=publish>{move || i18n.tr(Key::StaffEnquiryPublish)}</button>
            }.into_any(),
        }}
        {move || failure.get().map(|error| view! { <ErrorNotice error/> })}
    }
}

/// The button that opens the conversion form, and the form while it is open.
#[component]
fn Conversion(shown: RwSignal<Enquiry>) -> impl IntoView {
    let i18n = I18n::expect();
    let Converting(open) = expect_context::<Converting>();
    let id = shown.with_untracked(|e| e.id);
    let here = Memo::new(move |_| open.get() == Some(id));
    let toggle = move |_| open.set((!here.get_untracked()).then_some(id));

    view! {
        <button type="button" aria-expanded=move || here.get().to_string() on:click=toggle>
            {move || i18n.tr(Key::StaffEnquiryConvert)}
        </button>
        <Show when=move || here.get()>
            <ConvertForm shown/>
        </Show>
    }
}

/// What a complaint needs that the enquiry lacks; the question becomes its description.
#[component]
fn ConvertForm(shown: RwSignal<Enquiry>) -> impl IntoView {
    let i18n = I18n::expect();
    let business = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let nature = RwSignal::new(String::new());
    let wanted = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiError>);
    let (id, region) = shown.with_untracked(|e| (e.id, e.region_code.clone()));
    let demands = Signal::derive(move || {
        DEMANDS
            .iter()
            .filter(|demand| **demand != Demand::Other)
            .map(|it| (wire(*it), i18n.tr(demand(*it)).to_owned()))
            .collect::<Vec<_>>()
    });
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let chosen = DEMANDS
            .into_iter()
            .find(|it| wire(*it) == wanted.get_untracked());
        let request = ConvertRequest {
            // A business not yet known is taken to be where the consumer asked from.
            business: BusinessChoice {
                name: Some(business.get_untracked().trim().to_owned()),
                region_code: Some(region.clone()),
                ..BusinessChoice::default()
            },
            category_code: category.get_untracked(),
            nature_code: nature.get_untracked(),
            demands: chosen.into_iter().collect(),
            other_demand: None,
            channel: None,
            channel_platform: None,
            region_code: None,
            description: None,
        };
        spawn_local(async move {
            match enquiries::convert(id, &request).await {
                Ok(enquiry) => shown.set(enquiry),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let error = move |field: &'static str| {
        Signal::derive(move || failure.with(|f| f.as_ref().and_then(|e| field_message(e, field))))
    };

    view! {
        <div class="convert">
            <form on:submit=submit novalidate>
                <Field name="business.name" label=Key::FileBusinessName value=business error=error("business.name")/>
                <ChoiceField name="category_code" label=Key::FileCategory value=category
                    choices=category_choices() error=error("category_code")/>
                <ChoiceField name="nature_code" label=Key::FileNature value=nature
                    choices=nature_choices() error=error("nature_code")/>
                <ChoiceField name="demands" label=Key::FileDemandsLegend value=wanted
                    choices=demands error=error("demands")/>
                {move || failure.get().map(|error| view! { <Unplaced error/> })}
                <button type="submit" class="primary">{move || i18n.tr(Key::StaffEnquiryConvertSubmit)}</button>
            </form>
        </div>
    }
}

/// The form's own fields; the server's messages about others show together.
const CONVERT_FIELDS: [&str; 4] = ["business.name", "category_code", "nature_code", "demands"];

/// A failure that no input of the form shows: the problem itself, or the
/// messages about fields the form lacks (such as a question too short to
/// serve as the complaint's description).
#[component]
fn Unplaced(error: ApiError) -> impl IntoView {
    let Some(problem) = error.problem() else {
        return view! { <ErrorNotice error/> }.into_any();
    };
    if problem.errors.is_empty() {
        return view! { <ErrorNotice error/> }.into_any();
    }
    let others: Vec<String> = problem
        .errors
        .iter()
        .filter(|field| !CONVERT_FIELDS.contains(&field.field.as_str()))
        .map(|field| field.message.clone())
        .collect();

    view! {
        <ul class="field-error" role="alert">
            {others.into_iter().map(|message| view! { <li>{message}</li> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// A demand's wire name, as the API spells it.
fn wire(demand: Demand) -> String {
    serde_json::to_value(demand)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}
