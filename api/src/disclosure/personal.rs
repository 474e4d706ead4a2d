//! Text that staff write for the public (an edited description, a case
//! publicity statement) is refused while the redactor still finds personal
//! information in it: what staff publish is what they wrote, and they write
//! a placeholder such as 【姓名】 where a person would be named.

use super::{KnownNames, redact};
use crate::i18n::Text;

/// The field error code for such a text.
pub const CODE: &str = "personal_information";

/// What is wrong with `text`, when the redactor finds personal information
/// in it (`names` are the people it knows of, such as the consumers).
pub fn still_in(text: &str, names: &KnownNames) -> Option<Text> {
    let first = redact(text, names).spans.into_iter().next()?;
    let (code, placeholder) = (first.kind.code(), first.kind.placeholder());
    Some(Text::new(
        format!("文本中仍有个人信息（{code}），请改用占位符 {placeholder}。"),
        format!(
            "The text still holds personal information ({code}); write the placeholder {placeholder} instead."
        ),
    ))
}
