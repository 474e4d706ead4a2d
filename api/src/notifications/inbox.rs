//! Writing notifications. They are inserted in the same transaction as the
//! change they report, so nobody hears of a change that rolled back.

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, Statement};
use uuid::Uuid;

use crate::entities::notifications;
use crate::i18n::Text;
use crate::notifications::hub::CHANNEL;

/// One thing to tell some people about.
pub struct Notice<'a> {
    pub complaint_id: Option<Uuid>,
    pub kind: &'a str,
    pub title: Text,
}

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
    });
    notifications::Entity::insert_many(rows).exec(db).await?;

    if db.get_database_backend() == DbBackend::Postgres {
        let users: Vec<String> = recipients.iter().map(Uuid::to_string).collect();
        db.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [CHANNEL.into(), users.join(",").into()],
        ))
        .await?;
    }
    Ok(())
}
