//! The webhook deliveries in the OpenAPI document, as OpenAPI 3.1
//! `webhooks`: the signed POST a business's system receives, its headers
//! and its `WebhookPayload` body.

use shared::webhooks::WebhookPayload;
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, PathItem, Paths, Ref, Required, Response};
use utoipa::{Modify, PartialSchema, ToSchema};

/// What receivers do with a delivery.
const DESCRIPTION: &str = "Posted to each active webhook of the business that picked the event, \
as JSON. Check it before trusting it: compute the HMAC-SHA256 of \
`\"{Redress-Timestamp}.{body}\"` (the raw body bytes) keyed with the webhook's secret, \
compare its hex digest with the `v1=` value of `Redress-Signature` in constant time, \
and refuse timestamps more than five minutes from your clock. A delivery may come more \
than once: skip event ids already handled. One case's events come in the order they \
happened; the next waits until the previous one is answered with 2xx or given up. \
Any other answer, or none within the timeout, is retried after 30 seconds, doubling up \
to an hour, for 24 hours. Redirects are not followed.";

/// Adds the webhook delivery and its schemas to the document.
pub struct WebhookDocs;

impl Modify for WebhookDocs {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut schemas = vec![(
            WebhookPayload::name().into_owned(),
            WebhookPayload::schema(),
        )];
        <WebhookPayload as ToSchema>::schemas(&mut schemas);
        for (name, schema) in schemas {
            components.schemas.entry(name).or_insert(schema);
        }

        let body = RequestBodyBuilder::new()
            .required(Some(Required::True))
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name(WebhookPayload::name())))
                    .build(),
            )
            .build();
        let operation = OperationBuilder::new()
            .tag("webhooks")
            .operation_id(Some("webhook_delivery"))
            .summary(Some(
                "An event on one of the business's cases, posted to its webhook",
            ))
            .description(Some(DESCRIPTION))
            .parameters(Some(headers()))
            .request_body(Some(body))
            .response(
                "2XX",
                Response::new("Received; the delivery is done. Anything else is retried."),
            );
        openapi
            .webhooks
            .get_or_insert_with(Paths::new)
            .paths
            .insert(
                "case_event".to_owned(),
                PathItem::new(HttpMethod::Post, operation),
            );
    }
}

fn headers() -> Vec<utoipa::openapi::path::Parameter> {
    [
        (
            "Redress-Event-Id",
            "The event's id (the body's `id`), the same in every delivery of the event.",
        ),
        ("Redress-Event", "The event, for example `complaint_assigned`."),
        (
            "Redress-Delivery",
            "The delivery's id in the webhook's delivery log.",
        ),
        (
            "Redress-Timestamp",
            "When this attempt was sent, in Unix seconds; part of the signed text.",
        ),
        (
            "Redress-Signature",
            "`v1=` and the hex HMAC-SHA256 of `\"{Redress-Timestamp}.{body}\"` keyed with the webhook's secret.",
        ),
    ]
    .into_iter()
    .map(|(name, description)| {
        ParameterBuilder::new()
            .name(name)
            .parameter_in(ParameterIn::Header)
            .required(Required::True)
            .description(Some(description))
            .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
            .build()
    })
    .collect()
}
