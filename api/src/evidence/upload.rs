//! Reading one uploaded file from a `multipart/form-data` body. The file's
//! kind is decided by its first bytes, and reading stops as soon as it
//! passes the limit for that kind, so an oversized upload is never held whole.

use actix_multipart::{Field, Multipart};
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, HeaderMap};
use actix_web::web::{self, Bytes};
use futures_util::StreamExt;
use shared::ErrorCode;

use crate::config::Settings;
use crate::error::{ApiError, ApiResult};
use crate::evidence::EvidenceKind;
use crate::i18n::Text;

/// The name of the one part that carries the file.
pub const FILE_PART: &str = "file";

/// Enough leading bytes to recognise every accepted kind.
const SNIFF_BYTES: usize = 16;

/// A file as it arrived: its bytes, what they are and the name its sender gave.
pub struct Upload {
    pub bytes: Bytes,
    pub kind: EvidenceKind,
    pub given_name: String,
}

/// The most bytes one file may have, by kind.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub document: u64,
    pub video: u64,
}

impl Limits {
    pub fn of(settings: &Settings) -> Self {
        Self {
            document: settings.max_evidence_bytes,
            video: settings.max_video_bytes,
        }
    }

    fn for_kind(self, kind: Option<EvidenceKind>) -> u64 {
        match kind {
            Some(kind) if kind.is_video() => self.video,
            Some(_) => self.document,
            None => self.document.max(self.video),
        }
    }
}

/// Reads the body's one part named `file`; any other part, a second file or
/// no file at all is refused before anything is stored.
pub async fn read(headers: &HeaderMap, payload: web::Payload, limits: Limits) -> ApiResult<Upload> {
    if !is_form_data(headers) {
        return Err(not_form_data());
    }
    let mut multipart = Multipart::new(headers, payload);

    let field = next_part(&mut multipart).await?.ok_or_else(missing_file)?;
    // The parser moves on to the next part only once this one is dropped,
    // so reading takes the part by value.
    let upload = read_file_part(field, limits).await?;

    if let Some(extra) = next_part(&mut multipart).await? {
        return Err(extra_part(extra.name().unwrap_or("")));
    }
    Ok(upload)
}

fn is_form_data(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("multipart/form-data"))
}

async fn next_part(multipart: &mut Multipart) -> ApiResult<Option<Field>> {
    match multipart.next().await {
        None => Ok(None),
        Some(Ok(field)) => Ok(Some(field)),
        Some(Err(error)) => Err(unreadable(&error)),
    }
}

fn check_part_name(field: &Field) -> ApiResult<()> {
    match field.name() {
        Some(FILE_PART) => Ok(()),
        other => Err(extra_part(other.unwrap_or(""))),
    }
}

/// The name from `filename*` (RFC 5987) when given, else from `filename`.
fn given_name(field: &Field) -> String {
    let Some(disposition) = field.content_disposition() else {
        return String::new();
    };
    if let Some(extended) = disposition.get_filename_ext() {
        return String::from_utf8_lossy(&extended.value).into_owned();
    }
    disposition.get_filename().unwrap_or("").to_owned()
}

async fn read_file_part(mut field: Field, limits: Limits) -> ApiResult<Upload> {
    check_part_name(&field)?;
    let given_name = given_name(&field);
    let (bytes, kind) = read_file(&mut field, limits).await?;
    Ok(Upload {
        bytes,
        kind,
        given_name,
    })
}

/// Collects the file, sniffing its kind as soon as enough bytes are in and
/// refusing it the moment it outgrows that kind's limit.
async fn read_file(field: &mut Field, limits: Limits) -> ApiResult<(Bytes, EvidenceKind)> {
    let mut bytes = Vec::new();
    let mut kind = None;

    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|error| unreadable(&error))?;
        let limit = limits.for_kind(kind);
        if (bytes.len() + chunk.len()) as u64 > limit {
            return Err(too_large(kind, limit));
        }
        bytes.extend_from_slice(&chunk);
        if kind.is_none() && bytes.len() >= SNIFF_BYTES {
            kind = Some(sniff(&bytes)?);
        }
    }

    let kind = match kind {
        Some(kind) => kind,
        None => sniff(&bytes)?,
    };
    let limit = limits.for_kind(Some(kind));
    if bytes.len() as u64 > limit {
        return Err(too_large(Some(kind), limit));
    }
    Ok((Bytes::from(bytes), kind))
}

fn sniff(bytes: &[u8]) -> ApiResult<EvidenceKind> {
    EvidenceKind::sniff(bytes).ok_or_else(unsupported)
}

fn unsupported() -> ApiError {
    let accepted: Vec<&str> = EvidenceKind::ALL.iter().map(|k| k.label()).collect();
    let accepted = accepted.join(", ");
    ApiError::new(
        ErrorCode::UnsupportedMediaType,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        Text::new(
            format!("无法识别该文件的格式。可上传的格式：{accepted}。请转换后再上传。"),
            format!(
                "The file's content is not a format we accept. Accepted: {accepted}. Convert it and upload again."
            ),
        ),
    )
}

fn too_large(kind: Option<EvidenceKind>, limit: u64) -> ApiError {
    let size = readable_size(limit);
    let (zh, en) = match kind {
        Some(kind) if kind.is_video() => ("视频", "A video"),
        _ => ("图片或 PDF 文件", "An image or PDF file"),
    };
    ApiError::new(
        ErrorCode::PayloadTooLarge,
        StatusCode::PAYLOAD_TOO_LARGE,
        Text::new(
            format!("{zh}不能超过 {size}，请压缩或截取后再上传。"),
            format!("{en} may be at most {size}; compress or trim it and upload again."),
        ),
    )
}

/// A limit as people read it: in MB with at most two decimals, or in KB
/// below one megabyte.
fn readable_size(bytes: u64) -> String {
    let (value, unit) = if bytes >= 1 << 20 {
        (bytes as f64 / f64::from(1 << 20), "MB")
    } else {
        (bytes as f64 / 1024.0, "KB")
    };
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} {unit}")
}

fn not_form_data() -> ApiError {
    ApiError::new(
        ErrorCode::UnsupportedMediaType,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        Text::new(
            "请以 multipart/form-data 上传，文件放在名为 file 的部分中。",
            "Upload as multipart/form-data with the file in a part named `file`.",
        ),
    )
}

fn missing_file() -> ApiError {
    ApiError::field(
        FILE_PART,
        "required",
        Text::new(
            "请求中没有文件，请在名为 file 的部分中放入一个文件。",
            "The request holds no file; put one file in a part named `file`.",
        ),
    )
}

fn extra_part(name: &str) -> ApiError {
    let field = if name.is_empty() { "body" } else { name };
    ApiError::field(
        field,
        "unexpected_part",
        Text::new(
            "每次只能上传一个文件，且只能放在名为 file 的部分中，请去掉其他部分。",
            "Upload one file at a time, in a part named `file`, and nothing else.",
        ),
    )
}

fn unreadable(error: &actix_multipart::MultipartError) -> ApiError {
    tracing::info!(%error, "unreadable evidence upload");
    ApiError::new(
        ErrorCode::ValidationFailed,
        StatusCode::BAD_REQUEST,
        Text::new(
            "无法读取上传内容（multipart 格式有误或传输中断），请重新上传。",
            "The upload could not be read (malformed multipart or interrupted); upload it again.",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_as_megabytes() {
        assert_eq!(readable_size(20 << 20), "20 MB");
        assert_eq!(readable_size(100 << 20), "100 MB");
        assert_eq!(readable_size(3 << 19), "1.5 MB");
        assert_eq!(readable_size(1024), "1 KB");
    }

    #[test]
    fn a_video_gets_the_video_limit_and_an_unknown_head_the_larger_one() {
        let limits = Limits {
            document: 10,
            video: 100,
        };

        assert_eq!(limits.for_kind(Some(EvidenceKind::Mp4)), 100);
        assert_eq!(limits.for_kind(Some(EvidenceKind::Pdf)), 10);
        assert_eq!(limits.for_kind(None), 100);
    }
}
