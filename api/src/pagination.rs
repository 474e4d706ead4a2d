//! Cursor pagination: the cursor is the last item's sort key, encoded opaquely.

use base64::Engine;
use shared::page::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};

use crate::error::{ApiError, ApiResult};
use crate::i18n::Text;

const ENGINE: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The page size to use: the requested one if it is within 1 to 200.
pub fn limit(requested: Option<u32>) -> ApiResult<u64> {
    match requested {
        None => Ok(DEFAULT_PAGE_SIZE as u64),
        Some(n) if (1..=MAX_PAGE_SIZE).contains(&n) => Ok(n as u64),
        Some(_) => Err(ApiError::field(
            "limit",
            "out_of_range",
            Text::new(
                format!("每页条数须在 1 到 {MAX_PAGE_SIZE} 之间。"),
                format!("limit must be between 1 and {MAX_PAGE_SIZE}."),
            ),
        )),
    }
}

pub fn encode(key: &str) -> String {
    ENGINE.encode(key)
}

/// The sort key inside a cursor that this server issued.
pub fn decode(cursor: Option<&str>) -> ApiResult<Option<String>> {
    let Some(cursor) = cursor else {
        return Ok(None);
    };
    ENGINE
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .filter(|key| key.len() <= 200 && !key.chars().any(char::is_control))
        .map(Some)
        .ok_or_else(invalid_cursor)
}

/// The id inside a cursor that this server issued.
pub fn decode_id(cursor: Option<&str>) -> ApiResult<Option<uuid::Uuid>> {
    decode(cursor)?
        .map(|key| key.parse().map_err(|_| invalid_cursor()))
        .transpose()
}

/// The numeric sort key inside a cursor that this server issued.
pub fn decode_number(cursor: Option<&str>) -> ApiResult<Option<i64>> {
    decode(cursor)?
        .map(|key| key.parse::<i64>().map_err(|_| invalid_cursor()))
        .transpose()
}

pub fn invalid_cursor() -> ApiError {
    ApiError::field(
        "cursor",
        "invalid_format",
        Text::new(
            "分页游标无效，请使用上一页返回的 next_cursor。",
            "Invalid cursor; pass the next_cursor of the previous page.",
        ),
    )
}

/// Splits off the extra row fetched to learn whether another page follows.
pub fn page<T>(
    mut rows: Vec<T>,
    limit: u64,
    key: impl Fn(&T) -> String,
) -> (Vec<T>, Option<String>) {
    if rows.len() as u64 <= limit {
        return (rows, None);
    }
    rows.truncate(limit as usize);
    let next = rows.last().map(|last| encode(&key(last)));
    (rows, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_round_trips() {
        assert_eq!(
            decode(Some(&encode("440300"))).unwrap().as_deref(),
            Some("440300")
        );
    }

    #[test]
    fn a_numeric_cursor_round_trips_and_rejects_other_keys() {
        assert_eq!(decode_number(Some(&encode("42"))).unwrap(), Some(42));
        assert!(decode_number(Some(&encode("440300a"))).is_err());
    }

    #[test]
    fn the_extra_row_becomes_the_next_cursor() {
        let (items, next) = page(vec![1, 2, 3], 2, |n| n.to_string());

        assert_eq!(items, vec![1, 2]);
        assert_eq!(decode(next.as_deref()).unwrap().as_deref(), Some("2"));
    }

    #[test]
    fn limits_outside_the_range_are_refused() {
        assert!(limit(Some(0)).is_err());
        assert!(limit(Some(201)).is_err());
        assert_eq!(limit(None).unwrap(), 50);
    }
}
