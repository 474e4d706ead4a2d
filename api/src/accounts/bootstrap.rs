//! The platform administrator `admin`: created on first start, and given a
//! new password by `redress reset-admin-password`.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait, IntoActiveModel,
};
use shared::accounts::UserKind;
use shared::validation::check_password;

use crate::accounts::store::{self, Login, find_by_login, is_unique_violation};
use crate::auth::{password, sessions};
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
    if let Some(password) = configured {
        check_strength(password)?;
    }
    if find_admin(db).await?.is_some() {
        if configured.is_some() {
            tracing::info!(
                "`admin` exists already, so REDRESS_ADMIN_PASSWORD is not used; \
                 `redress reset-admin-password` sets a new password"
            );
        }
        return Ok(());
    }

    let password = configured
        .cloned()
        .unwrap_or_else(|| Secret::new(random_token(12)));
    let now = chrono::Utc::now();
    let mut admin = store::new_user(
        UserKind::PlatformAdmin,
        "平台管理员".to_owned(),
        password::hash(password.clone()).await?,
        now,
    );
    admin.login_name = Set(Some(ADMIN_LOGIN.to_owned()));
    match users::Entity::insert(admin).exec(db).await {
        Ok(_) => {}
        Err(error) if is_unique_violation(&error) => return Ok(()),
        Err(error) => return Err(error.into()),
    }

    tracing::info!("created the platform administrator `admin`");
    if configured.is_none() {
        announce(&password);
    }
    Ok(())
}

/// Gives `admin` a new password (the configured one, or a generated one that
/// is printed once) and ends its sessions: the way back in for an operator
/// who lost it.
pub async fn reset_admin_password(
    db: &DatabaseConnection,
    configured: Option<&Secret>,
) -> anyhow::Result<()> {
    if let Some(password) = configured {
        check_strength(password)?;
    }
    let Some(admin) = find_admin(db).await? else {
        anyhow::bail!("there is no `admin` account yet; start the server once to create it");
    };

    let password = configured
        .cloned()
        .unwrap_or_else(|| Secret::new(random_token(12)));
    let now = chrono::Utc::now();
    let admin_id = admin.id;
    let mut active = admin.into_active_model();
    active.password_hash = Set(password::hash(password.clone()).await?);
    active.password_changed_at = Set(now);
    active.updated_at = Set(now);
    active.active = Set(true);
    active.update(db).await?;
    sessions::end_all(
        db,
        admin_id,
        None,
        sessions::EndReason::PasswordChanged,
        now,
    )
    .await?;

    tracing::info!("reset the password of `admin`; its sessions have ended");
    if configured.is_none() {
        announce(&password);
    }
    Ok(())
}

async fn find_admin(db: &DatabaseConnection) -> anyhow::Result<Option<users::Model>> {
    Ok(find_by_login(db, &Login::Name(ADMIN_LOGIN.to_owned())).await?)
}

fn check_strength(password: &Secret) -> anyhow::Result<()> {
    check_password(password.expose(), Some(ADMIN_LOGIN)).map_err(|invalid| {
        anyhow::anyhow!(
            "REDRESS_ADMIN_PASSWORD is too weak ({}): use at least 8 characters mixing \
             letters with digits or symbols",
            invalid.code()
        )
    })
}

fn announce(password: &Secret) {
    eprintln!(
        "\n  The platform administrator is `admin` with the password:\n\n      {}\n\n  \
         It is shown only this once. Log in and change it (PUT /api/v1/me/password);\n  \
         `redress reset-admin-password` sets a new one if it is lost.\n",
        password.expose()
    );
}
