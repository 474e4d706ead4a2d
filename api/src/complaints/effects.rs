//! What each step writes besides the new state: its timeline entry, the
//! notice and who receives it, and the columns it changes (an offer, an
//! agreement, a rating…). The fields of each request are checked here.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{ConnectionTrait, EntityTrait};
use serde_json::{Value, json};
use shared::cases::{ActionRequest, Agreement, MediationEnd, Offer, RejectReason, Visibility};
use shared::complaints::{ActionKind, ComplaintState};
use uuid::Uuid;

use crate::complaints::actions::{Actor, Step};
use crate::complaints::audience::Audience;
use crate::complaints::lifecycle::Transition;
use crate::complaints::view::wire_name;
use crate::deadlines::calendar::china;
use crate::entities::{associations, complaints};
use crate::error::{ApiError, ApiResult, Fields, optional_text, text_field};
use crate::evidence::attach::{self, Attachment};
use crate::i18n::Text;
use crate::state::AppState;

/// What one step writes besides the state.
pub struct Effect {
    pub entry: &'static str,
    pub payload: Value,
    pub visibility: Visibility,
    pub notice: Text,
    pub audiences: Vec<Audience>,
}

/// The entry, notice and column changes of one step.
#[allow(clippy::too_many_arguments)]
pub async fn effect(
    state: &AppState,
    txn: &impl ConnectionTrait,
    complaint: &complaints::Model,
    active: &mut complaints::ActiveModel,
    actor: Actor,
    step: &Step<'_>,
    transition: Transition,
    now: DateTime<Utc>,
) -> ApiResult<Effect> {
    let number = &complaint.number;
    let request = match step {
        Step::Expired(kind) => return Ok(expired(active, *kind, number)),
        Step::Request(request) => request,
    };

    match request {
        ActionRequest::Accept {} => Ok(accept(active, transition, number, now)),
        ActionRequest::Reject { reason, note } => reject(reason, note.as_deref(), number),
        ActionRequest::RequestInfo { question } => request_info(question, number),
        ActionRequest::AnswerInfo { answer, evidence } => {
            let answer = text_field("answer", answer, 5000)?;
            attach_evidence(state, txn, actor, complaint.id, evidence, now).await?;
            Ok(info_answered(answer, evidence, number))
        }
        ActionRequest::Transfer {
            association_id,
            reason,
        } => transfer(txn, complaint, active, association_id.0, reason, number).await,
        ActionRequest::MakeOffer {
            terms,
            amount_fen,
            perform_by,
        } => make_offer(active, terms, *amount_fen, *perform_by, number, now),
        ActionRequest::AcceptOffer {} => accept_offer(complaint, active, number, now),
        ActionRequest::DeclineOffer { reason, escalate } => {
            decline_offer(active, reason, *escalate, number)
        }
        ActionRequest::RecordAgreement {
            terms,
            amount_fen,
            perform_by,
            consumer_agreed,
            business_agreed,
        } => record_agreement(
            active,
            (terms, *amount_fen, *perform_by),
            *consumer_agreed && *business_agreed,
            number,
            now,
        ),
        ActionRequest::EndMediation { reason, note } => {
            end_mediation(*reason, note.as_deref(), number)
        }
        ActionRequest::ConfirmPerformance {} => Ok(performance_confirmed(number)),
        ActionRequest::Withdraw { reason } => withdraw(reason.as_deref(), number),
        ActionRequest::Rate { score, comment } => rate(active, *score, comment.as_deref(), number),
    }
}

fn accept(
    active: &mut complaints::ActiveModel,
    transition: Transition,
    number: &str,
    now: DateTime<Utc>,
) -> Effect {
    active.accepted_at = Set(Some(now));
    let handler = if transition.to == ComplaintState::Reconciling {
        Audience::Business
    } else {
        Audience::Mediator
    };
    Effect {
        entry: "accepted",
        payload: json!({ "next": wire_name(transition.to) }),
        visibility: Visibility::Parties,
        notice: Text::new(
            format!("投诉 {number} 已受理。"),
            format!("Complaint {number} was accepted."),
        ),
        audiences: vec![Audience::Consumer, handler],
    }
}

fn request_info(question: &str, number: &str) -> ApiResult<Effect> {
    let question = text_field("question", question, 2000)?;
    Ok(Effect {
        entry: "info_requested",
        payload: json!({ "question": question }),
        visibility: Visibility::Consumer,
        notice: Text::new(
            format!("投诉 {number} 需要您补充材料。"),
            format!("Complaint {number} needs more information from you."),
        ),
        audiences: vec![Audience::Consumer],
    })
}

fn info_answered(answer: String, evidence: &[shared::EvidenceId], number: &str) -> Effect {
    Effect {
        entry: "info_answered",
        payload: json!({ "answer": answer, "evidence": evidence }),
        visibility: Visibility::Consumer,
        notice: Text::new(
            format!("投诉 {number} 的消费者已补充材料。"),
            format!("The consumer answered on complaint {number}."),
        ),
        audiences: vec![Audience::Intake],
    }
}

fn make_offer(
    active: &mut complaints::ActiveModel,
    terms: &str,
    amount_fen: Option<i64>,
    perform_by: NaiveDate,
    number: &str,
    now: DateTime<Utc>,
) -> ApiResult<Effect> {
    let offer = Offer {
        terms: text_field("terms", terms, 2000)?,
        amount_fen: check_amount(amount_fen)?,
        perform_by: check_future_date(perform_by, now)?,
        made_at: now,
    };

    active.pending_offer = Set(Some(to_json(&offer)?));
    Ok(Effect {
        entry: "offer_made",
        payload: serde_json::to_value(&offer).map_err(ApiError::internal)?,
        visibility: Visibility::Parties,
        notice: Text::new(
            format!("经营者对投诉 {number} 提出了和解方案，请查看并答复。"),
            format!("The business made an offer on complaint {number}; read it and answer."),
        ),
        audiences: vec![Audience::Consumer],
    })
}

fn decline_offer(
    active: &mut complaints::ActiveModel,
    reason: &str,
    escalate: bool,
    number: &str,
) -> ApiResult<Effect> {
    let reason = text_field("reason", reason, 1000)?;

    active.pending_offer = Set(None);
    let mut audiences = vec![Audience::Business];
    if escalate {
        audiences.push(Audience::Mediator);
    }
    Ok(Effect {
        entry: "offer_declined",
        payload: json!({ "reason": reason, "escalate": escalate }),
        visibility: Visibility::Parties,
        notice: Text::new(
            format!("消费者拒绝了投诉 {number} 的和解方案。"),
            format!("The consumer declined the offer on complaint {number}."),
        ),
        audiences,
    })
}

/// The mediator records terms both parties accepted: `(terms, amount, date)`.
fn record_agreement(
    active: &mut complaints::ActiveModel,
    (terms, amount_fen, perform_by): (&str, Option<i64>, NaiveDate),
    both_agreed: bool,
    number: &str,
    now: DateTime<Utc>,
) -> ApiResult<Effect> {
    if !both_agreed {
        return Err(ApiError::field(
            "consumer_agreed",
            "both_parties_required",
            Text::new(
                "调解协议须经消费者和经营者双方同意后才能记录。",
                "Record an agreement only when both the consumer and the business accepted it.",
            ),
        ));
    }
    let agreement = Agreement {
        terms: text_field("terms", terms, 2000)?,
        amount_fen: check_amount(amount_fen)?,
        perform_by: check_future_date(perform_by, now)?,
        reached_in: "mediation".to_owned(),
        reached_at: now,
    };

    active.agreement = Set(Some(to_json(&agreement)?));
    Ok(Effect {
        entry: "agreement_recorded",
        payload: serde_json::to_value(&agreement).map_err(ApiError::internal)?,
        visibility: Visibility::Parties,
        notice: Text::new(
            format!("投诉 {number} 已达成调解协议。"),
            format!("An agreement was reached on complaint {number}."),
        ),
        audiences: vec![Audience::Consumer, Audience::Business],
    })
}

fn performance_confirmed(number: &str) -> Effect {
    Effect {
        entry: "performance_confirmed",
        payload: json!({}),
        visibility: Visibility::Parties,
        notice: Text::new(
            format!("消费者确认投诉 {number} 的协议已履行，案件办结。"),
            format!(
                "The consumer confirmed the agreement on complaint {number} was carried out; the case is closed."
            ),
        ),
        audiences: vec![Audience::Business, Audience::Mediator],
    }
}

fn withdraw(reason: Option<&str>, number: &str) -> ApiResult<Effect> {
    let reason = optional_text("reason", reason, 1000)?;
    Ok(Effect {
        entry: "withdrawn",
        payload: json!({ "reason": reason }),
        visibility: Visibility::Parties,
        notice: Text::new(
            format!("消费者撤回了投诉 {number}。"),
            format!("The consumer withdrew complaint {number}."),
        ),
        audiences: vec![Audience::Business, Audience::Intake],
    })
}

fn expired(active: &mut complaints::ActiveModel, kind: ActionKind, number: &str) -> Effect {
    let (entry, zh, en, audiences) = match kind {
        ActionKind::InfoRequestExpired => (
            "info_request_expired",
            format!("投诉 {number} 未在期限内补充材料，已不予受理。"),
            format!("Complaint {number} was not answered in time and is closed as rejected."),
            vec![Audience::Consumer, Audience::Intake],
        ),
        ActionKind::ReconciliationExpired => {
            active.business_missed_deadline = Set(true);
            active.pending_offer = Set(None);
            (
                "reconciliation_deadline_missed",
                format!("经营者未在和解期限内解决投诉 {number}，案件转入调解。"),
                format!(
                    "The business did not settle complaint {number} in time; it goes to mediation."
                ),
                vec![Audience::Consumer, Audience::Business, Audience::Mediator],
            )
        }
        ActionKind::MediationExpired => (
            "mediation_deadline_passed",
            format!("投诉 {number} 调解期限届满未达成协议，调解终止。"),
            format!("Mediation of complaint {number} ran out of time without agreement."),
            vec![Audience::Consumer, Audience::Business],
        ),
        _ => (
            "agreement_not_performed",
            format!("投诉 {number} 的协议未在期限内履行。"),
            format!("The agreement on complaint {number} was not carried out by its date."),
            vec![Audience::Consumer, Audience::Business, Audience::Mediator],
        ),
    };
    let payload = match kind {
        ActionKind::InfoRequestExpired => json!({ "reason": "insufficient_information" }),
        _ => json!({}),
    };
    Effect {
        entry,
        payload,
        visibility: Visibility::Parties,
        notice: Text::new(zh, en),
        audiences,
    }
}

fn reject(reason: &RejectReason, note: Option<&str>, number: &str) -> ApiResult<Effect> {
    let note = match reason {
        RejectReason::Other => Some(text_field("note", note.unwrap_or(""), 1000)?),
        _ => optional_text("note", note, 1000)?,
    };
    Ok(Effect {
        entry: "rejected",
        payload: json!({ "reason": reason, "note": note }),
        visibility: Visibility::Parties,
        notice: Text::new(
            format!("投诉 {number} 不予受理，请查看原因。"),
            format!("Complaint {number} was not accepted; see the reason."),
        ),
        audiences: vec![Audience::Consumer],
    })
}

async fn transfer(
    txn: &impl ConnectionTrait,
    complaint: &complaints::Model,
    active: &mut complaints::ActiveModel,
    target: Uuid,
    reason: &str,
    number: &str,
) -> ApiResult<Effect> {
    let reason = text_field("reason", reason, 500)?;
    let exists = associations::Entity::find_by_id(target)
        .one(txn)
        .await?
        .is_some();
    if !exists || target == complaint.association_id {
        return Err(ApiError::field(
            "association_id",
            "invalid_target",
            Text::new(
                "请选择另一个存在的消费者协会作为转办对象。",
                "Choose another existing association to transfer to.",
            ),
        ));
    }

    active.association_id = Set(target);
    active.mediator_id = Set(None);
    Ok(Effect {
        entry: "transferred",
        payload: json!({ "from": complaint.association_id, "to": target, "reason": reason }),
        visibility: Visibility::Parties,
        notice: Text::new(
            format!("投诉 {number} 已转交其他消费者协会办理。"),
            format!("Complaint {number} was transferred to another association."),
        ),
        audiences: vec![Audience::Consumer, Audience::Intake],
    })
}

fn accept_offer(
    complaint: &complaints::Model,
    active: &mut complaints::ActiveModel,
    number: &str,
    now: DateTime<Utc>,
) -> ApiResult<Effect> {
    let offer: Offer = complaint
        .pending_offer
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
        .ok_or_else(|| {
            ApiError::internal(anyhow::anyhow!("complaint {number} has no readable offer"))
        })?;
    let today = now.with_timezone(&china()).date_naive();
    if offer.perform_by < today {
        return Err(ApiError::conflict(Text::new(
            format!(
                "该和解方案承诺的履行日期（{}）已过，请经营者重新提出方案。",
                offer.perform_by
            ),
            format!(
                "The offer's date to carry it out by ({}) has passed; the business must make a new offer.",
                offer.perform_by
            ),
        )));
    }
    let agreement = Agreement {
        terms: offer.terms,
        amount_fen: offer.amount_fen,
        perform_by: offer.perform_by,
        reached_in: "reconciliation".to_owned(),
        reached_at: now,
    };
    active.agreement = Set(Some(to_json(&agreement)?));
    active.pending_offer = Set(None);
    Ok(Effect {
        entry: "offer_accepted",
        payload: serde_json::to_value(&agreement).map_err(ApiError::internal)?,
        visibility: Visibility::Parties,
        notice: Text::new(
            format!("消费者接受了投诉 {number} 的和解方案，请按约履行。"),
            format!(
                "The consumer accepted the offer on complaint {number}; carry it out as agreed."
            ),
        ),
        audiences: vec![Audience::Business],
    })
}

fn end_mediation(reason: MediationEnd, note: Option<&str>, number: &str) -> ApiResult<Effect> {
    let note = optional_text("note", note, 2000)?;
    let guidance = Text::new(
        "调解未成。您可以向市场监督管理部门投诉举报（12315），申请仲裁，或向人民法院提起诉讼。",
        "Mediation did not succeed. You may report to the market regulator (12315), apply for arbitration, or sue in a people's court.",
    );
    Ok(Effect {
        entry: "mediation_ended",
        payload: json!({ "reason": reason, "note": note, "guidance": { "zh": guidance.zh, "en": guidance.en } }),
        visibility: Visibility::Parties,
        notice: Text::new(
            format!("投诉 {number} 调解终止，请查看其他解决途径。"),
            format!("Mediation of complaint {number} ended; see the other routes open to you."),
        ),
        audiences: vec![Audience::Consumer, Audience::Business],
    })
}

fn rate(
    active: &mut complaints::ActiveModel,
    score: u8,
    comment: Option<&str>,
    number: &str,
) -> ApiResult<Effect> {
    let mut fields = Fields::default();
    if !(1..=5).contains(&score) {
        fields.push(
            "score",
            "out_of_range",
            Text::new("评分为 1 到 5。", "The score is 1 to 5."),
        );
    }
    let comment = optional_text("comment", comment, 1000)?;
    fields.finish()?;

    active.rating = Set(Some(i16::from(score)));
    active.rating_comment = Set(comment.clone());
    Ok(Effect {
        entry: "rated",
        payload: json!({ "score": score, "comment": comment }),
        visibility: Visibility::Parties,
        notice: Text::new(
            format!("消费者评价了投诉 {number}。"),
            format!("The consumer rated complaint {number}."),
        ),
        audiences: vec![Audience::Business],
    })
}

async fn attach_evidence(
    state: &AppState,
    txn: &impl ConnectionTrait,
    actor: Actor,
    complaint: Uuid,
    evidence: &[shared::EvidenceId],
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let Some(uploader) = actor.id else {
        return Ok(());
    };
    let attachment = Attachment {
        ids: evidence,
        uploader,
        complaint,
        case_limit: state.settings.max_case_evidence_bytes,
        field: "evidence",
    };
    attach::attach(txn, &attachment, now).await
}

fn check_amount(amount: Option<i64>) -> ApiResult<Option<i64>> {
    match amount {
        Some(fen) if !(0..=10_000_000_000).contains(&fen) => Err(ApiError::field(
            "amount_fen",
            "out_of_range",
            Text::new(
                "金额以分为单位，应在 0 到 100 亿分之间。",
                "The amount is in fen, between 0 and 10,000,000,000.",
            ),
        )),
        other => Ok(other),
    }
}

fn check_future_date(date: chrono::NaiveDate, now: DateTime<Utc>) -> ApiResult<chrono::NaiveDate> {
    let today = now.with_timezone(&china()).date_naive();
    if date < today || date > today + chrono::Duration::days(366) {
        return Err(ApiError::field(
            "perform_by",
            "out_of_range",
            Text::new(
                "履行日期应在今天到一年之内。",
                "The date to carry it out by must be between today and a year from now.",
            ),
        ));
    }
    Ok(date)
}

fn to_json(value: &impl serde::Serialize) -> ApiResult<String> {
    serde_json::to_string(value).map_err(ApiError::internal)
}
