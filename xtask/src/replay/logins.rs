//! One login for each role on a replayed demo, for the person trying it:
//! the demo consumer, the owner of the member business with the most
//! complaints in the busiest province, that province's intake officer and
//! mediator, an admin for its association, and the platform admin.

use std::collections::HashMap;

use anyhow::{Context, Result};
use shared::accounts::StaffRole;
use shared::client::Client;

use super::Options;
use super::case::{SourceCase, seed};
use super::cast::{DEMO_CONSUMER_PHONE, associations, staff_member};

/// (role, login) pairs; every password is the replay's.
pub async fn demo_logins(options: &Options) -> Result<Vec<(&'static str, String)>> {
    let cases = super::run::chosen(options)?;
    let reviews: Vec<&SourceCase> = cases
        .iter()
        .filter(|c| !c.source_id.starts_with("cfpb-"))
        .collect();
    let province = busiest(
        reviews
            .iter()
            .map(|c| format!("{}0000", &c.region_code[..2])),
    )
    .context("no Chinese complaints were replayed")?;
    let business = busiest(
        reviews
            .iter()
            .filter(|c| c.business.member && c.region_code.starts_with(&province[..2]))
            .map(|c| c.business.name.clone()),
    );

    let admin = Client::new(&options.url);
    admin
        .login(&options.admin_login, &options.admin_password)
        .await?;
    let association = *associations(&admin)
        .await?
        .get(&province)
        .with_context(|| format!("no association serves {province}"))?;
    let association_admin = format!("r{province}.admin");
    staff_member(
        &admin,
        association,
        &association_admin,
        "协会管理员",
        StaffRole::AssociationAdmin,
        &options.password,
    )
    .await?;

    let mut logins = vec![("consumer", DEMO_CONSUMER_PHONE.to_owned())];
    if let Some(name) = business {
        logins.push(("member business", format!("rb{:08x}", seed(&name) as u32)));
    }
    logins.extend([
        ("intake officer", format!("r{province}.intake")),
        ("mediator", format!("r{province}.mediator")),
        ("association admin", association_admin),
        ("platform admin", options.admin_login.clone()),
    ]);
    Ok(logins)
}

fn busiest(values: impl Iterator<Item = String>) -> Option<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(value, _)| value)
}
