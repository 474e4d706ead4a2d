//! The route table. Every endpoint is registered here and nowhere else, and
//! this registration is also what generates the OpenAPI document.

use actix_web::middleware::from_fn;
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::http::rate_limit::limit_public;
use crate::{
    accounts, auth, bundles, businesses, classify, complaints, demo, disclosure, enquiries,
    evidence, groups, guidance, health, joining, mini_program, notifications, open_data,
    organisations, search, stats, team, warnings, webhooks,
};

pub fn configure(config: &mut ServiceConfig) {
    config.configure(health::configure).service(
        scope("/api/v1")
            .configure(auth::routes::configure)
            .configure(mini_program::routes::configure)
            .configure(accounts::routes::configure)
            .configure(organisations::regions::configure)
            .configure(organisations::associations::configure)
            .configure(accounts::staff::configure)
            .configure(organisations::deadline_policy::configure)
            .configure(complaints::taxonomy::configure)
            .configure(businesses::routes::configure)
            .configure(businesses::aliases::configure)
            .configure(businesses::merge::configure)
            .configure(businesses::api_keys::configure)
            .configure(businesses::figures::configure)
            .configure(businesses::contacts::configure)
            .configure(businesses::outlets::configure)
            .configure(businesses::reply_templates::configure)
            .configure(businesses::membership::configure)
            .configure(businesses::records::configure)
            .configure(businesses::rankings::configure)
            .configure(joining::commitment::configure)
            .configure(joining::apply::configure)
            .configure(joining::review::configure)
            .configure(team::invitations::configure)
            .configure(team::members::configure)
            .configure(complaints::routes::configure)
            .configure(bundles::routes::configure)
            .configure(bundles::referrals::configure)
            .configure(notifications::routes::configure)
            .configure(notifications::events::configure)
            .configure(evidence::routes::configure)
            .configure(webhooks::endpoints::configure)
            .configure(webhooks::deliveries::configure)
            .configure(disclosure::rules::configure)
            .configure(disclosure::consent::configure)
            .configure(disclosure::editing::configure)
            .configure(disclosure::comment::configure)
            .configure(search::routes::configure)
            .configure(disclosure::publicity::configure)
            .configure(stats::routes::configure)
            .configure(stats::performance::configure)
            .configure(stats::dashboard::configure)
            .configure(open_data::routes::configure)
            .configure(classify::routes::configure)
            .configure(groups::forming::configure)
            .configure(groups::handling::configure)
            .configure(enquiries::asking::configure)
            .configure(enquiries::answering::configure)
            .configure(enquiries::conversion::configure)
            .configure(enquiries::questions::configure)
            .configure(guidance::articles::configure)
            .configure(guidance::public::configure)
            .configure(warnings::alerts::configure)
            .configure(warnings::issuing::configure)
            .configure(warnings::public::configure)
            .configure(demo::configure)
            // Every path under /api/v1/public/ is rate limited per client
            // address, including those registered later.
            .wrap(from_fn(limit_public)),
    );
}
