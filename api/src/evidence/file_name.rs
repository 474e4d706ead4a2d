//! File names as people gave them, made safe to show and to send back in a
//! `Content-Disposition` header. Stored files are named by their hash; the
//! given name is kept only for display.

use shared::validation::is_hidden;

use crate::evidence::EvidenceKind;

/// The longest name kept, in characters, extension included.
const MAX_CHARS: usize = 100;

/// Keeps letters (Chinese included), digits, spaces and `._-()`; drops
/// folders, hidden characters and anything else; ends with the extension that
/// matches the content.
pub fn sanitise(given: &str, kind: EvidenceKind) -> String {
    let base = given.rsplit(['/', '\\']).next().unwrap_or("");
    let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem);
    let kept: String = stem
        .chars()
        .filter(|c| !is_hidden(*c))
        .map(|c| {
            if c.is_alphanumeric() || " ._-()（）".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let trimmed = kept.trim_matches(|c: char| c == '.' || c == ' ' || c == '_');
    let extension = kind.extension();
    let room = MAX_CHARS - extension.len() - 1;
    let stem: String = trimmed.chars().take(room).collect();
    let stem = if stem.is_empty() {
        "evidence".to_owned()
    } else {
        stem
    };
    format!("{stem}.{extension}")
}

/// A `Content-Disposition: attachment` value for a sanitised name (RFC 6266):
/// an ASCII `filename` for old clients and the exact name as UTF-8 in
/// `filename*`.
pub fn attachment(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .filter(|c| *c != '"' && *c != '\\')
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_download_header_carries_the_name_in_ascii_and_in_utf8() {
        assert_eq!(
            attachment("发票 2024.jpg"),
            "attachment; filename=\"__ 2024.jpg\"; filename*=UTF-8''%E5%8F%91%E7%A5%A8%202024.jpg"
        );
        assert_eq!(
            attachment("a\"b\\c.pdf"),
            "attachment; filename=\"abc.pdf\"; filename*=UTF-8''a%22b%5Cc.pdf"
        );
    }

    #[test]
    fn folders_and_odd_characters_are_dropped() {
        assert_eq!(
            sanitise("../../etc/passwd", EvidenceKind::Pdf),
            "passwd.pdf"
        );
        assert_eq!(
            sanitise("C:\\Users\\王\\发票 2024.JPG", EvidenceKind::Jpeg),
            "发票 2024.jpg"
        );
        assert_eq!(sanitise("a\u{202E}gpj.exe", EvidenceKind::Png), "agpj.png");
        assert_eq!(
            sanitise("x\";rm -rf.png", EvidenceKind::Png),
            "x__rm -rf.png"
        );
    }

    #[test]
    fn the_extension_follows_the_content_not_the_name() {
        assert_eq!(sanitise("invoice.exe", EvidenceKind::Pdf), "invoice.pdf");
        assert_eq!(sanitise("", EvidenceKind::Mp4), "evidence.mp4");
        assert_eq!(sanitise("....", EvidenceKind::Gif), "evidence.gif");
    }

    #[test]
    fn long_names_are_shortened_to_a_hundred_characters() {
        let name = sanitise(&format!("{}.jpg", "长".repeat(300)), EvidenceKind::Jpeg);

        assert_eq!(name.chars().count(), 100);
        assert!(name.ends_with(".jpg"));
    }
}
