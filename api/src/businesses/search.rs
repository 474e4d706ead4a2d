//! Name search for the filing form and the public: part of a name or alias,
//! or a full credit code. Matches that start with the query rank first.

use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::businesses::names;
use crate::entities::{business_aliases, businesses};
use crate::error::ApiResult;
use crate::pagination;

/// Where the previous page ended: the last hit's rank and id.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cursor {
    rank: i32,
    id: Uuid,
}

impl Cursor {
    pub fn parse(key: &str) -> ApiResult<Self> {
        let parsed = key.split_once(':').and_then(|(rank, id)| {
            Some(Cursor {
                rank: rank.parse().ok().filter(|rank| (0..=1).contains(rank))?,
                id: id.parse().ok()?,
            })
        });
        parsed.ok_or_else(pagination::invalid_cursor)
    }
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.rank, self.id)
    }
}

/// One business found, with how well it matched.
pub struct Hit {
    pub business: businesses::Model,
    rank: i32,
}

impl Hit {
    pub fn cursor(&self) -> Cursor {
        Cursor {
            rank: self.rank,
            id: self.business.id,
        }
    }
}

/// Up to `limit + 1` businesses after `after`, prefix matches first, then
/// by id. Without a query every unmerged business is listed.
pub async fn find(
    db: &impl ConnectionTrait,
    query: Option<&str>,
    after: Option<Cursor>,
    limit: u64,
) -> ApiResult<Vec<Hit>> {
    let terms = query.map(Terms::new).filter(|terms| !terms.is_empty());
    let rank = match &terms {
        Some(terms) => Expr::case(terms.starts(), 0).finally(1).into(),
        None => Expr::val(1),
    };

    let mut select = businesses::Entity::find()
        .filter(businesses::Column::MergedInto.is_null())
        .expr_as(rank.clone(), "search_rank");
    if let Some(terms) = &terms {
        select = select.filter(terms.anywhere());
    }
    if let Some(after) = after {
        select = select.filter(
            Condition::any().add(rank.clone().gt(after.rank)).add(
                Condition::all()
                    .add(rank.clone().eq(after.rank))
                    .add(businesses::Column::Id.gt(after.id)),
            ),
        );
    }

    let rows = select
        .order_by(rank, Order::Asc)
        .order_by_asc(businesses::Column::Id)
        .limit(limit + 1)
        .into_model::<Ranked>()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(Ranked::into_hit).collect())
}

/// What the query is compared with: the folded name or alias, and the
/// credit code when the query is one.
struct Terms {
    key: String,
    credit_code: String,
}

impl Terms {
    fn new(query: &str) -> Self {
        Terms {
            key: names::fold(query),
            credit_code: query.trim().to_ascii_uppercase(),
        }
    }

    fn is_empty(&self) -> bool {
        self.key.is_empty()
    }

    fn starts(&self) -> Condition {
        self.matching(format!("{}%", names::like_literal(&self.key)))
    }

    fn anywhere(&self) -> Condition {
        self.matching(format!("%{}%", names::like_literal(&self.key)))
    }

    fn matching(&self, pattern: String) -> Condition {
        let pattern = LikeExpr::new(pattern).escape(names::LIKE_ESCAPE);
        let aliased = Query::select()
            .column(business_aliases::Column::BusinessId)
            .from(business_aliases::Entity)
            .and_where(business_aliases::Column::AliasKey.like(pattern.clone()))
            .to_owned();
        Condition::any()
            .add(businesses::Column::NameKey.like(pattern))
            .add(businesses::Column::Id.in_subquery(aliased))
            .add(businesses::Column::CreditCode.eq(self.credit_code.clone()))
    }
}

/// A business row with the rank computed beside it.
#[derive(sea_orm::FromQueryResult)]
struct Ranked {
    #[sea_orm(nested)]
    business: businesses::Model,
    search_rank: i32,
}

impl Ranked {
    fn into_hit(self) -> Hit {
        Hit {
            business: self.business,
            rank: self.search_rank,
        }
    }
}
