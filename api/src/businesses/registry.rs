//! Finding and creating business records.

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::businesses::{AliasKind, Business, BusinessAlias, Suspension};
use shared::validation::{CreditCodeError, SocialCreditCode, display_text};
use shared::{AssociationId, BusinessId, cases::BusinessChoice};
use uuid::Uuid;

use crate::accounts::store::is_unique_violation;
use crate::auth::Principal;
use crate::businesses::names;
use crate::entities::{business_aliases, businesses};
use crate::error::{ApiError, ApiResult, Fields};
use crate::i18n::Text;
use crate::organisations::routing;
use crate::policy::{Action, authorize};

/// A business named in a request, checked but not yet looked up.
#[derive(Clone, Debug)]
pub enum Named {
    Known(Uuid),
    New {
        name: String,
        credit_code: Option<SocialCreditCode>,
        region_code: String,
    },
}

/// Checks the business part of a request, recording problems under `prefix`.
pub async fn check_choice(
    db: &impl ConnectionTrait,
    fields: &mut Fields,
    prefix: &str,
    choice: &BusinessChoice,
) -> ApiResult<Option<Named>> {
    if let Some(id) = choice.id {
        let exists = businesses::Entity::find_by_id(id.0)
            .one(db)
            .await?
            .is_some();
        if !exists {
            fields.push(
                &format!("{prefix}.id"),
                "unknown_business",
                Text::new(
                    "没有这个经营者，请重新搜索或填写名称。",
                    "No such business; search again or give its name.",
                ),
            );
        }
        return Ok(exists.then_some(Named::Known(id.0)));
    }

    let name = fields.check(
        &format!("{prefix}.name"),
        display_text(choice.name.as_deref().unwrap_or(""), 200),
        Text::new(
            "名称不能包含控制字符。",
            "The name must not contain control characters.",
        ),
    );
    let credit_code = match choice.credit_code.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(code) => check_credit_code(fields, &format!("{prefix}.credit_code"), code).map(Some),
    };
    let region_code = check_region(
        db,
        fields,
        &format!("{prefix}.region_code"),
        choice.region_code.as_deref(),
    )
    .await?;

    Ok(match (name, credit_code, region_code) {
        (Some(name), Some(credit_code), Some(region_code)) => Some(Named::New {
            name,
            credit_code,
            region_code,
        }),
        _ => None,
    })
}

/// Checks that a region code is given and exists.
pub async fn check_region(
    db: &impl ConnectionTrait,
    fields: &mut Fields,
    field: &str,
    code: Option<&str>,
) -> ApiResult<Option<String>> {
    let code = code.unwrap_or("").trim();
    if code.is_empty() {
        fields.push(
            field,
            "required",
            Text::new("此项必填。", "This field is required."),
        );
        return Ok(None);
    }
    if !routing::region_exists(db, code).await? {
        fields.push(
            field,
            "unknown_region",
            Text::new(
                "没有这个行政区划代码，请从 /regions 中选择（6 位数字）。",
                "No such region code; choose one from /regions (six digits).",
            ),
        );
        return Ok(None);
    }
    Ok(Some(code.to_owned()))
}

/// Checks a unified social credit code, naming the wrong character when it can.
pub fn check_credit_code(fields: &mut Fields, field: &str, code: &str) -> Option<SocialCreditCode> {
    match SocialCreditCode::parse(code) {
        Ok(code) => Some(code),
        Err(error) => {
            fields.push(field, "invalid_credit_code", credit_code_message(error));
            None
        }
    }
}

fn credit_code_message(error: CreditCodeError) -> Text {
    match error {
        CreditCodeError::WrongLength(found) => Text::new(
            format!("统一社会信用代码应为 18 位，这里有 {found} 位。"),
            format!("A unified social credit code has 18 characters; this one has {found}."),
        ),
        CreditCodeError::BadCharacter(position) => Text::new(
            format!(
                "第 {position} 位字符不可能出现在统一社会信用代码中（不使用 I、O、S、V、Z），请核对。"
            ),
            format!(
                "Character {position} cannot appear in a unified social credit code (I, O, S, V and Z are never used); check it."
            ),
        ),
        CreditCodeError::CheckCharacter(expected) => Text::new(
            format!("校验位（第 18 位）不符：按前 17 位应为 {expected}，请核对代码是否抄错。"),
            format!(
                "The check character (the 18th) does not match: the first 17 give {expected}. Check the code for a typo."
            ),
        ),
    }
}

/// The record a complaint names: the known one, the one with the same credit
/// code, the uncoded one with the same name in the same region, or a new one.
pub async fn resolve(
    db: &impl ConnectionTrait,
    named: &Named,
    now: DateTime<Utc>,
) -> ApiResult<businesses::Model> {
    let (name, credit_code, region_code) = match named {
        Named::Known(id) => {
            let found = locked(db, *id)
                .await?
                .ok_or_else(|| ApiError::not_found("经营者", "business"))?;
            return follow(db, found).await;
        }
        Named::New {
            name,
            credit_code,
            region_code,
        } => (name, credit_code, region_code),
    };

    if let Some(existing) = find_same(db, name, credit_code.as_ref(), region_code).await? {
        return follow(db, existing).await;
    }
    insert_if_absent(db, name, credit_code.as_ref(), region_code, now).await?;
    let found = find_same(db, name, credit_code.as_ref(), region_code)
        .await?
        .ok_or_else(|| {
            ApiError::internal(anyhow::anyhow!(
                "a business inserted or found a moment ago is gone"
            ))
        })?;
    follow(db, found).await
}

/// The record a merged one points to; any other record itself. Merges only
/// go into coded records, which are never merged, so one step is enough.
async fn follow(
    db: &impl ConnectionTrait,
    record: businesses::Model,
) -> ApiResult<businesses::Model> {
    let Some(target) = record.merged_into else {
        return Ok(record);
    };
    locked(db, target).await?.ok_or_else(|| {
        ApiError::internal(anyhow::anyhow!(
            "business {} was merged into {target}, which is gone",
            record.id
        ))
    })
}

/// Reads a business and, on PostgreSQL, holds it against a concurrent merge
/// until the transaction ends (`FOR SHARE`): a complaint filed while its
/// business is being merged then either moves with the merge or sees it.
async fn locked(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<businesses::Model>> {
    Ok(crate::db::for_share(businesses::Entity::find_by_id(id), db)
        .one(db)
        .await?)
}

/// Inserts the record unless one with the same code (or, uncoded, the same
/// name and region) exists. `ON CONFLICT DO NOTHING` keeps a concurrent
/// filing's transaction alive where a unique violation would abort it.
async fn insert_if_absent(
    db: &impl ConnectionTrait,
    name: &str,
    credit_code: Option<&SocialCreditCode>,
    region_code: &str,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let model = new_record(name, credit_code, region_code, now);
    businesses::Entity::insert(model)
        .on_conflict(OnConflict::new().do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The record a checked business choice names, when it exists already.
pub async fn existing(
    db: &impl ConnectionTrait,
    named: &Named,
) -> ApiResult<Option<businesses::Model>> {
    match named {
        Named::Known(id) => Ok(businesses::Entity::find_by_id(*id).one(db).await?),
        Named::New {
            name,
            credit_code,
            region_code,
        } => find_same(db, name, credit_code.as_ref(), region_code).await,
    }
}

async fn find_same(
    db: &impl ConnectionTrait,
    name: &str,
    credit_code: Option<&SocialCreditCode>,
    region_code: &str,
) -> ApiResult<Option<businesses::Model>> {
    let select = match credit_code {
        Some(code) => {
            businesses::Entity::find().filter(businesses::Column::CreditCode.eq(code.as_str()))
        }
        None => businesses::Entity::find()
            .filter(businesses::Column::Name.eq(name))
            .filter(businesses::Column::RegionCode.eq(region_code))
            .filter(businesses::Column::CreditCode.is_null()),
    };
    Ok(crate::db::for_share(select, db).one(db).await?)
}

/// Inserts a business; a concurrent insert of the same code wins and is returned.
pub async fn insert(
    db: &impl ConnectionTrait,
    name: &str,
    credit_code: Option<&SocialCreditCode>,
    region_code: &str,
    now: DateTime<Utc>,
) -> ApiResult<businesses::Model> {
    let model = new_record(name, credit_code, region_code, now);
    match businesses::Entity::insert(model)
        .exec_with_returning(db)
        .await
    {
        Ok(created) => Ok(created),
        Err(error) if is_unique_violation(&error) => Err(ApiError::conflict(Text::new(
            "已有经营者使用这个统一社会信用代码，请直接选择它。",
            "A business with this unified social credit code exists already; choose it instead.",
        ))),
        Err(error) => Err(error.into()),
    }
}

fn new_record(
    name: &str,
    credit_code: Option<&SocialCreditCode>,
    region_code: &str,
    now: DateTime<Utc>,
) -> businesses::ActiveModel {
    businesses::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(name.to_owned()),
        credit_code: Set(credit_code.map(|c| c.as_str().to_owned())),
        region_code: Set(region_code.to_owned()),
        member: Set(false),
        member_since: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        service_contacts: Set(None),
        name_key: Set(Some(names::fold(name))),
        merged_into: Set(None),
        merged_at: Set(None),
        suspended_at: Set(None),
        suspension_reason: Set(None),
    }
}

/// The business, or 404.
pub async fn find(db: &impl ConnectionTrait, id: BusinessId) -> ApiResult<businesses::Model> {
    businesses::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("经营者", "business"))
}

/// The business and the association serving its region, once the caller
/// may take `action` for that association (`Action::ManageBusiness`, …) and
/// the record is current, not merged into another.
pub async fn authorize_serving(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: BusinessId,
    action: impl FnOnce(AssociationId) -> Action,
) -> ApiResult<(businesses::Model, AssociationId)> {
    let business = find(db, id).await?;
    let serving = AssociationId(routing::serving(db, &business.region_code).await?.id);
    authorize(principal, action(serving))?;
    refuse_merged(&business)?;
    Ok((business, serving))
}

/// Refuses to change a record that was merged into another: its complaints,
/// names and future filings live on that one now.
pub fn refuse_merged(business: &businesses::Model) -> ApiResult<()> {
    match business.merged_into {
        None => Ok(()),
        Some(target) => Err(ApiError::conflict(Text::new(
            format!("这条记录已并入经营者 {target}，请对那条记录操作。"),
            format!("This record was merged into business {target}; work on that one."),
        ))),
    }
}

/// The public view of a business, with its other names.
pub async fn present(db: &impl ConnectionTrait, model: businesses::Model) -> ApiResult<Business> {
    let mut all = present_all(db, vec![model]).await?;
    all.pop()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("a presented business went missing")))
}

/// The public views of several businesses, their aliases read in one query.
pub async fn present_all(
    db: &impl ConnectionTrait,
    models: Vec<businesses::Model>,
) -> ApiResult<Vec<Business>> {
    let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
    let mut aliases = business_aliases::Entity::find()
        .filter(business_aliases::Column::BusinessId.is_in(ids))
        .order_by_asc(business_aliases::Column::CreatedAt)
        .order_by_asc(business_aliases::Column::Id)
        .all(db)
        .await?;

    Ok(models
        .into_iter()
        .map(|model| {
            let own = aliases
                .extract_if(.., |alias| alias.business_id == model.id)
                .map(alias_view)
                .collect();
            view(model, own)
        })
        .collect())
}

pub fn alias_view(row: business_aliases::Model) -> BusinessAlias {
    BusinessAlias {
        id: row.id,
        kind: AliasKind::parse(&row.kind).unwrap_or(AliasKind::Brand),
        name: row.name,
    }
}

fn view(model: businesses::Model, aliases: Vec<BusinessAlias>) -> Business {
    Business {
        id: BusinessId(model.id),
        name: model.name,
        credit_code: model.credit_code,
        region_code: model.region_code,
        member: model.member,
        member_since: model.member_since,
        service_contacts: model
            .service_contacts
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok()),
        aliases,
        merged_into: model.merged_into.map(BusinessId),
        suspended: model.suspended_at.map(|since| Suspension {
            reason: model.suspension_reason.unwrap_or_default(),
            since,
        }),
    }
}
