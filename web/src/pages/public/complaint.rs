//! `/complaints/:number`: one published complaint as the public reads it,
//! with how it was handled: stages, deadlines met or missed, the business's
//! replies, the outcome and the money recovered.
//!
//! The public cannot comment here: only the business complained about may
//! post its one public comment, which shows at the end.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::publication::{PublicComplaint, PublicDeadline, PublicReply, Stage};

use super::display;
use super::labels;
use super::names::use_names;
use super::widgets::{Badge, DeadlineBadge, Loading, StateBadge, Tone};
use crate::api::public;
use crate::components::error_notice::ErrorNotice;
use crate::components::province_map::region_label;
use crate::i18n::{I18n, Key};

/// Loads the complaint named in the URL.
#[component]
pub fn ComplaintPage() -> impl IntoView {
    let params = use_params_map();
    let number = move || params.with(|params| params.get("number").unwrap_or_default());
    let complaint = LocalResource::new(move || {
        let number = number();
        async move { public::complaint(&number).await }
    });

    view! {
        <section class="public">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match complaint.await {
                        Ok(complaint) => view! { <ComplaintView complaint/> }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ComplaintView(complaint: PublicComplaint) -> impl IntoView {
    let (i18n, names) = (I18n::expect(), use_names());
    let PublicComplaint {
        number,
        business_id,
        business_name,
        association_name,
        region_code,
        category_code,
        nature_code,
        demands,
        other_demand,
        description,
        state,
        outcome,
        filed_at,
        accepted_at,
        closed_at,
        stages,
        deadlines,
        deadline_met,
        replies,
        business_comment,
        amount_recovered_fen,
        reason,
        published_at,
        ..
    } = complaint;
    let category = move || names.get().category(&category_code, i18n.language());
    let nature = move || names.get().nature(&nature_code, i18n.language());
    let region = move || region_label(&region_code, i18n.language());
    let demands = move || {
        let mut words: Vec<String> = demands
            .iter()
            .map(|demand| i18n.tr(labels::demand(*demand)).to_owned())
            .collect();
        words.extend(other_demand.clone());
        words.join(i18n.tr(Key::ListSeparator))
    };

    view! {
        <article class="complaint">
            <p class="eyebrow">{move || i18n.tr(Key::PubComplaintNumber)} " " {number}</p>
            <h1><a href=format!("/businesses/{business_id}")>{business_name}</a></h1>
            <p class="badges">
                <StateBadge state outcome/>
                <DeadlineBadge met=deadline_met/>
                <Badge text=labels::reason(reason)/>
            </p>
            <dl class="facts">
                <Fact label=Key::PubCategory>{category}</Fact>
                <Fact label=Key::PubNature>{nature}</Fact>
                <Fact label=Key::PubProvince>{region}</Fact>
                <Fact label=Key::PubDemands>{demands}</Fact>
                <Fact label=Key::PubHandledBy>{association_name}</Fact>
                <Fact label=Key::PubFiledOn>{display::day(filed_at)}</Fact>
                {accepted_at.map(|at| view! { <Fact label=Key::PubAcceptedOn>{display::day(at)}</Fact> })}
                {closed_at.map(|at| view! { <Fact label=Key::PubClosedOn>{display::day(at)}</Fact> })}
                <Fact label=Key::PubPublishedOn>{display::day(published_at)}</Fact>
                {amount_recovered_fen.map(|fen| view! { <Fact label=Key::PubMoneyRecovered>{display::yuan(fen)}</Fact> })}
            </dl>
            <h2>{move || i18n.tr(Key::PubDescription)}</h2>
            <p class="description">{description}</p>
            <Stages stages/>
            <Deadlines deadlines/>
            <Replies replies/>
            {business_comment.map(|comment| view! {
                <h2>{move || i18n.tr(Key::PubBusinessComment)}</h2>
                <blockquote class="reply">
                    <p>{comment.text}</p>
                    <footer>{display::day_and_time(comment.at)}</footer>
                </blockquote>
            })}
            <p class="note">{move || i18n.tr(Key::PubRedactionNote)}</p>
        </article>
    }
}

/// One labelled fact of a description list.
#[component]
fn Fact(label: Key, children: Children) -> impl IntoView {
    let i18n = I18n::expect();

    view! {
        <dt>{move || i18n.tr(label)}</dt>
        <dd>{children()}</dd>
    }
}

/// The stages the case went through, as an ordered list of dated steps.
#[component]
fn Stages(stages: Vec<Stage>) -> impl IntoView {
    let i18n = I18n::expect();
    let items = stages
        .into_iter()
        .map(|Stage { step, at }| {
            let name = move || {
                labels::stage(&step).map_or_else(|| step.clone(), |key| i18n.tr(key).to_owned())
            };
            view! {
                <li>
                    <time datetime=at.to_rfc3339()>{display::day_and_time(at)}</time>
                    <span>{name}</span>
                </li>
            }
        })
        .collect_view();

    view! {
        <h2>{move || i18n.tr(Key::PubStages)}</h2>
        <ol class="timeline">{items}</ol>
    }
}

/// Every deadline of the case and whether it was met.
#[component]
fn Deadlines(deadlines: Vec<PublicDeadline>) -> impl IntoView {
    let i18n = I18n::expect();
    if deadlines.is_empty() {
        return ().into_any();
    }
    let rows = deadlines
        .into_iter()
        .map(
            |PublicDeadline {
                 kind,
                 due_at,
                 status,
             }| {
                let tone = match status.as_str() {
                    "met" => Tone::Good,
                    "missed" => Tone::Bad,
                    _ => Tone::Neutral,
                };
                let badge =
                    labels::deadline_status(&status).map(|text| view! { <Badge text tone/> });
                view! {
                    <tr>
                        <th scope="row">{move || i18n.tr(labels::deadline_kind(kind))}</th>
                        <td>{display::day_and_time(due_at)}</td>
                        <td>{badge}</td>
                    </tr>
                }
            },
        )
        .collect_view();

    view! {
        <h2>{move || i18n.tr(Key::PubDeadlinesTitle)}</h2>
        <div class="table-scroll">
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.tr(Key::PubDeadline)}</th>
                        <th scope="col">{move || i18n.tr(Key::PubDueAt)}</th>
                        <th scope="col">{move || i18n.tr(Key::PubDeadlineStatus)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// What the business answered on the case.
#[component]
fn Replies(replies: Vec<PublicReply>) -> impl IntoView {
    let i18n = I18n::expect();
    let empty = replies.is_empty();
    let items = replies
        .into_iter()
        .map(|PublicReply { kind, text, at }| {
            view! {
                <li class="reply">
                    <p class="meta">{move || i18n.tr(labels::reply_kind(&kind))} " · " {display::day_and_time(at)}</p>
                    <p>{text}</p>
                </li>
            }
        })
        .collect_view();

    view! {
        <h2>{move || i18n.tr(Key::PubReplies)}</h2>
        {if empty {
            view! { <p class="empty">{move || i18n.tr(Key::PubNoReplies)}</p> }.into_any()
        } else {
            view! { <ul class="replies">{items}</ul> }.into_any()
        }}
    }
}
