//! Uploading evidence, reading it back, who may see it, and the sweep of
//! uploads that nothing attached.

use std::sync::Arc;

use api::clock::Clock;
use api::entities::{complaints, evidence};
use api::evidence::attach::{Attachment, attach};
use api::evidence::cleanup::remove_orphans;
use api::evidence::{ContentHash, EvidenceStore};
use api::state::AppState;
use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use sea_orm::{ActiveValue::Set, EntityTrait, PaginatorTrait};
use serde_json::json;
use sha2::{Digest, Sha256};
use shared::EvidenceId;
use uuid::Uuid;

use crate::helpers::{Reply, TestApp, reply, spawn_app, spawn_app_with};

pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde";
const JPEG: &[u8] = b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xff\xd9";
pub const PDF: &[u8] = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
pub const MP4: &[u8] = b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2\0\0\0\x08free";

pub const BOUNDARY: &str = "redress-test-boundary";

/// One part of a multipart body: its `Content-Disposition` parameters after
/// `form-data; `, and its bytes.
pub struct Part<'a>(pub &'a str, pub &'a [u8]);

pub fn file(name: &str) -> String {
    format!("name=\"file\"; filename=\"{name}\"")
}

pub fn form(parts: &[Part<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for Part(disposition, bytes) in parts {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; {disposition}\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload_form(app: &TestApp, token: &str, parts: &[Part<'_>]) -> Reply {
    let response = app
        .client
        .post(app.url("/api/v1/evidence"))
        .bearer_auth(token)
        .header(
            CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(form(parts))
        .send()
        .await
        .expect("the upload reaches the server");
    reply(response).await
}

async fn upload(app: &TestApp, token: &str, name: &str, bytes: &[u8]) -> Reply {
    upload_form(app, token, &[Part(&file(name), bytes)]).await
}

/// Uploads and returns the new file's id.
pub async fn uploaded(app: &TestApp, token: &str, name: &str, bytes: &[u8]) -> String {
    let reply = upload(app, token, name, bytes).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    reply.body["id"].as_str().unwrap().to_owned()
}

pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A PNG of exactly `size` bytes, unique by `seed`.
pub fn png_of(size: usize, seed: u8) -> Vec<u8> {
    let mut bytes = PNG.to_vec();
    bytes.resize(size, seed);
    bytes
}

fn stored(app: &TestApp, bytes: &[u8]) -> Option<Vec<u8>> {
    let hash = ContentHash::parse(&sha256(bytes)).unwrap();
    app.state.evidence.get(&hash).unwrap()
}

async fn row_count(app: &TestApp) -> u64 {
    evidence::Entity::find().count(&app.state.db).await.unwrap()
}

async fn user_id(app: &TestApp, token: &str) -> Uuid {
    let me = app.get("/api/v1/me", Some(token)).await;
    me.body["id"].as_str().unwrap().parse().unwrap()
}

/// A complaint row filed by this consumer with the Guangdong association.
async fn complaint_of(app: &TestApp, consumer: Uuid) -> Uuid {
    let association: Uuid = app.association_id("440000").await.parse().unwrap();
    let now = app.clock.now();
    let id = Uuid::now_v7();
    let row = complaints::ActiveModel {
        id: Set(id),
        number: Set(format!("T{}", &Uuid::new_v4().simple().to_string()[..16])),
        consumer_id: Set(consumer),
        business_id: Set(Uuid::now_v7()),
        outlet_id: Set(None),
        association_id: Set(association),
        region_code: Set("440300".to_owned()),
        category_code: Set("goods".to_owned()),
        nature_code: Set("quality".to_owned()),
        purchase_date: Set(None),
        amount_fen: Set(None),
        order_number: Set(None),
        channel: Set("online".to_owned()),
        channel_platform: Set(None),
        description: Set("收到的手机屏幕有裂痕。".to_owned()),
        demands: Set("[]".to_owned()),
        consent_to_publish: Set(false),
        state: Set("submitted".to_owned()),
        outcome: Set(None),
        business_was_member: Set(false),
        business_missed_deadline: Set(false),
        pending_offer: Set(None),
        agreement: Set(None),
        mediator_id: Set(None),
        rating: Set(None),
        rating_comment: Set(None),
        version: Set(1),
        timeline_head: Set(None),
        timeline_length: Set(0),
        filed_at: Set(now),
        accepted_at: Set(None),
        updated_at: Set(now),
        closed_at: Set(None),
        published_at: Set(None),
        unpublished_at: Set(None),
        consent_withdrawn_at: Set(None),
        public_description: Set(None),
        group_id: Set(None),
    };
    complaints::Entity::insert(row)
        .exec(&app.state.db)
        .await
        .unwrap();
    id
}

async fn attach_to(app: &TestApp, evidence: &str, uploader: Uuid, complaint: Uuid) {
    let ids = [EvidenceId(evidence.parse().unwrap())];
    let attachment = Attachment {
        ids: &ids,
        uploader,
        complaint,
        case_limit: 300 << 20,
        field: "evidence_ids",
    };
    attach(&app.state.db, &attachment, app.clock.now())
        .await
        .unwrap();
}

async fn download(app: &TestApp, token: &str, id: &str) -> reqwest::Response {
    app.client
        .get(app.url(&format!("/api/v1/evidence/{id}/content")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn each_accepted_kind_is_stored_with_its_kind_size_and_sha256() {
    let app = spawn_app().await;
    let token = app.consumer_token("13800138001").await;
    let samples: [(&str, &[u8], &str, &str, &str); 4] = [
        ("屏幕.png", PNG, "image", "image/png", "屏幕.png"),
        ("receipt.JPG", JPEG, "image", "image/jpeg", "receipt.jpg"),
        ("发票.pdf", PDF, "pdf", "application/pdf", "发票.pdf"),
        ("unboxing.mov", MP4, "video", "video/mp4", "unboxing.mp4"),
    ];

    for (name, bytes, kind, media_type, stored_name) in samples {
        let reply = upload(&app, &token, name, bytes).await;

        assert_eq!(reply.status, StatusCode::CREATED, "{name}: {}", reply.body);
        assert_eq!(reply.body["kind"], kind);
        assert_eq!(reply.body["media_type"], media_type);
        assert_eq!(reply.body["file_name"], stored_name);
        assert_eq!(reply.body["size"], bytes.len());
        assert_eq!(reply.body["sha256"], sha256(bytes));
        assert!(reply.body["complaint_id"].is_null());
        let location = format!("/api/v1/evidence/{}", reply.body["id"].as_str().unwrap());
        assert_eq!(reply.header("location"), Some(location.as_str()));
        assert_eq!(stored(&app, bytes).as_deref(), Some(bytes));
    }
}

#[tokio::test]
async fn content_that_is_not_an_accepted_format_is_refused_whatever_its_name() {
    let app = spawn_app().await;
    let token = app.consumer_token("13800138002").await;
    let program = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0 this program cannot be run";
    let text = b"just some text pretending to be a photo";

    for bytes in [&program[..], &text[..]] {
        let reply = upload(&app, &token, "x.jpg", bytes).await;

        assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(reply.code(), "unsupported_media_type");
        let detail = reply.body["detail"].as_str().unwrap();
        assert!(
            ["JPEG", "PNG", "PDF", "MP4"]
                .iter()
                .all(|f| detail.contains(f)),
            "{detail}"
        );
        assert_eq!(stored(&app, bytes), None);
    }
    assert_eq!(row_count(&app).await, 0);
}

#[tokio::test]
async fn a_file_over_its_kinds_limit_is_refused_and_nothing_is_kept() {
    let app = spawn_app_with(|settings| {
        settings.max_evidence_bytes = 1 << 20;
        settings.max_video_bytes = 2 << 20;
    })
    .await;
    let token = app.consumer_token("13800138003").await;
    let too_big = png_of((1 << 20) + 1, 1);

    let refused = upload(&app, &token, "big.png", &too_big).await;

    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(refused.code(), "payload_too_large");
    let detail = refused.body["detail"].as_str().unwrap();
    assert!(detail.contains("1 MB"), "{detail}");
    assert_eq!(row_count(&app).await, 0);
    assert_eq!(stored(&app, &too_big), None);

    let far_too_big = png_of(16 << 20, 9);
    let cut_off = upload(&app, &token, "huge.png", &far_too_big).await;
    assert_eq!(cut_off.status, StatusCode::PAYLOAD_TOO_LARGE);

    let at_the_limit = upload(&app, &token, "ok.png", &png_of(1 << 20, 2)).await;
    assert_eq!(
        at_the_limit.status,
        StatusCode::CREATED,
        "{}",
        at_the_limit.body
    );

    let mut video = MP4.to_vec();
    video.resize(3 << 19, 3);
    let video_reply = upload(&app, &token, "clip.mp4", &video).await;
    assert_eq!(
        video_reply.status,
        StatusCode::CREATED,
        "{}",
        video_reply.body
    );
}

#[tokio::test]
async fn a_file_larger_than_the_json_limit_is_accepted() {
    let app = spawn_app().await;
    let token = app.consumer_token("13800138004").await;
    let mut pdf = PDF.to_vec();
    pdf.resize(200 * 1024, b' ');

    let reply = upload(&app, &token, "contract.pdf", &pdf).await;

    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(reply.body["size"], pdf.len());
}

#[tokio::test]
async fn bodies_without_exactly_one_file_part_are_refused_and_nothing_is_kept() {
    let app = spawn_app().await;
    let token = app.consumer_token("13800138005").await;

    let json = app
        .post("/api/v1/evidence", Some(&token), json!({"file": "x"}))
        .await;
    assert_eq!(json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(
        json.body["detail"]
            .as_str()
            .unwrap()
            .contains("multipart/form-data")
    );

    let broken = app
        .client
        .post(app.url("/api/v1/evidence"))
        .bearer_auth(&token)
        .header(
            CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n%PDF-1.7"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(broken.status(), StatusCode::BAD_REQUEST);

    let note_only = upload_form(&app, &token, &[Part("name=\"note\"", b"hello")]).await;
    assert_eq!(note_only.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        note_only.field_codes(),
        [("note".into(), "unexpected_part".into())]
    );

    let nothing = upload_form(&app, &token, &[]).await;
    assert_eq!(nothing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(nothing.field_codes(), [("file".into(), "required".into())]);

    let extra = Part("name=\"note\"", b"hello");
    let with_extra = upload_form(&app, &token, &[Part(&file("a.png"), PNG), extra]).await;
    assert_eq!(with_extra.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        with_extra.field_codes(),
        [("note".into(), "unexpected_part".into())]
    );

    let two = [Part(&file("a.png"), PNG), Part(&file("b.pdf"), PDF)];
    let two_files = upload_form(&app, &token, &two).await;
    assert_eq!(two_files.status, StatusCode::UNPROCESSABLE_ENTITY);

    assert_eq!(row_count(&app).await, 0);
    assert_eq!(stored(&app, PNG), None);
}

#[tokio::test]
async fn an_upload_without_a_token_is_refused_before_it_is_read() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(app.url("/api/v1/evidence"))
        .header(
            CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(form(&[Part(&file("a.png"), PNG)]))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(row_count(&app).await, 0);
}

#[tokio::test]
async fn folders_and_hidden_characters_are_removed_from_the_name() {
    let app = spawn_app().await;
    let token = app.consumer_token("13800138006").await;
    let cases = [
        (file("../../etc/passwd.png"), "passwd.png"),
        (file("C:\\\\Windows\\\\evil.png"), "evil.png"),
        (
            "name=\"file\"; filename*=UTF-8''..%2F..%2F%E5%8F%91%E7%A5%A8%01%0A%E2%80%AE.exe"
                .to_owned(),
            "发票.png",
        ),
        ("name=\"file\"".to_owned(), "evidence.png"),
    ];

    for (disposition, expected) in cases {
        let reply = upload_form(&app, &token, &[Part(&disposition, PNG)]).await;

        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{disposition}: {}",
            reply.body
        );
        assert_eq!(reply.body["file_name"], expected, "{disposition}");
    }
}

#[tokio::test]
async fn the_uploader_downloads_the_exact_bytes_as_an_attachment() {
    let app = spawn_app().await;
    let token = app.consumer_token("13800138007").await;
    let id = uploaded(&app, &token, "发票.pdf", PDF).await;

    let response = download(&app, &token, &id).await;

    assert_eq!(response.status(), StatusCode::OK);
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_owned();
    assert_eq!(header("content-type"), "application/pdf");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("etag"), format!("\"{}\"", sha256(PDF)));
    let disposition = header("content-disposition");
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''%E5%8F%91%E7%A5%A8.pdf"),
        "{disposition}"
    );
    assert_eq!(response.bytes().await.unwrap().as_ref(), PDF);

    let metadata = app
        .get(&format!("/api/v1/evidence/{id}"), Some(&token))
        .await;
    assert_eq!(metadata.status, StatusCode::OK);
    assert_eq!(metadata.body["sha256"], sha256(PDF));
}

#[tokio::test]
async fn nobody_else_sees_an_unattached_file() {
    let app = spawn_app().await;
    let owner = app.consumer_token("13800138008").await;
    let other = app.consumer_token("13800138009").await;
    let guangdong = app.association_id("440000").await;
    let staff = app
        .staff_token(&guangdong, "gd.evidence", &["association_admin"])
        .await;
    let id = uploaded(&app, &owner, "a.png", PNG).await;

    for token in [&other, &staff] {
        let metadata = app
            .get(&format!("/api/v1/evidence/{id}"), Some(token))
            .await;
        let content = download(&app, token, &id).await;

        assert_eq!(metadata.status, StatusCode::NOT_FOUND);
        assert_eq!(metadata.code(), "not_found");
        assert_eq!(content.status(), StatusCode::NOT_FOUND);
    }
    let anonymous = app.get(&format!("/api/v1/evidence/{id}"), None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn attached_files_are_seen_by_those_who_see_the_complaint_and_nobody_else() {
    let app = spawn_app().await;
    let consumer = app.consumer_token("13800138010").await;
    let stranger = app.consumer_token("13800138011").await;
    let guangdong = app.association_id("440000").await;
    let zhejiang = app.association_id("330000").await;
    let intake = app
        .staff_token(&guangdong, "gd.intake", &["intake_officer"])
        .await;
    let elsewhere = app
        .staff_token(&zhejiang, "zj.admin", &["association_admin"])
        .await;
    let consumer_id = user_id(&app, &consumer).await;
    let complaint = complaint_of(&app, consumer_id).await;
    let id = uploaded(&app, &consumer, "裂痕.jpg", JPEG).await;

    attach_to(&app, &id, consumer_id, complaint).await;

    for token in [&consumer, &intake] {
        let content = download(&app, token, &id).await;
        assert_eq!(content.status(), StatusCode::OK);
        assert_eq!(content.bytes().await.unwrap().as_ref(), JPEG);
        let listed = app
            .get(
                &format!("/api/v1/complaints/{complaint}/evidence"),
                Some(token),
            )
            .await;
        assert_eq!(listed.status, StatusCode::OK);
        let items = listed.body.as_array().unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["id"], id.as_str());
        assert_eq!(items[0]["complaint_id"], complaint.to_string());
        assert_eq!(items[0]["sha256"], sha256(JPEG));
    }
    for token in [&stranger, &elsewhere] {
        let metadata = app
            .get(&format!("/api/v1/evidence/{id}"), Some(token))
            .await;
        let content = download(&app, token, &id).await;
        let listed = app
            .get(
                &format!("/api/v1/complaints/{complaint}/evidence"),
                Some(token),
            )
            .await;

        assert_eq!(metadata.status, StatusCode::NOT_FOUND);
        assert_eq!(content.status(), StatusCode::NOT_FOUND);
        assert_eq!(listed.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn a_complaints_files_are_listed_in_the_order_they_were_attached() {
    let app = spawn_app().await;
    let token = app.consumer_token("13800138015").await;
    let consumer = user_id(&app, &token).await;
    let complaint = complaint_of(&app, consumer).await;
    let receipt = uploaded(&app, &token, "receipt.pdf", PDF).await;
    let photo = uploaded(&app, &token, "photo.png", PNG).await;
    let unattached = uploaded(&app, &token, "draft.jpg", JPEG).await;

    attach_to(&app, &photo, consumer, complaint).await;
    app.clock.advance(chrono::Duration::minutes(5));
    attach_to(&app, &receipt, consumer, complaint).await;
    let listed = app
        .get(
            &format!("/api/v1/complaints/{complaint}/evidence"),
            Some(&token),
        )
        .await;

    assert_eq!(listed.status, StatusCode::OK);
    let ids: Vec<&str> = listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [photo.as_str(), receipt.as_str()]);
    assert!(!ids.contains(&unattached.as_str()));
}

#[tokio::test]
async fn a_stored_file_that_was_changed_or_lost_is_not_served() {
    let app = spawn_app().await;
    let token = app.consumer_token("13800138012").await;
    let id = uploaded(&app, &token, "a.png", PNG).await;
    let hash = sha256(PNG);
    let path = app
        .state
        .settings
        .data_dir
        .join("evidence")
        .join(&hash[..2])
        .join(&hash[2..4])
        .join(&hash);

    std::fs::write(&path, b"\x89PNG\r\n\x1a\naltered").unwrap();
    let altered = download(&app, &token, &id).await;

    assert_eq!(altered.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!altered.text().await.unwrap().contains("altered"));

    std::fs::remove_file(&path).unwrap();
    let lost = download(&app, &token, &id).await;

    assert_eq!(lost.status(), StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn the_sweep_removes_old_unattached_uploads_and_the_files_no_one_uses() {
    let app = spawn_app().await;
    let token = app.consumer_token("13800138013").await;
    let consumer = user_id(&app, &token).await;
    let complaint = complaint_of(&app, consumer).await;
    let abandoned_bytes = png_of(64, 1);
    let attached_bytes = png_of(64, 2);
    let fresh_bytes = png_of(64, 3);
    let shared_bytes = png_of(64, 4);
    let abandoned = uploaded(&app, &token, "old.png", &abandoned_bytes).await;
    let attached = uploaded(&app, &token, "kept.png", &attached_bytes).await;
    let shared_attached = uploaded(&app, &token, "shared.png", &shared_bytes).await;
    let shared_abandoned = uploaded(&app, &token, "shared-copy.png", &shared_bytes).await;
    attach_to(&app, &attached, consumer, complaint).await;
    attach_to(&app, &shared_attached, consumer, complaint).await;
    app.clock.advance(chrono::Duration::hours(25));
    let token = app.access_token("13800138013", "wang2024!").await;
    let fresh = uploaded(&app, &token, "new.png", &fresh_bytes).await;

    let removed = remove_orphans(&app.state).await.unwrap();

    assert_eq!(removed, 2);
    let status = async |id: &str| {
        app.get(&format!("/api/v1/evidence/{id}"), Some(&token))
            .await
            .status
    };
    assert_eq!(status(&abandoned).await, StatusCode::NOT_FOUND);
    assert_eq!(status(&shared_abandoned).await, StatusCode::NOT_FOUND);
    assert_eq!(status(&attached).await, StatusCode::OK);
    assert_eq!(status(&shared_attached).await, StatusCode::OK);
    assert_eq!(status(&fresh).await, StatusCode::OK);
    assert_eq!(stored(&app, &abandoned_bytes), None);
    assert!(stored(&app, &attached_bytes).is_some());
    assert!(stored(&app, &fresh_bytes).is_some());
    assert!(stored(&app, &shared_bytes).is_some());
    let content = download(&app, &token, &shared_attached).await;
    assert_eq!(content.bytes().await.unwrap().as_ref(), &shared_bytes[..]);
}

/// A store in which an upload of the same bytes commits its row just before
/// the sweep removes the file.
struct RacingStore {
    inner: Arc<dyn EvidenceStore>,
    db: sea_orm::DatabaseConnection,
    now: chrono::DateTime<chrono::Utc>,
}

impl EvidenceStore for RacingStore {
    fn put(&self, bytes: &[u8]) -> anyhow::Result<ContentHash> {
        self.inner.put(bytes)
    }

    fn get(&self, hash: &ContentHash) -> anyhow::Result<Option<Vec<u8>>> {
        self.inner.get(hash)
    }

    fn remove(&self, hash: &ContentHash) -> anyhow::Result<()> {
        let row = evidence::ActiveModel {
            id: Set(Uuid::now_v7()),
            uploader_id: Set(Uuid::now_v7()),
            complaint_id: Set(None),
            hash: Set(hash.as_str().to_owned()),
            kind: Set("image".to_owned()),
            media_type: Set("image/png".to_owned()),
            file_name: Set("again.png".to_owned()),
            size: Set(64),
            created_at: Set(self.now),
            attached_at: Set(None),
            application_id: Set(None),
        };
        tokio::runtime::Handle::current().block_on(evidence::Entity::insert(row).exec(&self.db))?;
        self.inner.remove(hash)
    }
}

#[tokio::test]
async fn the_sweep_keeps_a_file_that_a_new_upload_of_the_same_bytes_claims_meanwhile() {
    let app = spawn_app().await;
    let token = app.consumer_token("13800138014").await;
    let bytes = png_of(64, 5);
    uploaded(&app, &token, "old.png", &bytes).await;
    app.clock.advance(chrono::Duration::hours(25));
    let racing = AppState {
        evidence: Arc::new(RacingStore {
            inner: app.state.evidence.clone(),
            db: app.state.db.clone(),
            now: app.clock.now(),
        }),
        ..app.state.clone()
    };

    let removed = remove_orphans(&racing).await.unwrap();

    assert_eq!(removed, 1);
    assert_eq!(row_count(&app).await, 1, "the new upload's row");
    assert_eq!(stored(&app, &bytes).as_deref(), Some(&bytes[..]));
}

#[tokio::test]
async fn evidence_filed_with_a_complaint_reaches_the_business_once_accepted() {
    let world = crate::cases::world().await;
    let app = &world.app;
    let photo = png_of(2048, 7);
    let receipt = uploaded(app, &world.consumer, "小票.png", &photo).await;
    let mut body = crate::cases::filing(&world.business_id);
    body["evidence"] = serde_json::json!([receipt]);

    let filed = app
        .post("/api/v1/complaints", Some(&world.consumer), body.clone())
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let id = filed.body["id"].as_str().unwrap().to_owned();
    let again = app
        .post("/api/v1/complaints", Some(&world.consumer), body)
        .await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a file is attached once"
    );
    assert_eq!(again.body["errors"][0]["field"], "evidence");

    assert_eq!(
        download(app, &world.handler, &receipt).await.status(),
        StatusCode::NOT_FOUND
    );
    world
        .step(&world.intake, &id, serde_json::json!({"action": "accept"}))
        .await;
    let fetched = download(app, &world.handler, &receipt).await;
    assert_eq!(fetched.status(), StatusCode::OK);
    assert_eq!(fetched.bytes().await.unwrap().as_ref(), photo.as_slice());

    let listed = app
        .get(
            &format!("/api/v1/complaints/{id}/evidence"),
            Some(&world.handler),
        )
        .await;
    assert_eq!(listed.body[0]["sha256"], sha256(&photo));
}
