//! Filing a complaint: check every field, route it to an association, give
//! it a number, and write it with its first timeline entry, its acceptance
//! deadline and its evidence in one transaction.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{ConnectionTrait, DatabaseTransaction, EntityTrait};
use serde_json::json;
use shared::OutletId;
use shared::cases::{Channel, Demand, FileComplaintRequest, Visibility};
use shared::complaints::{ComplaintState, DeadlineKind};
use shared::validation::{display_text, free_text};
use uuid::Uuid;

use crate::auth::Principal;
use crate::businesses::outlets;
use crate::businesses::registry::{self, Named};
use crate::complaints::audience;
use crate::complaints::timeline::{self, NewEntry};
use crate::complaints::view::{StoredDemands, wire_name};
use crate::complaints::{idempotency, numbers};
use crate::deadlines::calendar::china;
use crate::deadlines::{Deadline, store as deadlines};
use crate::entities::{associations, categories, complaints, natures};
use crate::error::{ApiError, ApiResult, Fields};
use crate::evidence::attach::{self, Attachment};
use crate::i18n::Text;
use crate::notifications::{Notice, notify};
use crate::organisations::routing;
use crate::state::AppState;

/// Largest amount accepted, in fen: one hundred million yuan.
const MAX_AMOUNT_FEN: i64 = 10_000_000_000;

/// A filing whose fields all passed their checks.
pub struct Checked {
    business: Named,
    outlet: Option<Uuid>,
    region_code: String,
    demands: StoredDemands,
    order_number: Option<String>,
    channel_platform: Option<String>,
    description: String,
    route: Option<Route>,
}

/// Where the complaint goes, read with the checks so that filing's
/// transaction, which holds SQLite's one write lock, only writes: the
/// association serving the business's region and its intake officers.
/// `None` when the business is new or unknown; filing then reads them in the
/// transaction, as it does when the business's region has changed meanwhile.
struct Route {
    region_code: String,
    association: associations::Model,
    intake: Vec<Uuid>,
}

/// What filing produced: the new complaint, or the one an earlier request
/// with the same idempotency key created.
pub enum Filed {
    New(complaints::Model),
    Replayed(complaints::Model),
}

/// Checks every field and reports all problems at once.
pub async fn check(state: &AppState, body: &FileComplaintRequest) -> ApiResult<Checked> {
    let db = &state.db;
    let mut fields = Fields::default();
    let business = registry::check_choice(db, &mut fields, "business", &body.business).await?;
    let outlet = check_outlet(db, &mut fields, business.as_ref(), body.outlet_id).await?;
    let region_code =
        registry::check_region(db, &mut fields, "region_code", Some(&body.region_code)).await?;
    check_taxonomy(db, &mut fields, body).await?;
    check_purchase(&mut fields, body, state.clock.now());
    let order_number = optional_text(
        &mut fields,
        "order_number",
        body.order_number.as_deref(),
        64,
    );
    let channel_platform = check_channel(&mut fields, body);
    let description = fields.check(
        "description",
        free_text(&body.description, 20, 5000),
        Text::new(
            "描述不能包含不可见的控制字符。",
            "The description must not contain hidden control characters.",
        ),
    );
    let demands = check_demands(&mut fields, body);
    fields.finish()?;

    match (business, region_code, description, demands) {
        (Some(business), Some(region_code), Some(description), Some(demands)) => Ok(Checked {
            route: route(db, &business).await?,
            business,
            outlet,
            region_code,
            demands,
            order_number,
            channel_platform,
            description,
        }),
        _ => Err(ApiError::internal(anyhow::anyhow!(
            "checked filing fields went missing"
        ))),
    }
}

async fn route(db: &impl ConnectionTrait, business: &Named) -> ApiResult<Option<Route>> {
    let Some(business) = registry::existing(db, business).await? else {
        return Ok(None);
    };

    let association = routing::serving(db, &business.region_code).await?;
    let intake = audience::intake(db, association.id).await?;
    Ok(Some(Route {
        region_code: business.region_code,
        association,
        intake,
    }))
}

/// The outlet the complaint names: an open outlet of the chosen business,
/// or of the business a chosen merged record was merged into. Nothing is
/// checked while the business itself is wrong.
async fn check_outlet(
    db: &impl ConnectionTrait,
    fields: &mut Fields,
    business: Option<&Named>,
    outlet: Option<OutletId>,
) -> ApiResult<Option<Uuid>> {
    let (Some(outlet), Some(business)) = (outlet, business) else {
        return Ok(None);
    };
    let owner = registry::existing(db, business).await?;
    let found = outlets::find(db, outlet).await?;
    let fits = match (owner, found) {
        (Some(owner), Some(found)) => {
            let business = owner.merged_into.unwrap_or(owner.id);
            found.business_id == business && found.active
        }
        _ => false,
    };
    if fits {
        return Ok(Some(outlet.0));
    }
    fields.push(
        "outlet_id",
        "unknown_outlet",
        Text::new(
            "这个经营者没有该网点或网点已关闭，请从经营者的网点列表中选择，或不填网点。",
            "The business has no such open outlet; choose one from the business's outlets, or leave it out.",
        ),
    );
    Ok(None)
}

async fn check_taxonomy(
    db: &impl ConnectionTrait,
    fields: &mut Fields,
    body: &FileComplaintRequest,
) -> ApiResult<()> {
    let category = categories::Entity::find_by_id(body.category_code.clone())
        .one(db)
        .await?;
    if category.is_none() {
        fields.push(
            "category_code",
            "unknown_category",
            Text::new(
                "没有这个投诉类别，请从 /categories 中选择。",
                "No such category; choose one from /categories.",
            ),
        );
    }
    let nature = natures::Entity::find_by_id(body.nature_code.clone())
        .one(db)
        .await?;
    if nature.is_none() {
        fields.push(
            "nature_code",
            "unknown_nature",
            Text::new(
                "没有这个投诉性质，请从 /natures 中选择。",
                "No such nature; choose one from /natures.",
            ),
        );
    }
    Ok(())
}

fn check_purchase(fields: &mut Fields, body: &FileComplaintRequest, now: DateTime<Utc>) {
    let today = now.with_timezone(&china()).date_naive();
    let earliest = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or(NaiveDate::MIN);
    if let Some(date) = body.purchase_date
        && (date > today || date < earliest)
    {
        fields.push(
            "purchase_date",
            "out_of_range",
            Text::new(
                "购买日期不能晚于今天，也不能早于 1990 年。",
                "The purchase date cannot be after today or before 1990.",
            ),
        );
    }
    if let Some(amount) = body.amount_fen
        && !(0..=MAX_AMOUNT_FEN).contains(&amount)
    {
        fields.push(
            "amount_fen",
            "out_of_range",
            Text::new(
                "金额以分为单位，应在 0 到 100 亿分（1 亿元）之间。",
                "The amount is in fen and must be between 0 and 10,000,000,000 (100 million yuan).",
            ),
        );
    }
}

fn check_channel(fields: &mut Fields, body: &FileComplaintRequest) -> Option<String> {
    let platform = optional_text(
        fields,
        "channel_platform",
        body.channel_platform.as_deref(),
        100,
    );
    let given = body
        .channel_platform
        .as_deref()
        .is_some_and(|p| !p.trim().is_empty());
    if body.channel == Channel::OnlinePlatform && !given {
        fields.push(
            "channel_platform",
            "required",
            Text::new("网购请填写平台名称。", "Name the online platform."),
        );
    }
    platform
}

fn check_demands(fields: &mut Fields, body: &FileComplaintRequest) -> Option<StoredDemands> {
    let mut demands = body.demands.clone();
    demands.sort();
    demands.dedup();
    if demands.is_empty() {
        fields.push(
            "demands",
            "required",
            Text::new("请至少选择一项诉求。", "Choose at least one demand."),
        );
    }

    let wants_other = demands.contains(&Demand::Other);
    let other = match (wants_other, body.other_demand.as_deref()) {
        (true, text) => fields.check(
            "other_demand",
            free_text(text.unwrap_or(""), 1, 500),
            Text::new(
                "诉求说明不能包含控制字符。",
                "The demand must not contain control characters.",
            ),
        ),
        (false, Some(text)) if !text.trim().is_empty() => {
            fields.push(
                "other_demand",
                "unexpected",
                Text::new(
                    "只有选择“其他”诉求时才填写说明。",
                    "Describe a demand only when you choose `other`.",
                ),
            );
            None
        }
        (false, _) => None,
    };
    (!demands.is_empty() && (other.is_some() || !wants_other))
        .then_some(StoredDemands { demands, other })
}

fn optional_text(
    fields: &mut Fields,
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Option<String> {
    match value.map(str::trim) {
        None | Some("") => None,
        Some(text) => fields.check(
            field,
            display_text(text, max),
            Text::new("不能包含控制字符。", "Must not contain control characters."),
        ),
    }
}

/// Writes the complaint. With an idempotency key, a repeat of an earlier
/// request returns that request's complaint instead.
pub async fn file(
    state: &AppState,
    principal: &Principal,
    body: &FileComplaintRequest,
    checked: Checked,
    key: Option<&idempotency::Key>,
) -> ApiResult<Filed> {
    let now = state.clock.now();
    // The caller has looked the key up. A concurrent request with the same
    // key is caught when the key is remembered, and answered as a replay.
    let txn = state.writer.begin().await?;
    let filer = Filer {
        consumer: principal.user_id.0,
        actor: principal.user_id.0,
        actor_role: "consumer",
        enquiry: None,
    };
    let complaint = insert(state, &txn, &filer, body, &checked, now).await?;
    if let Some(key) = key
        && !idempotency::remember(&txn, principal, key, complaint.id, now).await?
    {
        txn.rollback().await?;
        return replay_after_race(state, principal, key).await;
    }
    let recipients = announce(&txn, &complaint, &checked, now).await?;
    txn.commit().await?;
    state.events.wake(&recipients);
    tracing::info!(complaint = %complaint.number, consumer = %principal.user_id, association = %complaint.association_id, "complaint filed");
    Ok(Filed::New(complaint))
}

/// Tells the consumer and the association's intake officers that the
/// complaint was filed; returns whom to wake after the commit.
pub async fn announce(
    txn: &DatabaseTransaction,
    complaint: &complaints::Model,
    checked: &Checked,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Uuid>> {
    let mut recipients = match &checked.route {
        Some(route) if route.association.id == complaint.association_id => route.intake.clone(),
        _ => audience::intake(txn, complaint.association_id).await?,
    };
    recipients.push(complaint.consumer_id);
    let notice = Notice {
        complaint_id: Some(complaint.id),
        kind: "complaint_filed",
        title: Text::new(
            format!("投诉 {} 已提交，等待受理。", complaint.number),
            format!(
                "Complaint {} was filed and awaits acceptance.",
                complaint.number
            ),
        ),
    };
    notify(txn, &recipients, &notice, now).await?;
    Ok(recipients)
}

/// Whose complaint it is, and who filed it: the consumer, or a staff
/// member filing it for them from an enquiry.
pub struct Filer {
    pub consumer: Uuid,
    pub actor: Uuid,
    /// `consumer` or `association`, as the timeline records it.
    pub actor_role: &'static str,
    /// The enquiry the complaint came from.
    pub enquiry: Option<Uuid>,
}

/// A concurrent request with the same key committed first: answer with its complaint.
async fn replay_after_race(
    state: &AppState,
    principal: &Principal,
    key: &idempotency::Key,
) -> ApiResult<Filed> {
    let earlier = idempotency::earlier(&state.db, principal, key, state.clock.now()).await?;
    earlier
        .map(Filed::Replayed)
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("idempotency key vanished after a race")))
}

/// Writes a checked complaint with its first timeline entry, evidence and
/// acceptance deadline.
pub async fn insert(
    state: &AppState,
    txn: &DatabaseTransaction,
    filer: &Filer,
    body: &FileComplaintRequest,
    checked: &Checked,
    now: DateTime<Utc>,
) -> ApiResult<complaints::Model> {
    let business = registry::resolve(txn, &checked.business, now).await?;
    // The outlet only says which branch the complaint is about: the case goes
    // to the association of the business's own region, so that one team of
    // the business handles the complaints of all its outlets.
    let association = match &checked.route {
        Some(route) if route.region_code == business.region_code => route.association.clone(),
        _ => routing::serving(txn, &business.region_code).await?,
    };
    let number = numbers::next(txn, now).await?;
    let demands = serde_json::to_string(&checked.demands).map_err(ApiError::internal)?;
    let id = Uuid::now_v7();
    let mut entry = NewEntry {
        kind: "filed",
        actor_id: Some(filer.actor),
        actor_role: filer.actor_role,
        visibility: Visibility::Parties,
        payload: json!({
            "number": number.as_str(),
            "association_id": association.id,
            "business_id": business.id,
            "outlet_id": checked.outlet,
            "evidence": body.evidence,
        }),
    };
    if let Some(enquiry) = filer.enquiry {
        entry.payload["enquiry_id"] = json!(enquiry);
    }
    let first = timeline::first(id, entry, now);

    let model = complaints::ActiveModel {
        id: Set(id),
        number: Set(number.as_str().to_owned()),
        consumer_id: Set(filer.consumer),
        business_id: Set(business.id),
        outlet_id: Set(checked.outlet),
        association_id: Set(association.id),
        region_code: Set(checked.region_code.clone()),
        category_code: Set(body.category_code.clone()),
        nature_code: Set(body.nature_code.clone()),
        purchase_date: Set(body.purchase_date),
        amount_fen: Set(body.amount_fen),
        order_number: Set(checked.order_number.clone()),
        channel: Set(body.channel.as_str().to_owned()),
        channel_platform: Set(checked.channel_platform.clone()),
        description: Set(checked.description.clone()),
        demands: Set(demands),
        consent_to_publish: Set(body.consent_to_publish),
        state: Set(wire_name(ComplaintState::Submitted)),
        outcome: Set(None),
        business_was_member: Set(crate::businesses::membership::reconciles(&business)),
        business_missed_deadline: Set(false),
        pending_offer: Set(None),
        agreement: Set(None),
        mediator_id: Set(None),
        rating: Set(None),
        rating_comment: Set(None),
        version: Set(1),
        timeline_head: Set(Some(first.hash.clone())),
        timeline_length: Set(first.sequence),
        filed_at: Set(now),
        accepted_at: Set(None),
        updated_at: Set(now),
        closed_at: Set(None),
        published_at: Set(None),
        unpublished_at: Set(None),
        consent_withdrawn_at: Set(None),
        public_description: Set(None),
        group_id: Set(None),
    };
    let complaint = complaints::Entity::insert(model)
        .exec_with_returning(txn)
        .await?;

    attach::attach(
        txn,
        &Attachment {
            ids: &body.evidence,
            uploader: filer.consumer,
            complaint: complaint.id,
            case_limit: state.settings.max_case_evidence_bytes,
            field: "evidence",
        },
        now,
    )
    .await?;
    timeline::insert(txn, first).await?;
    start_acceptance(state, txn, &complaint, &association, now).await?;
    Ok(complaint)
}

/// Starts the association's acceptance clock (used again on transfer).
pub async fn start_acceptance(
    state: &AppState,
    db: &impl ConnectionTrait,
    complaint: &complaints::Model,
    association: &associations::Model,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let days = u32::try_from(association.acceptance_days).unwrap_or(7);
    let deadline = Deadline::start(DeadlineKind::Acceptance, &state.calendar, now, days);
    deadlines::start(db, complaint.id, &deadline).await?;
    Ok(())
}
