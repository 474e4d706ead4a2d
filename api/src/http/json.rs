//! A JSON body extractor whose errors name the offending field.

use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{FromRequest, HttpRequest, web};
use serde::de::DeserializeOwned;
use shared::ErrorCode;

use crate::error::{ApiError, FieldIssue};
use crate::i18n::Text;

/// A request body of type `T`, parsed from JSON.
///
/// Extraction never fails by itself: the handler calls [`Json::into_inner`]
/// after it has authorised the caller, so that a caller who may not act
/// learns nothing from the validation of their body.
#[derive(Debug)]
pub struct Json<T>(Result<T, ApiError>);

impl<T> Json<T> {
    /// The parsed body, or the problem with it.
    pub fn into_inner(self) -> Result<T, ApiError> {
        self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase())
            .is_some_and(|v| v == "application/json" || v.ends_with("+json"));
        let bytes = web::Bytes::from_request(request, payload);

        Box::pin(async move {
            let bytes = bytes.await.map_err(body_error);
            let parsed = match (is_json, bytes) {
                (false, _) => Err(not_json()),
                (true, Err(error)) => Err(error),
                (true, Ok(bytes)) => parse(&bytes),
            };
            Ok(Json(parsed))
        })
    }
}

/// Parses a body: broken JSON is a 400; well-formed JSON of the wrong shape a
/// 422 naming the field; a NUL character anywhere a 422 (no text field takes one).
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if let Err(error) = std::str::from_utf8(bytes) {
        return Err(not_utf8(&error));
    }
    let well_formed = serde_json::from_slice::<serde::de::IgnoredAny>(bytes);
    if let Err(error) = well_formed {
        return Err(malformed(&error));
    }
    if contains_nul_escape(bytes) {
        return Err(nul_character());
    }

    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let outer = || wrong_shape(&path, error.inner());
        match path.as_str() {
            "." | "" => locate_in_tagged::<T>(bytes).unwrap_or_else(outer),
            _ => outer(),
        }
    })?;
    deserializer.end().map_err(|error| malformed(&error))?;
    Ok(value)
}

/// The field of a body tagged by `action` (one variant per action) that
/// made it fail. Serde reads such bodies through a buffer and loses the
/// path, so each field is tried alone beside the tag: the one that still
/// fails for a reason other than a missing sibling is the culprit.
fn locate_in_tagged<T: DeserializeOwned>(bytes: &[u8]) -> Option<ApiError> {
    let serde_json::Value::Object(fields) = serde_json::from_slice(bytes).ok()? else {
        return None;
    };
    let tag = fields.get(TAG)?.clone();
    let alone = |extra: Option<(&String, &serde_json::Value)>| {
        let mut probe = serde_json::Map::new();
        probe.insert(TAG.to_owned(), tag.clone());
        if let Some((name, value)) = extra {
            probe.insert(name.clone(), value.clone());
        }
        serde_json::from_value::<T>(serde_json::Value::Object(probe)).err()
    };
    let culprit = |error: &serde_json::Error| !error.to_string().starts_with("missing field");

    if let Some(error) = alone(None).filter(culprit) {
        return Some(wrong_shape(TAG, &error));
    }
    fields
        .iter()
        .filter(|(name, _)| name.as_str() != TAG)
        .find_map(|field| {
            alone(Some(field))
                .filter(culprit)
                .map(|error| wrong_shape(field.0, &error))
        })
}

/// The field that names the variant of a tagged body.
const TAG: &str = "action";

/// A NUL can only reach a JSON string as the escape `\u0000`. Escapes are
/// read in order, so an escaped backslash followed by `u0000` (the text
/// `\u0000` itself) is not mistaken for one.
fn contains_nul_escape(bytes: &[u8]) -> bool {
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] != b'\\' {
            index += 1;
            continue;
        }
        if bytes.get(index + 1..index + 6) == Some(b"u0000") {
            return true;
        }
        index += 2;
    }
    false
}

fn nul_character() -> ApiError {
    ApiError::field(
        "body",
        "nul_character",
        Text::new(
            "请求中含有空字符（\\u0000），请删除后重试。",
            "The body contains a NUL character (\\u0000); remove it and try again.",
        ),
    )
}

/// JSON is UTF-8 (RFC 8259); a body in GBK or Latin-1 is broken, not a wrong field.
fn not_utf8(error: &std::str::Utf8Error) -> ApiError {
    let at = error.valid_up_to();
    ApiError::new(
        ErrorCode::MalformedJson,
        StatusCode::BAD_REQUEST,
        Text::new(
            format!(
                "请求体须为 UTF-8 编码的 JSON，第 {at} 字节处不是有效的 UTF-8（可能是 GBK 编码）。"
            ),
            format!("The body must be JSON in UTF-8; byte {at} is not valid UTF-8 (GBK, perhaps)."),
        ),
    )
}

fn malformed(error: &serde_json::Error) -> ApiError {
    ApiError::new(
        ErrorCode::MalformedJson,
        StatusCode::BAD_REQUEST,
        Text::new(
            format!(
                "请求体不是有效的 JSON（第 {} 行第 {} 列）。",
                error.line(),
                error.column()
            ),
            format!(
                "The body is not valid JSON (line {}, column {}).",
                error.line(),
                error.column()
            ),
        ),
    )
}

fn wrong_shape(path: &str, error: &serde_json::Error) -> ApiError {
    let message = error.to_string();
    let reason = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_owned();
    let missing = reason
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next());
    let unknown = reason
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next());

    let (field, code, text) = if let Some(name) = missing {
        (
            join(path, name),
            "required",
            Text::new("此项必填。", "This field is required."),
        )
    } else if let Some(name) = unknown {
        // The path of an unknown field already ends with the field itself.
        let field = if path.ends_with(name) {
            path.to_owned()
        } else {
            join(path, name)
        };
        (
            field,
            "unknown_field",
            Text::new(
                "不认识这个字段，请检查拼写。",
                "Unknown field; check its spelling.",
            ),
        )
    } else if reason.starts_with("unknown variant") {
        (
            path.to_owned(),
            "unknown_value",
            Text::new(
                format!("取值不在允许范围内：{reason}"),
                format!("Not an allowed value: {reason}"),
            ),
        )
    } else {
        (
            path.to_owned(),
            "invalid_type",
            Text::new(
                format!("类型不对：{reason}"),
                format!("Wrong type: {reason}"),
            ),
        )
    };
    let field = if field == "." || field.is_empty() {
        "body".to_owned()
    } else {
        field
    };
    ApiError::validation(vec![FieldIssue {
        field,
        code,
        message: text,
    }])
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() || path == "." {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

fn not_json() -> ApiError {
    ApiError::new(
        ErrorCode::UnsupportedMediaType,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        Text::new(
            "请以 JSON 发送请求体，并设置 Content-Type: application/json。",
            "Send the body as JSON with Content-Type: application/json.",
        ),
    )
}

fn body_error(error: actix_web::Error) -> ApiError {
    if error.as_response_error().status_code() == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::new(
            ErrorCode::PayloadTooLarge,
            StatusCode::PAYLOAD_TOO_LARGE,
            Text::new(
                "请求体过大，请缩短内容后重试。",
                "The body is too large; shorten it and try again.",
            ),
        );
    }
    ApiError::new(
        ErrorCode::MalformedJson,
        StatusCode::BAD_REQUEST,
        Text::new(
            "无法读取请求体，请重新发送。",
            "The body could not be read; send it again.",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "fields are only deserialised")]
    struct Sample {
        name: String,
        kind: Kind,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Goods,
    }

    fn field_of(error: ApiError) -> (String, &'static str) {
        (error.fields[0].field.clone(), error.fields[0].code)
    }

    #[test]
    fn a_missing_field_is_named() {
        let error = parse::<Sample>(br#"{"kind":"goods"}"#).unwrap_err();

        assert_eq!(field_of(error), ("name".to_owned(), "required"));
    }

    #[test]
    fn a_wrong_type_names_its_field() {
        let error = parse::<Sample>(br#"{"name":5,"kind":"goods"}"#).unwrap_err();

        assert_eq!(field_of(error), ("name".to_owned(), "invalid_type"));
    }

    #[test]
    fn an_unknown_enum_value_names_its_field() {
        let error = parse::<Sample>(br#"{"name":"x","kind":"gods"}"#).unwrap_err();

        assert_eq!(field_of(error), ("kind".to_owned(), "unknown_value"));
    }

    #[test]
    fn a_wrong_type_inside_an_enum_list_is_a_shape_error() {
        #[derive(Debug, Deserialize)]
        #[expect(dead_code, reason = "fields are only deserialised")]
        struct Roles {
            roles: Vec<Kind>,
        }

        let error = parse::<Roles>(br#"{"roles":[1]}"#).unwrap_err();

        assert_eq!(error.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error.fields[0].field, "roles[0]");
    }

    #[test]
    fn trailing_data_after_the_body_is_malformed() {
        let error = parse::<Sample>(br#"{"name":"x","kind":"goods"} ]]] {"#).unwrap_err();

        assert_eq!(error.code, ErrorCode::MalformedJson);
    }

    #[test]
    fn an_escaped_backslash_before_u0000_is_text_not_a_nul() {
        let parsed = parse::<Sample>(br#"{"name":"C:\\u0000","kind":"goods"}"#);

        assert!(parsed.is_ok(), "{parsed:?}");
    }

    #[test]
    fn a_nul_character_is_refused() {
        let error = parse::<Sample>(br#"{"name":"a\u0000b","kind":"goods"}"#).unwrap_err();

        assert_eq!(error.fields[0].code, "nul_character");
    }

    #[test]
    fn a_body_that_is_not_utf8_is_malformed() {
        // "名称" in GBK.
        let gbk = b"{\"name\": \"\xc3\xfb\xb3\xc6\"}";

        let error = parse::<Sample>(gbk).unwrap_err();

        assert_eq!(error.code, ErrorCode::MalformedJson);
        assert_eq!(error.status, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn broken_json_is_malformed() {
        let error = parse::<Sample>(br#"{"name": "x""#).unwrap_err();

        assert_eq!(error.code, ErrorCode::MalformedJson);
        assert_eq!(error.status, StatusCode::BAD_REQUEST);
    }
}
