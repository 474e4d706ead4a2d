//! Calls this server makes to others (webhook receivers, mini-program
//! platforms): one way to build their clients, with connect and total
//! timeouts, no redirects and no proxy, and one way to say why a call got
//! no answer without repeating its address (which may carry a secret).

use std::time::Duration;

/// A client builder with the timeouts in seconds; callers add what is theirs.
pub fn client_builder(connect_timeout: u64, timeout: u64, agent: &str) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(connect_timeout))
        .timeout(Duration::from_secs(timeout))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .user_agent(format!("{agent}/{}", env!("CARGO_PKG_VERSION")))
}

/// Why a request got no answer, in words an operator can act on. The URL is
/// left out: a query string may hold a secret.
pub fn describe(error: reqwest::Error, timeout: u64) -> String {
    let error = error.without_url();
    if error.is_timeout() {
        return format!("no answer within {timeout} seconds");
    }
    let mut root = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        root = cause.to_string();
        source = cause.source();
    }
    if error.is_connect() {
        format!("could not connect: {root}")
    } else {
        format!("the request failed: {root}")
    }
}
