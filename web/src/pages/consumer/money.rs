//! Money as people type it (yuan, with up to two decimals) and as the API
//! carries it (fen, whole numbers).

/// The largest amount the API accepts: one hundred million yuan, in fen.
pub const MAX_FEN: i64 = 10_000_000_000;

/// Why a typed amount is not one the API can take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyError {
    /// Not a number of yuan, e.g. letters or two decimal points.
    NotANumber,
    /// More than two digits after the decimal point (less than one fen).
    TooPrecise,
    /// Above one hundred million yuan.
    TooLarge,
}

/// Reads `text` as yuan and gives fen: `"12.5"` is 1250. Empty text is no
/// amount. A `¥`/`￥` sign, a trailing `元`, spaces, thousands separators and
/// full-width digits are accepted, as people type them on a phone.
pub fn parse_yuan(text: &str) -> Result<Option<i64>, MoneyError> {
    let cleaned = normalise(text);
    if cleaned.is_empty() {
        return Ok(None);
    }

    let (whole, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    let digits_only = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits_only(whole) || !digits_only(fraction) {
        return Err(MoneyError::NotANumber);
    }
    if fraction.len() > 2 {
        return Err(MoneyError::TooPrecise);
    }

    let yuan: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| MoneyError::TooLarge)?
    };
    let fen_part: i64 = format!("{fraction:0<2}")
        .parse()
        .map_err(|_| MoneyError::NotANumber)?;
    let fen = yuan
        .checked_mul(100)
        .and_then(|fen| fen.checked_add(fen_part))
        .ok_or(MoneyError::TooLarge)?;
    if fen > MAX_FEN {
        return Err(MoneyError::TooLarge);
    }
    Ok(Some(fen))
}

/// Fen as yuan with two decimals, `1250` as `12.50`.
pub fn format_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    format!("{sign}{}.{:02}", fen / 100, fen % 100)
}

/// Half-width digits and point, without signs, units, spaces or separators.
fn normalise(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            '．' | '。' => Some('.'),
            '¥' | '￥' | '元' | ',' | '，' | ' ' | '\u{3000}' => None,
            other => Some(other),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_yuan_become_fen() {
        assert_eq!(parse_yuan("12"), Ok(Some(1200)));
        assert_eq!(parse_yuan("0"), Ok(Some(0)));
    }

    #[test]
    fn decimals_are_padded_to_fen() {
        assert_eq!(parse_yuan("12.5"), Ok(Some(1250)));
        assert_eq!(parse_yuan("12.05"), Ok(Some(1205)));
        assert_eq!(parse_yuan(".5"), Ok(Some(50)));
        assert_eq!(parse_yuan("3."), Ok(Some(300)));
    }

    #[test]
    fn signs_units_separators_and_full_width_digits_are_read() {
        assert_eq!(parse_yuan(" ¥1,299.00 "), Ok(Some(129_900)));
        assert_eq!(parse_yuan("１２９９元"), Ok(Some(129_900)));
        assert_eq!(parse_yuan("￥８．８"), Ok(Some(880)));
    }

    #[test]
    fn empty_text_is_no_amount() {
        assert_eq!(parse_yuan("  "), Ok(None));
        assert_eq!(parse_yuan("元"), Ok(None));
    }

    #[test]
    fn what_is_not_a_number_is_refused() {
        assert_eq!(parse_yuan("abc"), Err(MoneyError::NotANumber));
        assert_eq!(parse_yuan("1.2.3"), Err(MoneyError::NotANumber));
        assert_eq!(parse_yuan("-5"), Err(MoneyError::NotANumber));
        assert_eq!(parse_yuan("."), Err(MoneyError::NotANumber));
    }

    #[test]
    fn fractions_of_a_fen_are_refused() {
        assert_eq!(parse_yuan("1.005"), Err(MoneyError::TooPrecise));
    }

    #[test]
    fn amounts_above_the_limit_are_refused() {
        assert_eq!(parse_yuan("100000000"), Ok(Some(MAX_FEN)));
        assert_eq!(parse_yuan("100000000.01"), Err(MoneyError::TooLarge));
        assert_eq!(
            parse_yuan("99999999999999999999999"),
            Err(MoneyError::TooLarge)
        );
    }

    #[test]
    fn fen_are_shown_as_yuan_with_two_decimals() {
        assert_eq!(format_yuan(129_900), "1299.00");
        assert_eq!(format_yuan(5), "0.05");
        assert_eq!(format_yuan(-150), "-1.50");
    }
}
