//! `GET /complaints/export.csv`: a spreadsheet of the caller's own cases
//! that Excel opens with its Chinese intact and that runs no formula.

use reqwest::StatusCode;
use serde_json::json;

use crate::cases::{World, filing, world};
use crate::helpers::TestApp;
use crate::outlets::{other_business, register_outlet};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A response read as bytes: reqwest's text would drop the byte order mark.
struct Download {
    status: StatusCode,
    content_type: String,
    disposition: String,
    bytes: Vec<u8>,
}

impl Download {
    /// The records after the byte order mark, parsed as RFC 4180.
    fn records(&self) -> Vec<Vec<String>> {
        assert!(self.bytes.starts_with(BOM), "the file starts with a BOM");
        let text = std::str::from_utf8(&self.bytes[BOM.len()..]).expect("UTF-8");
        parse_csv(text)
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

async fn download(app: &TestApp, query: &str, token: &str, language: Option<&str>) -> Download {
    let mut request = app
        .client
        .get(app.url(&format!("/api/v1/complaints/export.csv{query}")))
        .bearer_auth(token);
    if let Some(language) = language {
        request = request.header("accept-language", language);
    }
    let response = request
        .send()
        .await
        .expect("the request reaches the server");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    let (content_type, disposition) = (header("content-type"), header("content-disposition"));
    Download {
        status: response.status(),
        content_type,
        disposition,
        bytes: response.bytes().await.expect("the whole body").to_vec(),
    }
}

/// A strict RFC 4180 reader: CRLF between records, quoted cells may hold
/// commas, doubled quotes and line breaks.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => {
                assert!(cell.is_empty(), "a quote inside an unquoted cell: {cell}");
                quoted = true;
            }
            (false, ',') => record.push(std::mem::take(&mut cell)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "records end with CRLF");
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => cell.push(c),
        }
    }
    assert!(
        cell.is_empty() && record.is_empty(),
        "the file ends with CRLF"
    );
    records
}

async fn file_accepted(world: &World, outlet: Option<&str>, other_demand: Option<&str>) -> String {
    let mut body = filing(&world.business_id);
    body["outlet_id"] = json!(outlet);
    if let Some(text) = other_demand {
        body["demands"] = json!(["refund", "other"]);
        body["other_demand"] = json!(text);
    }
    let filed = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), body)
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let id = filed.body["id"].as_str().unwrap().to_owned();
    world
        .step(&world.intake, &id, json!({"action": "accept"}))
        .await;
    id
}

#[tokio::test]
async fn the_export_is_a_spreadsheet_of_the_callers_own_cases() {
    let world = world().await;
    let outlet = register_outlet(&world, "南山科技园店", "440305").await;
    let words = "退款,并赔偿\"三倍\"\n以及运费";
    let id = file_accepted(&world, Some(&outlet), Some(words)).await;
    let number = world.complaint(&world.handler, &id).await.body["number"].clone();
    world.file().await;
    let (other, _, _) = other_business(&world).await;
    let mut theirs = filing(&other);
    theirs["region_code"] = json!("440104");
    let filed = world
        .app
        .post("/api/v1/complaints", Some(&world.consumer), theirs)
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);

    let mine = download(&world.app, "", &world.handler, None).await;

    assert_eq!(mine.status, StatusCode::OK, "{}", mine.text());
    assert_eq!(mine.content_type, "text/csv; charset=utf-8");
    assert!(
        mine.disposition
            .starts_with("attachment; filename=\"complaints-")
            && mine.disposition.ends_with(".csv\""),
        "{}",
        mine.disposition
    );
    let records = mine.records();
    assert_eq!(
        records[0],
        [
            "投诉编号",
            "投诉时间",
            "状态",
            "结果",
            "投诉类别",
            "投诉性质",
            "网点",
            "金额（元）",
            "诉求",
            "处理时限",
            "是否超期",
            "最后更新"
        ]
    );
    assert_eq!(
        records.len(),
        2,
        "only the business's own accepted case: {records:?}"
    );
    let row = &records[1];
    assert_eq!(row[0], number.as_str().unwrap());
    assert_eq!(
        [
            &row[2], &row[3], &row[4], &row[5], &row[6], &row[7], &row[10]
        ],
        [
            "和解中",
            "",
            "家用电子电器类",
            "质量问题",
            "南山科技园店",
            "3299.00",
            "否"
        ]
    );
    assert_eq!(
        row[8],
        format!("退款、其他：{words}"),
        "quoted cells round-trip"
    );
    assert_eq!(row[1].len(), "2026-12-04 10:30:00".len());
    assert!(!row[9].is_empty(), "the reconciliation deadline is shown");
    assert!(!mine.text().contains("13800138000"), "no consumer phone");

    let staff = download(&world.app, "", &world.intake, None).await;
    assert_eq!(staff.records().len(), 4, "the association's three cases");
    let english = download(&world.app, "", &world.handler, Some("en")).await;
    let english = english.records();
    assert_eq!(english[0][0], "number");
    assert_eq!(english[1][2], "reconciling");
    assert_eq!(english[1][8], format!("refund; other: {words}"));
    let refused = download(&world.app, "", &world.consumer, None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn cells_that_look_like_formulas_are_defused() {
    let world = world().await;
    let hostile = [
        "=HYPERLINK(\"http://evil.example\",\"点我\")",
        "@SUM(A1:A9)",
        "-1+2",
        "+86 10086",
    ];
    let mut outlets = Vec::new();
    for name in hostile {
        let outlet = register_outlet(&world, name, "440305").await;
        file_accepted(&world, Some(&outlet), None).await;
        outlets.push(outlet);
    }

    let all = download(&world.app, "", &world.handler, None).await;
    let only_first = download(
        &world.app,
        &format!("?outlet_id={}", outlets[0]),
        &world.handler,
        None,
    )
    .await;

    let mut cells: Vec<String> = all.records()[1..].iter().map(|r| r[6].clone()).collect();
    cells.sort();
    let mut wanted: Vec<String> = hostile.iter().map(|name| format!("'{name}")).collect();
    wanted.sort();
    assert_eq!(cells, wanted);
    assert!(
        all.text()
            .contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\""),
        "{}",
        all.text()
    );
    let filtered = only_first.records();
    assert_eq!(filtered.len(), 2);
    assert_eq!(filtered[1][6], format!("'{}", hostile[0]));
}

#[tokio::test]
async fn a_large_export_is_read_in_chunks_without_gaps() {
    let world = world().await;
    let total = 205;
    for _ in 0..total {
        world.file().await;
    }

    let export = download(&world.app, "", &world.intake, None).await;

    let records = export.records();
    assert_eq!(records.len(), total + 1);
    let mut numbers: Vec<&String> = records[1..].iter().map(|r| &r[0]).collect();
    let listed = numbers.clone();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), total, "no case twice");
    let mut newest_first = listed.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(listed, newest_first);
}
