//! Binding a mini-program user to a consumer account, with a ticket: the
//! account registered with the mobile number, proven by its password, or a
//! new account with that number. The ticket is used up, the account made
//! and the binding stored in one transaction, so a failure leaves the ticket
//! as it was.

use shared::accounts::UserKind;
use shared::auth::RegisterRequest;
use shared::mini_program::{MiniProgramBindingRequest, MiniProgramProvider};
use shared::validation::MobileNumber;

use crate::accounts::store::{self, Login, SelfRegistered};
use crate::auth::password;
use crate::entities::users;
use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;
use crate::mini_program::identities::{self, App};
use crate::mini_program::tickets::{self, Ticket};
use crate::secrets::Secret;
use crate::state::AppState;

/// The account the ticket's user is now bound to.
pub struct Bound {
    pub user: users::Model,
    /// True when the account was made for this binding.
    pub created: bool,
}

/// The number as given, or a 422 on `phone`.
pub fn phone(input: &str) -> ApiResult<MobileNumber> {
    MobileNumber::parse(input).map_err(|invalid| {
        ApiError::field(
            "phone",
            invalid.code(),
            crate::error::invalid_message(
                invalid,
                &Text::new(
                    "请输入 11 位中国大陆手机号，如 13800138000。",
                    "Enter an 11-digit mainland mobile number, e.g. 13800138000.",
                ),
            ),
        )
    })
}

/// Binds to the account with this number, or to a new one.
pub async fn bind(
    state: &AppState,
    provider: MiniProgramProvider,
    ticket: &Ticket,
    phone: &MobileNumber,
    body: &MiniProgramBindingRequest,
) -> ApiResult<Bound> {
    let app = App {
        provider,
        app_id: &ticket.app_id,
    };
    let existing = store::find_by_login(&state.db, &Login::Phone(phone.clone())).await?;
    match existing {
        Some(user) => bind_existing(state, app, ticket, user, &body.password).await,
        None => bind_new(state, app, ticket, phone, body).await,
    }
}

/// The password proves the account is the caller's; only then is it told
/// whether the account can be bound.
async fn bind_existing(
    state: &AppState,
    app: App<'_>,
    ticket: &Ticket,
    user: users::Model,
    given_password: &str,
) -> ApiResult<Bound> {
    let hash = Some(user.password_hash.clone());
    let matches = password::verify(Secret::new(given_password), hash).await?;
    if !matches || !user.active {
        return Err(password::invalid_credentials());
    }
    if user.kind != UserKind::Consumer.as_str() {
        return Err(consumers_only());
    }
    if identities::of_account(&state.db, app, user.id)
        .await?
        .is_some()
    {
        return Err(identities::already_bound(app.provider));
    }

    store_binding(state, app, ticket, Account::Existing(user)).await
}

/// A new consumer account with the number, the password and the name, as
/// registration checks them.
async fn bind_new(
    state: &AppState,
    app: App<'_>,
    ticket: &Ticket,
    phone: &MobileNumber,
    body: &MiniProgramBindingRequest,
) -> ApiResult<Bound> {
    let registration = RegisterRequest {
        phone: Some(phone.as_str().to_owned()),
        email: None,
        password: body.password.clone(),
        display_name: body.display_name.clone().unwrap_or_default(),
    };
    let (phone, _, display_name) = store::check_registration(&registration)?;
    let account = SelfRegistered {
        kind: UserKind::Consumer,
        phone,
        email: None,
        display_name,
        password_hash: password::hash(Secret::new(body.password.clone())).await?,
    };

    store_binding(state, app, ticket, Account::New(account)).await
}

/// The account a binding goes to.
enum Account {
    Existing(users::Model),
    New(SelfRegistered),
}

/// Uses the ticket up, makes the account if it is new, and binds, all or
/// nothing.
async fn store_binding(
    state: &AppState,
    app: App<'_>,
    ticket: &Ticket,
    account: Account,
) -> ApiResult<Bound> {
    let now = state.clock.now();
    let txn = state.writer.begin().await?;
    tickets::use_up(&txn, ticket, now).await?;
    let (user, created) = match account {
        Account::Existing(user) => (user, false),
        Account::New(new) => (store::insert_self_registered(&txn, new, now).await?, true),
    };
    identities::bind(&txn, app, &ticket.identity, user.id, now).await?;
    txn.commit().await?;

    tracing::info!(user_id = %user.id, provider = app.provider.as_str(), created, "mini-program user bound");
    Ok(Bound { user, created })
}

fn consumers_only() -> ApiError {
    ApiError::forbidden_because(Text::new(
        "只有消费者账号可以绑定小程序；经营者和协会工作人员请在网页端登录。",
        "Only consumer accounts can be bound to a mini-program; businesses and association staff log in on the web.",
    ))
}
