//! The two languages of the API's messages: zh-CN (the default) and en.

use actix_web::HttpRequest;
use actix_web::http::header::ACCEPT_LANGUAGE;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    ZhCn,
    En,
}

impl Lang {
    /// The supported language that `Accept-Language` prefers most; zh-CN when
    /// the header is absent or names neither.
    pub fn of(request: &HttpRequest) -> Self {
        request
            .headers()
            .get(ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .map(Self::negotiate)
            .unwrap_or(Self::ZhCn)
    }

    pub fn negotiate(header: &str) -> Self {
        let mut best = (Self::ZhCn, 0.0_f32);
        for entry in header.split(',') {
            let mut parts = entry.split(';');
            let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let lang = if tag.starts_with("en") {
                Some(Self::En)
            } else if tag.starts_with("zh") {
                Some(Self::ZhCn)
            } else {
                None
            };
            if let Some(lang) = lang
                && quality > best.1
            {
                best = (lang, quality);
            }
        }
        best.0
    }
}

/// A sentence in both languages; the response picks one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn pick(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.zh,
            Lang::En => &self.en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_chosen_only_when_preferred() {
        assert_eq!(Lang::negotiate("en-US,en;q=0.9"), Lang::En);
        assert_eq!(Lang::negotiate("zh-CN,zh;q=0.9,en;q=0.8"), Lang::ZhCn);
        assert_eq!(Lang::negotiate("fr-FR, en;q=0.5"), Lang::En);
        assert_eq!(Lang::negotiate("fr-FR"), Lang::ZhCn);
        assert_eq!(Lang::negotiate("zh;q=0.3, en;q=0.7"), Lang::En);
    }
}
