//! The error answers every operation of a kind can give, added to each
//! operation that does not document them itself: a signed-in operation can
//! answer 401, a JSON body 400, 413, 415 and 422, an id in the path 404 and
//! a query string 422. Each comes from one place in the server (the bearer
//! extractor, the JSON extractor, the path and query extractors), so it is
//! documented from one place too.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

/// Adds the common answers to every operation of `document`.
pub fn add(document: &mut OpenApi) {
    for item in document.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            add_to(operation);
        }
    }
}

fn add_to(operation: &mut Operation) {
    if needs_sign_in(operation) {
        document(
            operation,
            "401",
            "Not signed in, or the token has expired or was revoked (`unauthenticated`)",
        );
    }
    if takes_json(operation) {
        document(
            operation,
            "400",
            "The body is not JSON in UTF-8 (`malformed_json`)",
        );
        document(
            operation,
            "413",
            "The body is larger than the server takes (`payload_too_large`)",
        );
        document(
            operation,
            "415",
            "The body is not sent as `application/json` (`unsupported_media_type`)",
        );
    }
    if has_parameter(operation, ParameterIn::Path) {
        document(
            operation,
            "404",
            "No such resource, or a malformed id in the path (`not_found`)",
        );
    }
    if takes_json(operation) || has_parameter(operation, ParameterIn::Query) {
        document(
            operation,
            "422",
            "A field or query parameter is missing, unknown or invalid; the problem names each \
             (`validation_failed`)",
        );
    }
}

/// Signed-in only: a bearer token is required, and no anonymous call is offered.
fn needs_sign_in(operation: &Operation) -> bool {
    operation.security.as_ref().is_some_and(|requirements| {
        !requirements.is_empty()
            && !requirements
                .iter()
                .any(|requirement| *requirement == SecurityRequirement::default())
    })
}

fn takes_json(operation: &Operation) -> bool {
    let Some(RefOr::T(body)) = &operation.request_body else {
        return false;
    };
    body.content.contains_key("application/json")
}

fn has_parameter(operation: &Operation, place: ParameterIn) -> bool {
    operation.parameters.iter().flatten().any(
        |parameter| matches!(parameter, RefOr::T(parameter) if parameter.parameter_in == place),
    )
}

/// Documents `status` with a problem body, unless the operation already does.
fn document(operation: &mut Operation, status: &str, description: &str) {
    let problem = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("Problem")))
        .build();
    operation
        .responses
        .responses
        .entry(status.to_owned())
        .or_insert_with(|| {
            ResponseBuilder::new()
                .description(description)
                .content("application/problem+json", problem)
                .build()
                .into()
        });
}
