//! The first start: the platform administrator `admin`.

use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};
use shared::accounts::UserKind;
use uuid::Uuid;

use crate::accounts::store::{Login, find_by_login, is_unique_violation};
use crate::auth::password;
use crate::entities::users;
use crate::secrets::{Secret, random_token};

pub const ADMIN_LOGIN: &str = "admin";

/// Creates `admin` unless it exists. Without a configured password, generates
/// one and prints it once on standard error. Replicas starting together race
/// safely: the unique login lets one insert win.
pub async fn ensure_admin(
    db: &DatabaseConnection,
    configured: Option<&Secret>,
) -> anyhow::Result<()> {
    if find_by_login(db, &Login::Name(ADMIN_LOGIN.to_owned()))
        .await?
        .is_some()
    {
        return Ok(());
    }

    let generated = configured.is_none();
    let password = configured
        .cloned()
        .unwrap_or_else(|| Secret::new(random_token(12)));
    let hash = password::hash(password.clone()).await?;
    let now = chrono::Utc::now();
    let admin = users::ActiveModel {
        id: Set(Uuid::now_v7()),
        kind: Set(UserKind::PlatformAdmin.as_str().to_owned()),
        phone: Set(None),
        email: Set(None),
        login_name: Set(Some(ADMIN_LOGIN.to_owned())),
        display_name: Set("平台管理员".to_owned()),
        password_hash: Set(hash),
        association_id: Set(None),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        password_changed_at: Set(now),
    };
    match users::Entity::insert(admin).exec(db).await {
        Ok(_) => {}
        Err(error) if is_unique_violation(&error) => return Ok(()),
        Err(error) => return Err(error.into()),
    }

    tracing::info!("created the platform administrator `admin`");
    if generated {
        eprintln!(
            "\n  The platform administrator is `admin` with the one-time password:\n\n      {}\n\n  \
             It is shown only this once. Log in and change it (PUT /api/v1/me/password).\n",
            password.expose()
        );
    }
    Ok(())
}
