//! The cases a listing names: each must be a complaint against the business,
//! handled by the listing association, in the state its ground requires,
//! and not listed on that ground already.

use std::collections::HashSet;

use sea_orm::{
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect, QueryTrait,
};
use shared::ComplaintId;
use shared::cases::MediationEnd;
use shared::complaints::{ComplaintState, Outcome};
use shared::publicity::PublicityGround;
use uuid::Uuid;

use crate::complaints::store;
use crate::complaints::view::wire_name;
use crate::entities::{
    businesses, case_publicity, case_publicity_cases, complaints, timeline_entries,
};
use crate::error::{ApiResult, Fields};
use crate::i18n::Text;

/// The most cases one listing names.
pub const MAX_CASES: usize = 100;

/// What a listing asks for.
pub struct Request<'a> {
    pub business: &'a businesses::Model,
    /// The association serving the business, which lists it.
    pub association: Uuid,
    pub ground: PublicityGround,
    pub ids: &'a [ComplaintId],
}

/// Locks and checks every case, recording each problem under
/// `complaint_ids[i]`; returns the cases that pass.
pub async fn check(
    txn: &DatabaseTransaction,
    fields: &mut Fields,
    request: &Request<'_>,
) -> ApiResult<Vec<complaints::Model>> {
    if !check_count(fields, request.ids.len()) {
        return Ok(Vec::new());
    }
    let listed = listed_already(txn, request).await?;

    let mut seen = HashSet::new();
    let mut passed = Vec::new();
    for (index, id) in request.ids.iter().enumerate() {
        let field = format!("complaint_ids[{index}]");
        if !seen.insert(id.0) {
            fields.push(&field, "duplicate", twice());
            continue;
        }
        let Some(case) = store::lock(txn, id.0).await? else {
            fields.push(&field, "not_found", no_such_case());
            continue;
        };
        match problem(txn, request, &case, listed.contains(&case.id)).await? {
            Some((code, message)) => fields.push(&field, code, message),
            None => passed.push(case),
        }
    }
    Ok(passed)
}

fn check_count(fields: &mut Fields, count: usize) -> bool {
    if count == 0 {
        fields.push(
            "complaint_ids",
            "required",
            Text::new(
                "请至少列出一件相关投诉。",
                "Name at least one case the listing is about.",
            ),
        );
        return false;
    }
    if count > MAX_CASES {
        fields.push(
            "complaint_ids",
            "too_many",
            Text::new(
                format!("一次公示最多列出 {MAX_CASES} 件投诉，请分几次公示。"),
                format!(
                    "One listing names at most {MAX_CASES} cases; split them over several listings."
                ),
            ),
        );
        return false;
    }
    true
}

/// What is wrong with one case, if anything.
async fn problem(
    txn: &DatabaseTransaction,
    request: &Request<'_>,
    case: &complaints::Model,
    listed: bool,
) -> ApiResult<Option<(&'static str, Text)>> {
    if case.business_id != request.business.id {
        return Ok(Some(("other_business", other_business())));
    }
    if case.association_id != request.association {
        return Ok(Some(("other_association", other_association())));
    }
    if !in_required_state(txn, request.ground, case).await? {
        return Ok(Some(("invalid_state", wrong_state(request.ground, case))));
    }
    if listed {
        return Ok(Some(("already_listed", listed_already_text(case))));
    }
    Ok(None)
}

/// `refused_mediation`: in mediation, or closed after it failed or the
/// business refused it. `agreement_not_performed`: closed `not_performed`.
async fn in_required_state(
    txn: &DatabaseTransaction,
    ground: PublicityGround,
    case: &complaints::Model,
) -> ApiResult<bool> {
    let closed = case.state == wire_name(ComplaintState::Closed);
    let outcome = case.outcome.as_deref();
    match ground {
        PublicityGround::AgreementNotPerformed => {
            Ok(closed && outcome == Some(wire_name(Outcome::NotPerformed).as_str()))
        }
        PublicityGround::RefusedMediation => {
            if case.state == wire_name(ComplaintState::Mediating)
                || (closed && outcome == Some(wire_name(Outcome::MediationFailed).as_str()))
            {
                return Ok(true);
            }
            Ok(closed && business_refused_mediation(txn, case.id).await?)
        }
    }
}

/// True when the case's timeline says that its mediation ended because the
/// business refused it.
async fn business_refused_mediation(txn: &DatabaseTransaction, case: Uuid) -> ApiResult<bool> {
    let ended = timeline_entries::Entity::find()
        .filter(timeline_entries::Column::ComplaintId.eq(case))
        .filter(timeline_entries::Column::Kind.eq("mediation_ended"))
        .all(txn)
        .await?;
    let refused = wire_name(MediationEnd::BusinessRefused);
    Ok(ended.iter().any(|entry| {
        serde_json::from_str::<serde_json::Value>(&entry.payload)
            .is_ok_and(|payload| payload["reason"] == refused.as_str())
    }))
}

/// The cases among these that a standing listing names on this ground.
async fn listed_already(
    txn: &DatabaseTransaction,
    request: &Request<'_>,
) -> ApiResult<HashSet<Uuid>> {
    let standing = case_publicity::Entity::find()
        .select_only()
        .column(case_publicity::Column::Id)
        .filter(case_publicity::Column::BusinessId.eq(request.business.id))
        .filter(case_publicity::Column::Ground.eq(request.ground.as_str()))
        .filter(case_publicity::Column::LiftedAt.is_null())
        .into_query();
    let rows = case_publicity_cases::Entity::find()
        .filter(case_publicity_cases::Column::ListingId.in_subquery(standing))
        .filter(case_publicity_cases::Column::ComplaintId.is_in(request.ids.iter().map(|id| id.0)))
        .all(txn)
        .await?;
    Ok(rows.into_iter().map(|row| row.complaint_id).collect())
}

fn twice() -> Text {
    Text::new(
        "这件投诉已在列表中出现过，请只列一次。",
        "This case is named twice; name it once.",
    )
}

fn no_such_case() -> Text {
    Text::new(
        "没有这件投诉，请检查投诉编号。",
        "No such complaint; check the id.",
    )
}

fn other_business() -> Text {
    Text::new(
        "这件投诉针对的不是该经营者，只能列出针对该经营者的投诉。",
        "This complaint is against another business; name only complaints against this one.",
    )
}

fn other_association() -> Text {
    Text::new(
        "这件投诉由其他消费者协会处理，只能列出本会处理的投诉。",
        "Another association handles this complaint; name only cases the listing association handles.",
    )
}

fn wrong_state(ground: PublicityGround, case: &complaints::Model) -> Text {
    let number = &case.number;
    let now = match &case.outcome {
        Some(outcome) => format!("{} ({outcome})", case.state),
        None => case.state.clone(),
    };
    match ground {
        PublicityGround::RefusedMediation => Text::new(
            format!(
                "投诉 {number} 当前为 {now}：以拒不配合调解公示的投诉须正在调解，或调解不成后已办结。"
            ),
            format!(
                "Complaint {number} is {now}: a case listed for refusing mediation must be in mediation, or closed after mediation failed."
            ),
        ),
        PublicityGround::AgreementNotPerformed => Text::new(
            format!(
                "投诉 {number} 当前为 {now}：以未履行协议公示的投诉须以“未履行”（not_performed）办结。"
            ),
            format!(
                "Complaint {number} is {now}: a case listed for an agreement not carried out must be closed with the outcome not_performed."
            ),
        ),
    }
}

fn listed_already_text(case: &complaints::Model) -> Text {
    let number = &case.number;
    Text::new(
        format!("投诉 {number} 已在该经营者以同一理由的有效公示中，撤销那条公示前不能再次列出。"),
        format!(
            "Complaint {number} is named already by a standing listing of this business on the same ground; lift that one before naming it again."
        ),
    )
}
