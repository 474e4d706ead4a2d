//! `GET /public/rankings`: businesses ranked by their complaint-handling
//! index over a period, optionally within an industry (a complaint
//! category) and a region. Only businesses with enough accepted complaints
//! are ranked. Public.
//!
//! One aggregate query counts every business in scope; the index and the
//! order are computed here, so a page is a slice of the whole ranking.

use std::cmp::Reverse;
use std::collections::HashMap;

use actix_web::{get, web};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use shared::records::{RankedBusiness, Ranking, RankingOrder, RankingQuery};
use shared::{BusinessId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::businesses::handling::{self, Period, Scope, Tally};
use crate::businesses::handling_index;
use crate::deadlines::calendar::china;
use crate::entities::{businesses, categories};
use crate::error::{ApiResult, Fields};
use crate::http::Query;
use crate::i18n::Text;
use crate::organisations::routing;
use crate::pagination;
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config.service(get_rankings);
}

/// Businesses ranked by the complaint-handling index. Public.
///
/// Ties are broken by more accepted complaints first, then by business id.
/// `rank` counts from the top of the whole ranking.
#[utoipa::path(
    tag = "public",
    params(RankingQuery),
    responses(
        (status = 200, description = "One page of the ranking", body = Ranking),
        (status = 422, description = "An invalid period, industry, region, order, limit or cursor (the parameter is named)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/rankings")]
async fn get_rankings(
    state: web::Data<AppState>,
    query: Query<RankingQuery>,
) -> ApiResult<web::Json<Ranking>> {
    let limit = pagination::limit(query.limit)?;
    let after = pagination::decode(query.cursor.as_deref())?
        .map(|key| Cursor::parse(&key))
        .transpose()?;
    let today = state.clock.now().with_timezone(&china()).date_naive();
    let period = Period::requested(query.period_from, query.period_to, today, "period_from")?;
    let min_cases = state.settings.index_min_cases;
    let scope = scope(&state.db, &query, min_cases).await?;

    let tallies = handling::tallies(&state.db, &scope, period).await?;
    let order = query.order.unwrap_or_default();
    let ranked = rank(tallies, min_cases, order);
    let (page, next) = page_after(ranked, after, limit, order);
    let items = present(&state.db, page).await?;

    Ok(web::Json(Ranking {
        period_from: period.from.unwrap_or(period.to),
        period_to: period.to,
        index_min_cases: min_cases,
        items,
        next_cursor: next.map(|cursor| pagination::encode(&cursor.to_string())),
    }))
}

/// The complaints a ranking counts, every invalid parameter reported at once.
async fn scope(
    db: &impl ConnectionTrait,
    query: &RankingQuery,
    min_cases: u64,
) -> ApiResult<Scope> {
    let mut fields = Fields::default();
    let category = given(query.industry.as_deref());
    if let Some(code) = category
        && categories::Entity::find_by_id(code.to_owned())
            .one(db)
            .await?
            .is_none()
    {
        fields.push(
            "industry",
            "unknown_category",
            Text::new(
                "没有这个投诉类别，请从 /categories 中选择。",
                "No such category; choose one from /categories.",
            ),
        );
    }
    let region = given(query.region.as_deref());
    if let Some(code) = region
        && !routing::region_exists(db, code).await?
    {
        fields.push(
            "region",
            "unknown_region",
            Text::new(
                "没有这个行政区划代码，请从 /regions 中选择（6 位数字）。",
                "No such region code; choose one from /regions (six digits).",
            ),
        );
    }
    fields.finish()?;

    Ok(Scope {
        business: None,
        region_prefix: region.and_then(region_prefix),
        category: category.map(str::to_owned),
        min_cases,
    })
}

fn given(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// The start every business region code in `code` shares: a province's
/// two digits (`440000`), a city's four (`440300`), or a district's six.
/// The whole country (`000000`) filters nothing.
fn region_prefix(code: &str) -> Option<String> {
    if code == crate::organisations::regions::NATIONAL_REGION {
        None
    } else if let Some(province) = code.strip_suffix("0000") {
        Some(province.to_owned())
    } else if let Some(city) = code.strip_suffix("00") {
        Some(city.to_owned())
    } else {
        Some(code.to_owned())
    }
}

/// A ranked business before its name is read.
#[derive(Clone, Copy, Debug)]
struct Place {
    tally: Tally,
    /// The index in tenths, as shown.
    tenths: i64,
}

impl Place {
    fn cursor(&self) -> Cursor {
        Cursor {
            tenths: self.tenths,
            received: self.tally.received,
            id: self.tally.business_id,
        }
    }
}

/// Where a page ended: the last business's index, case count and id.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Cursor {
    tenths: i64,
    received: u64,
    id: Uuid,
}

impl Cursor {
    fn parse(key: &str) -> ApiResult<Self> {
        let mut parts = key.splitn(3, ':');
        let parsed = (|| {
            Some(Cursor {
                tenths: parts
                    .next()?
                    .parse()
                    .ok()
                    .filter(|t| (0..=1000).contains(t))?,
                received: parts.next()?.parse().ok()?,
                id: parts.next()?.parse().ok()?,
            })
        })();
        parsed.ok_or_else(pagination::invalid_cursor)
    }

    /// The sort key: ascending keys are the ranking's order.
    fn key(&self, order: RankingOrder) -> (i64, Reverse<u64>, Uuid) {
        let index = match order {
            RankingOrder::Best => -self.tenths,
            RankingOrder::Worst => self.tenths,
        };
        (index, Reverse(self.received), self.id)
    }
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.tenths, self.received, self.id)
    }
}

/// The businesses that have an index, in the ranking's order.
fn rank(tallies: Vec<Tally>, min_cases: u64, order: RankingOrder) -> Vec<Place> {
    let mut places: Vec<Place> = tallies
        .into_iter()
        .filter_map(|tally| {
            let index = handling_index::index(&tally, min_cases).ok()?;
            Some(Place {
                tally,
                tenths: (index * 10.0).round() as i64,
            })
        })
        .collect();
    places.sort_by_key(|place| place.cursor().key(order));
    places
}

/// The page after `after`, each with its rank, and the cursor of the next.
fn page_after(
    ranked: Vec<Place>,
    after: Option<Cursor>,
    limit: u64,
    order: RankingOrder,
) -> (Vec<(u64, Place)>, Option<Cursor>) {
    let start = after.map_or(0, |after| {
        ranked.partition_point(|place| place.cursor().key(order) <= after.key(order))
    });
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let page: Vec<(u64, Place)> = ranked
        .iter()
        .enumerate()
        .skip(start)
        .take(limit)
        .map(|(position, place)| (position as u64 + 1, *place))
        .collect();
    let next = (start + page.len() < ranked.len())
        .then(|| page.last().map(|(_, place)| place.cursor()))
        .flatten();
    (page, next)
}

/// The page's rows with the businesses' names and regions, read in one query.
async fn present(
    db: &impl ConnectionTrait,
    page: Vec<(u64, Place)>,
) -> ApiResult<Vec<RankedBusiness>> {
    let ids: Vec<Uuid> = page
        .iter()
        .map(|(_, place)| place.tally.business_id)
        .collect();
    let found: HashMap<Uuid, businesses::Model> = businesses::Entity::find()
        .filter(businesses::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|business| (business.id, business))
        .collect();

    Ok(page
        .into_iter()
        .filter_map(|(rank, place)| {
            let business = found.get(&place.tally.business_id)?;
            Some(RankedBusiness {
                rank,
                business_id: BusinessId(business.id),
                name: business.name.clone(),
                region_code: business.region_code.clone(),
                index: place.tenths as f64 / 10.0,
                received: place.tally.received,
                rates: handling_index::rates(&place.tally),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_code_filters_by_its_level() {
        assert_eq!(region_prefix("440000").as_deref(), Some("44"));
        assert_eq!(region_prefix("440300").as_deref(), Some("4403"));
        assert_eq!(region_prefix("440305").as_deref(), Some("440305"));
        assert_eq!(region_prefix("000000"), None);
    }

    fn place(tenths: i64, received: u64, id: u128) -> Place {
        Place {
            tally: Tally {
                business_id: Uuid::from_u128(id),
                received,
                ..Tally::default()
            },
            tenths,
        }
    }

    #[test]
    fn ties_go_to_more_cases_then_to_the_lower_id_and_pages_continue_after_the_cursor() {
        let mut places = vec![
            place(800, 10, 3),
            place(900, 10, 1),
            place(800, 12, 4),
            place(800, 10, 2),
        ];
        places.sort_by_key(|p| p.cursor().key(RankingOrder::Best));

        let (first, next) = page_after(places.clone(), None, 2, RankingOrder::Best);
        let (second, last) = page_after(places, next, 2, RankingOrder::Best);

        let ids = |page: &[(u64, Place)]| -> Vec<(u64, u128)> {
            page.iter()
                .map(|(rank, p)| (*rank, p.tally.business_id.as_u128()))
                .collect()
        };
        assert_eq!(ids(&first), vec![(1, 1), (2, 4)]);
        assert_eq!(ids(&second), vec![(3, 2), (4, 3)]);
        assert_eq!(last, None);
    }

    #[test]
    fn a_cursor_round_trips_and_a_forged_one_is_refused() {
        let cursor = place(735, 11, 9).cursor();

        assert_eq!(Cursor::parse(&cursor.to_string()).unwrap(), cursor);
        assert!(Cursor::parse("1001:3:00000000-0000-0000-0000-000000000009").is_err());
        assert!(Cursor::parse("735:x").is_err());
    }
}
