//! `/evidence` and `/complaints/{id}/evidence`: uploading a file, reading it
//! back, and listing the files attached to a complaint.

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, ETAG, LOCATION};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use anyhow::{Context, anyhow};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::evidence::Evidence;
use shared::{ComplaintId, EvidenceId, Problem};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::Principal;
use crate::complaints::access;
use crate::entities::{complaints, evidence};
use crate::error::{ApiError, ApiResult};
use crate::evidence::upload::{self, Limits, Upload};
use crate::evidence::{ContentHash, EvidenceKind, file_name};
use crate::joining;
use crate::state::AppState;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(upload_evidence)
        .service(get_evidence)
        .service(download_evidence)
        .service(list_complaint_evidence);
}

// The two types below only describe bodies in the API docs.

/// One file, in a part named `file`.
#[derive(utoipa::ToSchema)]
#[expect(
    dead_code,
    reason = "describes the multipart body; the handler streams it"
)]
struct EvidenceUpload {
    /// The file: JPEG, PNG, GIF, WebP, HEIC or PDF up to `max_evidence_bytes`
    /// (20 MB by default), MP4 or MOV up to `max_video_bytes` (100 MB).
    #[schema(value_type = String, format = Binary, content_media_type = "application/octet-stream")]
    file: Vec<u8>,
}

/// The file's bytes.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
#[expect(dead_code, reason = "describes the download; the handler sends bytes")]
struct EvidenceBytes(Vec<u8>);

/// Upload one evidence file, to attach to a filing or a message afterwards
/// (or, as a business licence, to a joining application).
///
/// Send `multipart/form-data` with exactly one part named `file`. Its type is
/// decided by its content, never by its name; the name is kept for display,
/// cleaned and given the extension that matches the content. A file that no
/// filing, message or application attaches within `orphan_evidence_hours`
/// (24 by default) is removed.
#[utoipa::path(
    tag = "evidence",
    security(("bearer" = [])),
    request_body(content = inline(EvidenceUpload), content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "The stored file; `sha256` proves later that it was not changed", body = Evidence),
        (status = 400, description = "The multipart body could not be read", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is over the limit for its kind", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not multipart/form-data, or a file of a kind not accepted", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No part named `file`, or other parts besides it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/evidence")]
async fn upload_evidence(
    state: web::Data<AppState>,
    principal: Principal,
    request: HttpRequest,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    principal.require(shared::businesses::ApiScope::ActOnCases)?;
    let limits = Limits::of(&state.settings);
    let upload = upload::read(request.headers(), payload, limits).await?;

    let row = store_upload(&state, &principal, upload).await?;
    tracing::info!(
        evidence_id = %row.id,
        uploader = %principal.user_id,
        media_type = %row.media_type,
        size = row.size,
        "evidence uploaded"
    );

    Ok(HttpResponse::Created()
        .insert_header((LOCATION, format!("/api/v1/evidence/{}", row.id)))
        .json(view(row)))
}

/// The metadata of an evidence file.
///
/// Its uploader sees it while it is unattached; once attached, whoever may
/// see the complaint does. A business licence attached to a joining
/// application: its applicant and its reviewers. Anyone else gets 404.
#[utoipa::path(
    tag = "evidence",
    security(("bearer" = [])),
    params(("evidence_id" = EvidenceId, Path)),
    responses(
        (status = 200, description = "The file's metadata", body = Evidence),
        (status = 404, description = "No such file, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/evidence/{evidence_id}")]
async fn get_evidence(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<EvidenceId>,
) -> ApiResult<web::Json<Evidence>> {
    let row = visible(&state, &principal, *id).await?;

    Ok(web::Json(view(row)))
}

/// Download an evidence file's bytes, exactly as uploaded.
///
/// Served as an attachment with the type found at upload, `nosniff`, and the
/// SHA-256 as `ETag`. Who may download: as for the metadata.
#[utoipa::path(
    tag = "evidence",
    security(("bearer" = [])),
    params(("evidence_id" = EvidenceId, Path)),
    responses(
        (status = 200, description = "The file, with the media type found at upload",
            content(
                (inline(EvidenceBytes) = "image/jpeg"),
                (inline(EvidenceBytes) = "image/png"),
                (inline(EvidenceBytes) = "image/gif"),
                (inline(EvidenceBytes) = "image/webp"),
                (inline(EvidenceBytes) = "image/heic"),
                (inline(EvidenceBytes) = "application/pdf"),
                (inline(EvidenceBytes) = "video/mp4"),
                (inline(EvidenceBytes) = "video/quicktime"),
            ),
            headers(
                ("Content-Disposition" = String, description = "`attachment` with the file's name"),
                ("ETag" = String, description = "The SHA-256 of the bytes, quoted"),
            )),
        (status = 404, description = "No such file, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "The stored file is missing or was changed; it is not served", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/evidence/{evidence_id}/content")]
async fn download_evidence(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<EvidenceId>,
) -> ApiResult<HttpResponse> {
    let row = visible(&state, &principal, *id).await?;
    let bytes = read_blob(&state, &row.hash).await?;

    let media_type = EvidenceKind::from_media_type(&row.media_type)
        .map_or("application/octet-stream", EvidenceKind::media_type);
    Ok(HttpResponse::Ok()
        .content_type(media_type)
        .insert_header((CONTENT_DISPOSITION, file_name::attachment(&row.file_name)))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header((ETAG, format!("\"{}\"", row.hash)))
        .insert_header((CACHE_CONTROL, "private, no-cache"))
        .body(bytes))
}

/// The files attached to a complaint, in the order they were attached.
///
/// For anyone who may see the complaint; 404 for everyone else.
#[utoipa::path(
    tag = "evidence",
    security(("bearer" = [])),
    params(("complaint_id" = ComplaintId, Path)),
    responses(
        (status = 200, description = "The complaint's files", body = Vec<Evidence>),
        (status = 404, description = "No such complaint, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/complaints/{complaint_id}/evidence")]
async fn list_complaint_evidence(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ComplaintId>,
) -> ApiResult<web::Json<Vec<Evidence>>> {
    let complaint = find_complaint(&state, id.0).await?;
    access::access(&state.db, &principal, &complaint).await?;

    let rows = evidence::Entity::find()
        .filter(evidence::Column::ComplaintId.eq(id.0))
        .order_by_asc(evidence::Column::AttachedAt)
        .order_by_asc(evidence::Column::Id)
        .all(&state.db)
        .await?;
    Ok(web::Json(rows.into_iter().map(view).collect()))
}

/// Stores the file, then its row, then makes sure the file is still there:
/// a sweep may have removed an identical abandoned copy between the first
/// two steps (see [`crate::evidence::cleanup`]). Storing is idempotent, so
/// the last step costs little when nothing happened.
async fn store_upload(
    state: &AppState,
    principal: &Principal,
    upload: Upload,
) -> ApiResult<evidence::Model> {
    let hash = put_blob(state, upload.bytes.clone()).await?;
    let row = insert_row(state, principal, &upload, &hash).await?;

    if let Err(error) = put_blob(state, upload.bytes).await {
        evidence::Entity::delete_by_id(row.id)
            .exec(&state.db)
            .await
            .ok();
        return Err(error);
    }
    Ok(row)
}

/// Stores the bytes off the async executor; durable when it returns.
pub(crate) async fn put_blob(state: &AppState, bytes: Bytes) -> ApiResult<ContentHash> {
    let store = state.evidence.clone();
    tokio::task::spawn_blocking(move || store.put(&bytes))
        .await
        .map_err(ApiError::internal)?
        .context("storing an uploaded evidence file")
        .map_err(ApiError::internal)
}

/// The stored bytes, checked against their hash. A missing or changed file is
/// an internal error naming the hash, and nothing is served.
pub(crate) async fn read_blob(state: &AppState, hash: &str) -> ApiResult<Vec<u8>> {
    let parsed = ContentHash::parse(hash)
        .ok_or_else(|| ApiError::internal(anyhow!("evidence row holds a malformed hash {hash}")))?;
    let store = state.evidence.clone();

    let found = tokio::task::spawn_blocking(move || store.get(&parsed))
        .await
        .map_err(ApiError::internal)?
        .with_context(|| format!("evidence file {hash} failed its check and was not served"))
        .map_err(ApiError::internal)?;
    found.ok_or_else(|| {
        ApiError::internal(anyhow!(
            "evidence file {hash} is missing from the store; restore it from a backup"
        ))
    })
}

async fn insert_row(
    state: &AppState,
    principal: &Principal,
    upload: &Upload,
    hash: &ContentHash,
) -> ApiResult<evidence::Model> {
    let row = evidence::ActiveModel {
        id: Set(Uuid::now_v7()),
        uploader_id: Set(principal.user_id.0),
        complaint_id: Set(None),
        hash: Set(hash.as_str().to_owned()),
        kind: Set(upload.kind.class().to_owned()),
        media_type: Set(upload.kind.media_type().to_owned()),
        file_name: Set(file_name::sanitise(&upload.given_name, upload.kind)),
        size: Set(i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX)),
        created_at: Set(state.clock.now()),
        attached_at: Set(None),
        application_id: Set(None),
    };
    Ok(evidence::Entity::insert(row)
        .exec_with_returning(&state.db)
        .await?)
}

/// The file if the caller may see it: its uploader while it is unattached,
/// then whoever may see its complaint; a business licence, the applicant and
/// the reviewers of its joining application. 404 for anyone else.
async fn visible(
    state: &AppState,
    principal: &Principal,
    id: EvidenceId,
) -> ApiResult<evidence::Model> {
    let row = evidence::Entity::find_by_id(id.0)
        .one(&state.db)
        .await?
        .ok_or_else(not_found)?;

    if let Some(application) = row.application_id {
        let may = joining::licence::may_read(&state.db, principal, application).await?;
        return if may { Ok(row) } else { Err(not_found()) };
    }
    let Some(complaint_id) = row.complaint_id else {
        let own = row.uploader_id == principal.user_id.0;
        return if own { Ok(row) } else { Err(not_found()) };
    };
    let complaint = find_complaint(state, complaint_id)
        .await
        .map_err(as_missing_evidence)?;
    access::access(&state.db, principal, &complaint)
        .await
        .map_err(as_missing_evidence)?;
    Ok(row)
}

async fn find_complaint(state: &AppState, id: Uuid) -> ApiResult<complaints::Model> {
    complaints::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or_else(access::not_found)
}

fn not_found() -> ApiError {
    ApiError::not_found("证据文件", "evidence file")
}

/// A hidden complaint hides its files too, with the same answer as a file
/// that does not exist.
fn as_missing_evidence(error: ApiError) -> ApiError {
    if error.status == StatusCode::NOT_FOUND {
        not_found()
    } else {
        error
    }
}

fn view(row: evidence::Model) -> Evidence {
    Evidence {
        id: EvidenceId(row.id),
        complaint_id: row.complaint_id.map(ComplaintId),
        kind: row.kind,
        media_type: row.media_type,
        file_name: row.file_name,
        size: row.size,
        sha256: row.hash,
        uploaded_at: row.created_at,
    }
}
