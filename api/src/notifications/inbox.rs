//! The inbox rows. They are written in the same transaction as the change
//! they report, so nobody hears of a change that rolled back; here too are
//! the reads and updates behind the inbox endpoints and the event stream.

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement,
};
use shared::ComplaintId;
use shared::notifications::{Notification, NotificationId};
use uuid::Uuid;

use crate::entities::notifications::{self, Column};
use crate::i18n::{Lang, Text};
use crate::notifications::hub::CHANNEL;

/// One thing to tell some people about.
pub struct Notice<'a> {
    pub complaint_id: Option<Uuid>,
    pub kind: &'a str,
    pub title: Text,
}

/// Recipients named in one `NOTIFY`: PostgreSQL refuses payloads of 8000
/// bytes or more, and each id takes 37.
const RECIPIENTS_PER_NOTIFY: usize = 200;

/// Inserts the notice for each recipient (once each) and, on PostgreSQL,
/// queues a `NOTIFY` that is delivered when the transaction commits.
/// Call `EventHub::wake` with the same recipients after the commit.
pub async fn notify(
    db: &impl ConnectionTrait,
    recipients: &[Uuid],
    notice: &Notice<'_>,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let mut recipients = recipients.to_vec();
    recipients.sort();
    recipients.dedup();
    if recipients.is_empty() {
        return Ok(());
    }

    let rows = recipients.iter().map(|user| notifications::ActiveModel {
        id: NotSet,
        user_id: Set(*user),
        complaint_id: Set(notice.complaint_id),
        kind: Set(notice.kind.to_owned()),
        title_zh: Set(notice.title.zh.clone()),
        title_en: Set(notice.title.en.clone()),
        created_at: Set(now),
        read_at: Set(None),
        sent_at: Set(None),
    });
    notifications::Entity::insert_many(rows).exec(db).await?;

    if db.get_database_backend() == DbBackend::Postgres {
        for users in recipients.chunks(RECIPIENTS_PER_NOTIFY) {
            let users: Vec<String> = users.iter().map(Uuid::to_string).collect();
            db.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), users.join(",").into()],
            ))
            .await?;
        }
    }
    Ok(())
}

/// Which part of a user's inbox to read, newest first.
pub struct Listing {
    pub unread_only: bool,
    /// Only ids below this one (the previous page's last).
    pub before: Option<i64>,
    pub limit: u64,
}

/// The user's notifications as the listing asks.
pub async fn list(
    db: &impl ConnectionTrait,
    user: Uuid,
    listing: &Listing,
) -> Result<Vec<notifications::Model>, sea_orm::DbErr> {
    let mut select = notifications::Entity::find().filter(Column::UserId.eq(user));
    if listing.unread_only {
        select = select.filter(Column::ReadAt.is_null());
    }
    if let Some(before) = listing.before {
        select = select.filter(Column::Id.lt(before));
    }
    select
        .order_by_desc(Column::Id)
        .limit(listing.limit)
        .all(db)
        .await
}

pub async fn unread_count(db: &impl ConnectionTrait, user: Uuid) -> Result<u64, sea_orm::DbErr> {
    notifications::Entity::find()
        .filter(Column::UserId.eq(user))
        .filter(Column::ReadAt.is_null())
        .count(db)
        .await
}

/// Marks one of the user's notifications read, keeping the first time it
/// was read. False when the user has no notification with this id.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    user: Uuid,
    id: NotificationId,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let marked = notifications::Entity::update_many()
        .col_expr(Column::ReadAt, Expr::value(now))
        .filter(Column::Id.eq(id.0))
        .filter(Column::UserId.eq(user))
        .filter(Column::ReadAt.is_null())
        .exec(db)
        .await?;
    if marked.rows_affected > 0 {
        return Ok(true);
    }

    let already_read = notifications::Entity::find()
        .filter(Column::Id.eq(id.0))
        .filter(Column::UserId.eq(user))
        .count(db)
        .await?;
    Ok(already_read > 0)
}

/// Marks every unread notification of the user read; returns how many.
pub async fn mark_all_read(
    db: &impl ConnectionTrait,
    user: Uuid,
    now: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    let marked = notifications::Entity::update_many()
        .col_expr(Column::ReadAt, Expr::value(now))
        .filter(Column::UserId.eq(user))
        .filter(Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(marked.rows_affected)
}

/// The ids of the user's newest notifications at or below `at_most`.
pub async fn newest_ids(
    db: &impl ConnectionTrait,
    user: Uuid,
    at_most: Option<i64>,
    limit: u64,
) -> Result<Vec<i64>, sea_orm::DbErr> {
    let mut select = notifications::Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::UserId.eq(user));
    if let Some(at_most) = at_most {
        select = select.filter(Column::Id.lte(at_most));
    }
    let ids: Vec<i32> = select
        .order_by_desc(Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.into_iter().map(i64::from).collect())
}

/// The user's notifications above `after`, oldest first.
pub async fn after(
    db: &impl ConnectionTrait,
    user: Uuid,
    after: i64,
    limit: u64,
) -> Result<Vec<notifications::Model>, sea_orm::DbErr> {
    notifications::Entity::find()
        .filter(Column::UserId.eq(user))
        .filter(Column::Id.gt(after))
        .order_by_asc(Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// The row as the wire shows it, with the title in `lang`.
pub fn view(row: notifications::Model, lang: Lang) -> Notification {
    let title = match lang {
        Lang::ZhCn => row.title_zh,
        Lang::En => row.title_en,
    };
    Notification {
        id: NotificationId(row.id.into()),
        complaint_id: row.complaint_id.map(ComplaintId),
        kind: row.kind,
        title,
        created_at: row.created_at,
        read_at: row.read_at,
    }
}
