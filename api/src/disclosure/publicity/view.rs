//! Listings as the public reads them: the business and association by name,
//! the cases by complaint number, the statements redacted, and nothing about
//! any consumer.

use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
use shared::publicity::{CasePublicityEntry, CasePublicityQuery, PublicityGround, PublicityStatus};
use shared::{AssociationId, BusinessId, CasePublicityId, Page};
use uuid::Uuid;

use crate::disclosure::{KnownNames, redact};
use crate::entities::{
    associations, businesses, case_publicity as listings, case_publicity_cases, complaints,
};
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;
use crate::organisations::routing;
use crate::pagination;

/// A business's listings, standing and lifted, newest first: for the public
/// business page.
pub async fn for_business(
    db: &impl ConnectionTrait,
    business_id: BusinessId,
) -> ApiResult<Vec<CasePublicityEntry>> {
    let rows = listings::Entity::find()
        .filter(listings::Column::BusinessId.eq(business_id.0))
        .order_by_desc(listings::Column::Id)
        .all(db)
        .await?;
    present_all(db, rows).await
}

/// One page of listings after the filters, newest first.
pub async fn page(
    db: &impl ConnectionTrait,
    query: &CasePublicityQuery,
) -> ApiResult<Page<CasePublicityEntry>> {
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode_id(query.cursor.as_deref())?;
    let region = region_prefix(db, query.region.as_deref()).await?;
    if let Some(business) = query.business_id {
        require_business(db, business).await?;
    }

    let mut select = listings::Entity::find();
    if let Some(business) = query.business_id {
        select = select.filter(listings::Column::BusinessId.eq(business.0));
    }
    if let Some(prefix) = region {
        let in_region = businesses::Entity::find()
            .select_only()
            .column(businesses::Column::Id)
            .filter(businesses::Column::RegionCode.starts_with(prefix))
            .into_query();
        select = select.filter(listings::Column::BusinessId.in_subquery(in_region));
    }
    select = match query.status {
        Some(PublicityStatus::Active) => select.filter(listings::Column::LiftedAt.is_null()),
        Some(PublicityStatus::Lifted) => select.filter(listings::Column::LiftedAt.is_not_null()),
        None => select,
    };
    if let Some(after) = after {
        select = select.filter(listings::Column::Id.lt(after));
    }
    let rows = select
        .order_by_desc(listings::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let (rows, next_cursor) = pagination::page(rows, limit, |row| row.id.to_string());

    Ok(Page {
        items: present_all(db, rows).await?,
        next_cursor,
    })
}

/// The complaints a listing names.
pub async fn case_ids(db: &impl ConnectionTrait, listing: Uuid) -> ApiResult<Vec<Uuid>> {
    let rows = case_publicity_cases::Entity::find()
        .filter(case_publicity_cases::Column::ListingId.eq(listing))
        .order_by_asc(case_publicity_cases::Column::ComplaintId)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|row| row.complaint_id).collect())
}

pub async fn present(
    db: &impl ConnectionTrait,
    row: listings::Model,
) -> ApiResult<CasePublicityEntry> {
    present_all(db, vec![row]).await?.pop().ok_or_else(|| {
        ApiError::internal(anyhow::anyhow!(
            "a presented case publicity listing went missing"
        ))
    })
}

/// The public views of these listings, in the same order, read in four
/// queries whatever their number.
async fn present_all(
    db: &impl ConnectionTrait,
    rows: Vec<listings::Model>,
) -> ApiResult<Vec<CasePublicityEntry>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    let business_ids: Vec<Uuid> = rows.iter().map(|row| row.business_id).collect();
    let association_ids: Vec<Uuid> = rows.iter().map(|row| row.association_id).collect();

    let business_names = business_names(db, &business_ids).await?;
    let association_names = association_names(db, &association_ids).await?;
    let mut numbers = complaint_numbers(db, &ids).await?;

    rows.into_iter()
        .map(|row| {
            let mut complaint_numbers = numbers.remove(&row.id).unwrap_or_default();
            complaint_numbers.sort();
            entry(row, &business_names, &association_names, complaint_numbers)
        })
        .collect()
}

fn entry(
    row: listings::Model,
    business_names: &HashMap<Uuid, String>,
    association_names: &HashMap<Uuid, String>,
    complaint_numbers: Vec<String>,
) -> ApiResult<CasePublicityEntry> {
    let ground = PublicityGround::parse(&row.ground).ok_or_else(|| {
        ApiError::internal(anyhow::anyhow!(
            "case publicity listing {} holds the unknown ground `{}`",
            row.id,
            row.ground
        ))
    })?;
    let status = match row.lifted_at {
        Some(_) => PublicityStatus::Lifted,
        None => PublicityStatus::Active,
    };
    Ok(CasePublicityEntry {
        id: CasePublicityId(row.id),
        business_id: BusinessId(row.business_id),
        business_name: business_names
            .get(&row.business_id)
            .cloned()
            .unwrap_or_default(),
        ground,
        statement: redacted(&row.statement),
        complaint_numbers,
        association_id: AssociationId(row.association_id),
        association_name: association_names
            .get(&row.association_id)
            .cloned()
            .unwrap_or_default(),
        status,
        listed_at: row.listed_at,
        lifted_at: row.lifted_at,
        lifting_statement: row.lifting_statement.as_deref().map(redacted),
    })
}

/// A statement as shown: checked when written, redacted again in case it was
/// written before the redactor learnt what it finds now.
fn redacted(statement: &str) -> String {
    redact(statement, &KnownNames::default()).text
}

async fn business_names(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> ApiResult<HashMap<Uuid, String>> {
    let found: Vec<(Uuid, String)> = businesses::Entity::find()
        .select_only()
        .column(businesses::Column::Id)
        .column(businesses::Column::Name)
        .filter(businesses::Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(found.into_iter().collect())
}

async fn association_names(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> ApiResult<HashMap<Uuid, String>> {
    let found: Vec<(Uuid, String)> = associations::Entity::find()
        .select_only()
        .column(associations::Column::Id)
        .column(associations::Column::Name)
        .filter(associations::Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(found.into_iter().collect())
}

/// The complaint numbers each listing names, by listing. Only the numbers
/// are read: nothing of the consumer leaves the database here.
async fn complaint_numbers(
    db: &impl ConnectionTrait,
    listings: &[Uuid],
) -> ApiResult<HashMap<Uuid, Vec<String>>> {
    let named = case_publicity_cases::Entity::find()
        .filter(case_publicity_cases::Column::ListingId.is_in(listings.iter().copied()))
        .all(db)
        .await?;
    let cases = case_publicity_cases::Entity::find()
        .select_only()
        .column(case_publicity_cases::Column::ComplaintId)
        .filter(case_publicity_cases::Column::ListingId.is_in(listings.iter().copied()))
        .into_query();
    let numbers: HashMap<Uuid, String> = complaints::Entity::find()
        .select_only()
        .column(complaints::Column::Id)
        .column(complaints::Column::Number)
        .filter(complaints::Column::Id.in_subquery(cases))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();

    let mut by_listing: HashMap<Uuid, Vec<String>> = HashMap::new();
    for row in named {
        if let Some(number) = numbers.get(&row.complaint_id) {
            by_listing
                .entry(row.listing_id)
                .or_default()
                .push(number.clone());
        }
    }
    Ok(by_listing)
}

/// The region code prefix that takes in the region at its level: two
/// digits for a province (`440000`), four for a city (`440300`), all six
/// for a county.
async fn region_prefix(
    db: &impl ConnectionTrait,
    region: Option<&str>,
) -> ApiResult<Option<String>> {
    let Some(code) = region.map(str::trim).filter(|code| !code.is_empty()) else {
        return Ok(None);
    };
    if !routing::region_exists(db, code).await? {
        return Err(ApiError::field(
            "region",
            "unknown_region",
            Text::new(
                "没有这个行政区划代码，请从 /regions 中选择（6 位数字）。",
                "No such region code; choose one from /regions (six digits).",
            ),
        ));
    }
    let prefix = if let Some(province) = code.strip_suffix("0000") {
        province
    } else if let Some(city) = code.strip_suffix("00") {
        city
    } else {
        code
    };
    Ok(Some(prefix.to_owned()))
}

async fn require_business(db: &impl ConnectionTrait, id: BusinessId) -> ApiResult<()> {
    let found = businesses::Entity::find_by_id(id.0).one(db).await?;
    if found.is_some() {
        return Ok(());
    }
    Err(ApiError::field(
        "business_id",
        "unknown_business",
        Text::new(
            "没有这个经营者，请检查经营者编号。",
            "No such business; check the business id.",
        ),
    ))
}
