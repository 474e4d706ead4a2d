//! Deciding what a file is from its first bytes, never from its name or the
//! header its sender chose.

/// The kinds of evidence accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvidenceKind {
    Jpeg,
    Png,
    Gif,
    Webp,
    Heic,
    Pdf,
    Mp4,
    QuickTime,
}

impl EvidenceKind {
    /// Every kind, in the order the API names them.
    pub const ALL: [Self; 8] = [
        Self::Jpeg,
        Self::Png,
        Self::Gif,
        Self::Webp,
        Self::Heic,
        Self::Pdf,
        Self::Mp4,
        Self::QuickTime,
    ];

    /// The format's usual name, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Self::Jpeg => "JPEG",
            Self::Png => "PNG",
            Self::Gif => "GIF",
            Self::Webp => "WebP",
            Self::Heic => "HEIC",
            Self::Pdf => "PDF",
            Self::Mp4 => "MP4",
            Self::QuickTime => "MOV",
        }
    }

    /// What the parties see it as: `image`, `pdf` or `video`.
    pub fn class(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            _ if self.is_video() => "video",
            _ => "image",
        }
    }

    /// The kind whose media type this is, as stored with an upload.
    pub fn from_media_type(media_type: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.media_type() == media_type)
    }

    /// The media type to serve the file with.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Gif => "image/gif",
            Self::Webp => "image/webp",
            Self::Heic => "image/heic",
            Self::Pdf => "application/pdf",
            Self::Mp4 => "video/mp4",
            Self::QuickTime => "video/quicktime",
        }
    }

    /// Videos get a larger size limit than images and documents.
    pub fn is_video(self) -> bool {
        matches!(self, Self::Mp4 | Self::QuickTime)
    }

    /// The file-name extension that matches the content.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Gif => "gif",
            Self::Webp => "webp",
            Self::Heic => "heic",
            Self::Pdf => "pdf",
            Self::Mp4 => "mp4",
            Self::QuickTime => "mov",
        }
    }

    /// Recognises the file from its first bytes; `None` for anything else.
    pub fn sniff(head: &[u8]) -> Option<Self> {
        if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Some(Self::Jpeg);
        }
        if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Some(Self::Png);
        }
        if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
            return Some(Self::Gif);
        }
        if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
            return Some(Self::Webp);
        }
        if head.starts_with(b"%PDF-") {
            return Some(Self::Pdf);
        }
        iso_media(head)
    }
}

/// ISO base media files (MP4, QuickTime, HEIC) start with an `ftyp` box whose
/// major brand names the format.
fn iso_media(head: &[u8]) -> Option<EvidenceKind> {
    if head.len() < 12 || &head[4..8] != b"ftyp" {
        return None;
    }
    match &head[8..12] {
        b"qt  " => Some(EvidenceKind::QuickTime),
        b"heic" | b"heix" | b"mif1" | b"msf1" => Some(EvidenceKind::Heic),
        b"isom" | b"iso2" | b"iso4" | b"iso5" | b"iso6" | b"mp41" | b"mp42" | b"avc1" | b"M4V "
        | b"3gp4" | b"3gp5" => Some(EvidenceKind::Mp4),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_formats_are_recognised_by_their_first_bytes() {
        assert_eq!(
            EvidenceKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some(EvidenceKind::Jpeg)
        );
        assert_eq!(
            EvidenceKind::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(EvidenceKind::Png)
        );
        assert_eq!(EvidenceKind::sniff(b"%PDF-1.7\n"), Some(EvidenceKind::Pdf));
        assert_eq!(
            EvidenceKind::sniff(b"RIFF\x24\0\0\0WEBPVP8 "),
            Some(EvidenceKind::Webp)
        );
        assert_eq!(
            EvidenceKind::sniff(b"\0\0\0\x20ftypisom\0\0\x02\0"),
            Some(EvidenceKind::Mp4)
        );
        assert_eq!(
            EvidenceKind::sniff(b"\0\0\0\x14ftypqt  \0\0\0\0"),
            Some(EvidenceKind::QuickTime)
        );
        assert_eq!(
            EvidenceKind::sniff(b"\0\0\0\x18ftypheic\0\0\0\0"),
            Some(EvidenceKind::Heic)
        );
    }

    #[test]
    fn other_content_is_refused_whatever_it_is_called() {
        assert_eq!(
            EvidenceKind::sniff(b"<html><script>alert(1)</script>"),
            None
        );
        assert_eq!(EvidenceKind::sniff(b"MZ\x90\0"), None, "a Windows program");
        assert_eq!(EvidenceKind::sniff(b"PK\x03\x04"), None, "a zip archive");
        assert_eq!(EvidenceKind::sniff(b""), None);
        assert_eq!(EvidenceKind::sniff(b"\0\0\0\x18ftypzzzz"), None);
    }

    #[test]
    fn a_stored_media_type_names_its_kind_again() {
        for kind in EvidenceKind::ALL {
            assert_eq!(EvidenceKind::from_media_type(kind.media_type()), Some(kind));
        }
        assert_eq!(EvidenceKind::from_media_type("text/html"), None);
    }

    #[test]
    fn parties_see_images_documents_and_videos() {
        assert_eq!(EvidenceKind::Heic.class(), "image");
        assert_eq!(EvidenceKind::Pdf.class(), "pdf");
        assert_eq!(EvidenceKind::QuickTime.class(), "video");
    }
}
