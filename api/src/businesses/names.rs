//! Business names as search compares them. Consumers type names the way they
//! remember them: with full-width letters from a Chinese input method, with or
//! without spaces, in any case. Folding both sides the same way makes
//! `ＡＢＣ 科技`, `abc科技` and `ABC科技` the same query.

/// The folded form of a name: full-width ASCII made half-width, the
/// ideographic space and all other white space removed, lower case.
pub fn fold(name: &str) -> String {
    name.chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace())
        .map(lower_char)
        .collect()
}

/// Full-width letters and digits made half-width, and lower case, with
/// spaces kept: the form search segments and compares.
pub fn plain(text: &str) -> String {
    text.chars().map(half_width).map(lower_char).collect()
}

/// Lower case that never makes a text longer, so that a key fits wherever
/// its name fits: `İ` becomes `i` where Unicode makes it `i` and a
/// combining dot, which also lets `istanbul` find `İSTANBUL`.
pub fn lower(text: &str) -> String {
    text.chars().map(lower_char).collect()
}

fn lower_char(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Full-width forms U+FF01..U+FF5E sit 0xFEE0 above their ASCII twins.
fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// The character that makes the next one in a `LIKE` pattern literal; give
/// it as the `ESCAPE` of every pattern built with [`like_literal`].
pub const LIKE_ESCAPE: char = '\\';

/// Text made literal for `LIKE`: the wildcards `%` and `_` and the escape
/// character itself are escaped, so that a name containing them matches
/// itself and nothing more.
pub fn like_literal(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | LIKE_ESCAPE) {
            escaped.push(LIKE_ESCAPE);
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_letters_spaces_and_case_fold_together() {
        assert_eq!(fold("ＡＢＣ　科技"), "abc科技");
        assert_eq!(fold(" Abc 科技 "), "abc科技");
        assert_eq!(fold("abc科技"), "abc科技");
    }

    #[test]
    fn full_width_digits_and_brackets_become_ascii() {
        assert_eq!(fold("美的（１号店）"), "美的(1号店)");
        assert_eq!(fold("美的＆小天鹅"), "美的&小天鹅");
    }

    #[test]
    fn lower_case_is_never_longer_than_the_name() {
        assert_eq!(lower("İSTANBUL"), "istanbul");
        assert_eq!(fold("İ".repeat(3).as_str()).chars().count(), 3);
    }

    #[test]
    fn chinese_text_is_kept_as_it_is() {
        assert_eq!(
            fold("深圳市腾讯计算机系统有限公司"),
            "深圳市腾讯计算机系统有限公司"
        );
    }

    #[test]
    fn wildcards_reach_like_escaped() {
        assert_eq!(like_literal("100%_好\\"), "100\\%\\_好\\\\");
    }
}
