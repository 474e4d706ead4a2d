//! A query-string extractor whose errors name the offending parameter.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::i18n::Text;

/// The query string of a request, parsed into `T`.
///
/// A value of the wrong shape (`state=bogus`, `overdue=maybe`) is a 422
/// whose field error names the parameter, so that a client can point at it.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T> Query<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Query<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse(request.query_string()).map(Query))
    }
}

/// Parses a query string into `T`, naming the parameter that fails. A NUL
/// character (`%00`) is refused in any parameter: no value takes one, and
/// PostgreSQL cannot even compare text that holds one.
pub fn parse<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    if let Some(name) = holding_nul(query) {
        return Err(nul_character(&name));
    }
    serde_urlencoded::from_str(query).map_err(|error| {
        culprit::<T>(query).unwrap_or_else(|| invalid("query", &error.to_string()))
    })
}

/// The first parameter whose name or value holds a NUL character.
fn holding_nul(query: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
    pairs
        .into_iter()
        .find(|(name, value)| name.contains('\0') || value.contains('\0'))
        .map(|(name, _)| name.replace('\0', ""))
}

fn nul_character(field: &str) -> ApiError {
    ApiError::field(
        field,
        "nul_character",
        Text::new(
            format!("查询参数 {field} 中含有空字符（%00），请删除后重试。"),
            format!(
                "The query parameter `{field}` contains a NUL character (%00); remove it and try again."
            ),
        ),
    )
}

/// The parameter that makes the query fail. Serde reads a query string
/// without keeping the path, so each parameter is tried alone; this works
/// for queries whose parameters are all optional, which an empty query
/// string shows.
fn culprit<T: DeserializeOwned>(query: &str) -> Option<ApiError> {
    serde_urlencoded::from_str::<T>("").ok()?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
    pairs.iter().find_map(|(name, value)| {
        let alone = serde_urlencoded::to_string([(name, value)]).ok()?;
        let error = serde_urlencoded::from_str::<T>(&alone).err()?;
        Some(invalid(name, &error.to_string()))
    })
}

fn invalid(field: &str, reason: &str) -> ApiError {
    ApiError::field(
        field,
        "invalid_format",
        Text::new(
            format!("查询参数 {field} 的值无效：{reason}"),
            format!("The query parameter `{field}` has an invalid value: {reason}"),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Filters {
        #[expect(dead_code, reason = "only its parsing is tested")]
        overdue: Option<bool>,
        #[expect(dead_code, reason = "only its parsing is tested")]
        days: Option<u32>,
    }

    fn field_of(query: &str) -> String {
        let error = parse::<Filters>(query).unwrap_err();
        error.fields[0].field.clone()
    }

    #[test]
    fn the_failing_parameter_is_named() {
        assert_eq!(field_of("days=3&overdue=maybe"), "overdue");
        assert_eq!(field_of("days=-1&overdue=true"), "days");
    }

    #[test]
    fn a_nul_character_is_refused_in_the_parameter_that_holds_it() {
        let error = parse::<Filters>("days=3&name=a%00b").unwrap_err();

        assert_eq!(error.fields[0].field, "name");
        assert_eq!(error.fields[0].code, "nul_character");
    }

    #[test]
    fn good_queries_and_unknown_parameters_pass() {
        assert!(parse::<Filters>("days=3&overdue=false&other=x").is_ok());
        assert!(parse::<Filters>("").is_ok());
    }
}
