//! Parsing of the identifiers people type, shared so that the SPA can check a
//! form before sending it and the server checks it again at its edge.

use std::fmt;

/// Why a value was refused; the wire `code` of a field error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalid {
    Required,
    TooShort {
        min: usize,
    },
    TooLong {
        max: usize,
    },
    InvalidFormat,
    /// A password with only one kind of character (only letters, only digits…).
    TooSimple,
    /// A password that appears in lists of leaked passwords or equals the login.
    TooCommon,
}

impl Invalid {
    pub fn code(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::TooShort { .. } => "too_short",
            Self::TooLong { .. } => "too_long",
            Self::InvalidFormat => "invalid_format",
            Self::TooSimple => "too_simple",
            Self::TooCommon => "too_common",
        }
    }
}

/// A mainland China mobile number, stored as its 11 digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MobileNumber(String);

impl MobileNumber {
    /// Accepts `13800138000`, `138 0013 8000`, `138-0013-8000` and `+86` or
    /// `0086` in front.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let compact: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
            .collect();
        if compact.is_empty() {
            return Err(Invalid::Required);
        }

        let digits = compact
            .strip_prefix("+86")
            .or_else(|| compact.strip_prefix("0086"))
            .unwrap_or(&compact);
        let bytes = digits.as_bytes();
        let well_formed = bytes.len() == 11
            && bytes.iter().all(u8::is_ascii_digit)
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1]);
        if !well_formed {
            return Err(Invalid::InvalidFormat);
        }

        Ok(Self(digits.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MobileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An e-mail address, lower-cased.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(Invalid::Required);
        }
        if trimmed.len() > Self::MAX_LEN {
            return Err(Invalid::TooLong { max: Self::MAX_LEN });
        }

        let Some((local, domain)) = trimmed.split_once('@') else {
            return Err(Invalid::InvalidFormat);
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local
                .chars()
                .any(|c| c.is_whitespace() || c == '@' || is_hidden(c));
        if !domain_ok || !local_ok {
            return Err(Invalid::InvalidFormat);
        }

        Ok(Self(trimmed.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A staff login name: 3 to 32 of `a-z`, `0-9`, `.`, `_`, `-`, starting with a letter.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LoginName(String);

impl LoginName {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let name = input.trim().to_lowercase();
        let length = name.chars().count();
        if length == 0 {
            return Err(Invalid::Required);
        }
        if length < 3 {
            return Err(Invalid::TooShort { min: 3 });
        }
        if length > 32 {
            return Err(Invalid::TooLong { max: 32 });
        }

        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
        let starts_with_letter = name.starts_with(|c: char| c.is_ascii_lowercase());
        if !starts_with_letter || !name.chars().all(allowed) {
            return Err(Invalid::InvalidFormat);
        }

        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A unified social credit code (统一社会信用代码, GB 32100): 18 characters
/// from a 31-character alphabet, the last one a check character.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SocialCreditCode(String);

/// Why a social credit code was refused, precisely enough to tell the person
/// which character to look at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreditCodeError {
    /// Not 18 characters (the length found).
    WrongLength(usize),
    /// The character at this 1-based position is not allowed (I, O, S, V, Z
    /// and lower-case letters never appear).
    BadCharacter(usize),
    /// The check character is wrong; this one was expected.
    CheckCharacter(char),
}

const CREDIT_CODE_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_CODE_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

impl SocialCreditCode {
    /// Accepts the code with surrounding spaces; lower-case letters are upper-cased.
    pub fn parse(input: &str) -> Result<Self, CreditCodeError> {
        let code = input.trim().to_ascii_uppercase();
        let length = code.chars().count();
        if length != 18 {
            return Err(CreditCodeError::WrongLength(length));
        }

        let mut values = Vec::with_capacity(18);
        for (index, byte) in code.bytes().enumerate() {
            let value = CREDIT_CODE_ALPHABET.iter().position(|c| *c == byte);
            values.push(value.ok_or(CreditCodeError::BadCharacter(index + 1))? as u32);
        }

        let sum: u32 = values
            .iter()
            .zip(CREDIT_CODE_WEIGHTS)
            .map(|(v, w)| v * w)
            .sum();
        let check = (31 - sum % 31) % 31;
        if values[17] != check {
            return Err(CreditCodeError::CheckCharacter(
                CREDIT_CODE_ALPHABET[check as usize] as char,
            ));
        }

        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The six-digit region code inside the code (characters 3 to 8).
    pub fn region_code(&self) -> &str {
        &self.0[2..8]
    }
}

/// Characters that print nothing or reorder what follows: control
/// characters, zero-width characters, bidirectional overrides and tags. A
/// name or address holding one can look like another.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FEFF}'
        )
        || ('\u{E0000}'..='\u{E007F}').contains(&c)
}

/// The JSON Schema pattern (in the API document) of a text that
/// [`display_text`] takes: no character that [`is_hidden`] names in the
/// Basic Multilingual Plane (the tag characters beyond it are refused too).
/// utoipa takes only literals, so the schemas repeat it; the API's tests
/// check that they do.
pub const DISPLAY_TEXT_PATTERN: &str = r"^[^\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]*$";

/// The same for [`free_text`], which keeps line breaks, tabs and the
/// zero-width joiner.
pub const FREE_TEXT_PATTERN: &str = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B\u200C\u200E\u200F\u2028-\u202E\u2060-\u206F\uFEFF]*$";

/// The JSON Schema pattern of what [`MobileNumber::parse`] takes (or an
/// empty string, which registration reads as no number): 11 digits
/// starting with 1 and 3 to 9, `+86` or `0086` in front, spaces, hyphens
/// and ideographic spaces anywhere.
pub const MOBILE_NUMBER_PATTERN: &str = r"^$|^[ \u3000-]*((\+|0[ \u3000-]*0)[ \u3000-]*8[ \u3000-]*6[ \u3000-]*)?1[ \u3000-]*[3-9]([ \u3000-]*[0-9]){9}[ \u3000-]*$";

/// A name shown to other people: 1 to `max` characters once trimmed, no
/// hidden characters.
pub fn display_text(input: &str, max: usize) -> Result<String, Invalid> {
    let text = input.trim();
    if text.is_empty() {
        return Err(Invalid::Required);
    }
    if text.chars().count() > max {
        return Err(Invalid::TooLong { max });
    }
    if text.chars().any(is_hidden) {
        return Err(Invalid::InvalidFormat);
    }

    Ok(text.to_owned())
}

/// Free text written by a person (a description, a message, terms): `min`
/// to `max` characters once trimmed; line breaks and tabs are kept, other
/// hidden characters are refused. Nothing is cut: too long is an error.
pub fn free_text(input: &str, min: usize, max: usize) -> Result<String, Invalid> {
    let text = input.trim();
    let length = text.chars().count();
    if length == 0 {
        return Err(Invalid::Required);
    }
    if length < min {
        return Err(Invalid::TooShort { min });
    }
    if length > max {
        return Err(Invalid::TooLong { max });
    }
    // Line breaks and tabs shape a text; the zero-width joiner builds emoji
    // such as a family of three. Every other hidden character is refused.
    let allowed = |c: char| matches!(c, '\n' | '\t' | '\r' | '\u{200D}');
    if text.chars().any(|c| is_hidden(c) && !allowed(c)) {
        return Err(Invalid::InvalidFormat);
    }

    Ok(text.to_owned())
}

/// Passwords this short or shorter are refused.
pub const PASSWORD_MIN_LEN: usize = 8;
/// Longer passwords are refused (hashing cost stays bounded).
pub const PASSWORD_MAX_LEN: usize = 128;

const COMMON_PASSWORDS: &[&str] = &[
    "12345678",
    "123456789",
    "1234567890",
    "password",
    "password1",
    "password123",
    "qwerty123",
    "qwertyuiop",
    "1qaz2wsx",
    "11111111",
    "88888888",
    "66666666",
    "abc12345",
    "abcd1234",
    "a1234567",
    "aa123456",
    "iloveyou",
    "woaini1314",
    "admin123",
    "passw0rd",
    "p@ssw0rd",
    "qwe123456",
    "123qwe123",
    "zxcvbnm1",
];

/// The strength rules: 8 to 128 characters, at least two of letters, digits
/// and other characters, not a well-known password and not the login itself.
pub fn check_password(password: &str, login: Option<&str>) -> Result<(), Invalid> {
    let length = password.chars().count();
    if length == 0 {
        return Err(Invalid::Required);
    }
    if length < PASSWORD_MIN_LEN {
        return Err(Invalid::TooShort {
            min: PASSWORD_MIN_LEN,
        });
    }
    if length > PASSWORD_MAX_LEN {
        return Err(Invalid::TooLong {
            max: PASSWORD_MAX_LEN,
        });
    }

    let lowered = password.to_lowercase();
    let same_as_login = login.is_some_and(|login| login.trim().to_lowercase() == lowered);
    if same_as_login || COMMON_PASSWORDS.contains(&lowered.as_str()) {
        return Err(Invalid::TooCommon);
    }

    let has_letter = password.chars().any(char::is_alphabetic);
    let has_digit = password.chars().any(|c| c.is_ascii_digit());
    let has_other = password.chars().any(|c| !c.is_alphanumeric());
    let kinds = [has_letter, has_digit, has_other]
        .iter()
        .filter(|k| **k)
        .count();
    if kinds < 2 {
        return Err(Invalid::TooSimple);
    }

    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_numbers_accept_common_spellings() {
        for input in [
            "13800138000",
            "138 0013 8000",
            "+86 138-0013-8000",
            "0086 13800138000",
        ] {
            assert_eq!(
                MobileNumber::parse(input).unwrap().as_str(),
                "13800138000",
                "{input}"
            );
        }
    }

    #[test]
    fn mobile_numbers_refuse_landlines_and_short_numbers() {
        assert_eq!(
            MobileNumber::parse("010-12345678"),
            Err(Invalid::InvalidFormat)
        );
        assert_eq!(
            MobileNumber::parse("1380013800"),
            Err(Invalid::InvalidFormat)
        );
        assert_eq!(
            MobileNumber::parse("12800138000"),
            Err(Invalid::InvalidFormat)
        );
        assert_eq!(MobileNumber::parse("  "), Err(Invalid::Required));
    }

    #[test]
    fn email_addresses_are_lower_cased_and_need_a_domain() {
        assert_eq!(
            EmailAddress::parse(" Wang@Example.CN ").unwrap().as_str(),
            "wang@example.cn"
        );
        assert_eq!(
            EmailAddress::parse("wang@localhost"),
            Err(Invalid::InvalidFormat)
        );
        assert_eq!(
            EmailAddress::parse("wang example.cn"),
            Err(Invalid::InvalidFormat)
        );
        assert_eq!(
            EmailAddress::parse("a b@example.cn"),
            Err(Invalid::InvalidFormat)
        );
        assert_eq!(
            EmailAddress::parse("a\u{7}b@example.cn"),
            Err(Invalid::InvalidFormat)
        );
        assert_eq!(
            EmailAddress::parse("\u{202E}gnp.evil@example.cn"),
            Err(Invalid::InvalidFormat)
        );
    }

    #[test]
    fn login_names_start_with_a_letter() {
        assert_eq!(LoginName::parse("Zhang.Wei").unwrap().as_str(), "zhang.wei");
        assert_eq!(LoginName::parse("1zhang"), Err(Invalid::InvalidFormat));
        assert_eq!(LoginName::parse("zw"), Err(Invalid::TooShort { min: 3 }));
        assert_eq!(LoginName::parse("张伟"), Err(Invalid::TooShort { min: 3 }));
    }

    #[test]
    fn passwords_need_length_and_variety() {
        assert_eq!(check_password("", None), Err(Invalid::Required));
        assert_eq!(
            check_password("a1b2c3", None),
            Err(Invalid::TooShort { min: 8 })
        );
        assert_eq!(check_password("abcdefghij", None), Err(Invalid::TooSimple));
        assert_eq!(check_password("Password123", None), Err(Invalid::TooCommon));
        assert_eq!(
            check_password("wang2024x", Some("Wang2024X")),
            Err(Invalid::TooCommon)
        );
        assert_eq!(
            check_password(&"a1".repeat(65), None),
            Err(Invalid::TooLong { max: 128 })
        );
        assert_eq!(check_password("消费者维权2024", None), Ok(()));
    }

    #[test]
    fn real_credit_codes_pass_their_check() {
        for code in [
            "91440300708461136T",
            "91110108551385082Q",
            "91350100m000100y43",
        ] {
            assert!(SocialCreditCode::parse(code).is_ok(), "{code}");
        }
        assert_eq!(
            SocialCreditCode::parse("91440300708461136T")
                .unwrap()
                .region_code(),
            "440300"
        );
    }

    #[test]
    fn credit_code_errors_point_at_the_character() {
        assert_eq!(
            SocialCreditCode::parse("91440300708461136A"),
            Err(CreditCodeError::CheckCharacter('T'))
        );
        assert_eq!(
            SocialCreditCode::parse("91440300708461I36T"),
            Err(CreditCodeError::BadCharacter(15))
        );
        assert_eq!(
            SocialCreditCode::parse("9144030070846113"),
            Err(CreditCodeError::WrongLength(16))
        );
        assert_eq!(
            SocialCreditCode::parse("914403007084611３6T"),
            Err(CreditCodeError::BadCharacter(16))
        );
    }

    #[test]
    fn display_text_is_trimmed_and_bounded() {
        assert_eq!(display_text("  王女士 ", 50).unwrap(), "王女士");
        assert_eq!(display_text("   ", 50), Err(Invalid::Required));
        assert_eq!(
            display_text(&"名".repeat(51), 50),
            Err(Invalid::TooLong { max: 50 })
        );
        assert_eq!(display_text("a\u{0}b", 50), Err(Invalid::InvalidFormat));
        assert_eq!(display_text("\u{200B}", 50), Err(Invalid::InvalidFormat));
        assert_eq!(
            display_text("王\u{202E}女士", 50),
            Err(Invalid::InvalidFormat)
        );
    }
}

#[cfg(test)]
mod free_text_tests {
    use super::*;

    #[test]
    fn emoji_with_joiners_and_line_breaks_are_text() {
        assert!(free_text("一家人 👨\u{200D}👩\u{200D}👧\n第二行", 1, 100).is_ok());
    }

    #[test]
    fn direction_marks_and_invisible_separators_are_refused() {
        for hidden in ['\u{061C}', '\u{00AD}', '\u{2028}', '\u{202E}', '\u{200B}'] {
            let text = format!("商家拒绝退款{hidden}理由不明");
            assert_eq!(
                free_text(&text, 1, 100),
                Err(Invalid::InvalidFormat),
                "{hidden:?}"
            );
        }
    }
}

#[cfg(test)]
mod pattern_tests {
    //! The patterns the API document shows agree with the checks they describe.
    use super::*;
    use regex::Regex;

    fn pattern(source: &str) -> Regex {
        Regex::new(source).unwrap()
    }

    fn one_char(c: char) -> String {
        format!("a{c}b")
    }

    #[test]
    fn the_display_text_pattern_refuses_exactly_the_hidden_characters() {
        let display = pattern(DISPLAY_TEXT_PATTERN);
        let disagreeing: Vec<char> = ('\0'..='\u{FFFF}')
            .filter(|c| display.is_match(&one_char(*c)) == is_hidden(*c))
            .collect();
        assert!(disagreeing.is_empty(), "{disagreeing:?}");
    }

    #[test]
    fn the_free_text_pattern_refuses_exactly_what_free_text_refuses() {
        let free = pattern(FREE_TEXT_PATTERN);
        let disagreeing: Vec<char> = ('\0'..='\u{FFFF}')
            .filter(|c| free.is_match(&one_char(*c)) != free_text(&one_char(*c), 1, 10).is_ok())
            .collect();
        assert!(disagreeing.is_empty(), "{disagreeing:?}");
    }

    #[test]
    fn the_mobile_number_pattern_matches_what_parses() {
        let mobile = pattern(MOBILE_NUMBER_PATTERN);
        for input in [
            "13800138000",
            "138 0013 8000",
            "+86 138-0013-8000",
            "0086 13800138000",
            "1 9 9 0 0 1 3 9 0 0 0",
            "+86\u{3000}13900139000",
        ] {
            assert!(MobileNumber::parse(input).is_ok(), "{input}");
            assert!(mobile.is_match(input), "{input}");
        }
        for input in [
            "12800138000",
            "1380013800",
            "138001380000",
            "8613800138000",
            "+8513800138000",
            "１３８００１３８０００",
            "13800138000\n",
            "-",
        ] {
            assert!(MobileNumber::parse(input).is_err(), "{input}");
            assert!(!mobile.is_match(input), "{input}");
        }
    }
}
