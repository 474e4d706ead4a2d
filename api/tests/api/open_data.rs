//! Open data: every published complaint, and nothing else, as CSV and JSON
//! Lines that follow the index's schema, quote safely and run no formula.

use api::clock::Clock;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::filing;
use crate::export::parse_csv;
use crate::stats::{Seeded, file, non_member, seeded};

const BOM: &[u8] = b"\xEF\xBB\xBF";

struct Download {
    status: StatusCode,
    content_type: String,
    disposition: String,
    bytes: Vec<u8>,
}

impl Download {
    fn text(&self) -> &str {
        std::str::from_utf8(&self.bytes).expect("UTF-8")
    }

    /// The CSV records after the byte order mark.
    fn records(&self) -> Vec<Vec<String>> {
        assert!(self.bytes.starts_with(BOM), "the file starts with a BOM");
        parse_csv(&self.text()[3..])
    }

    fn lines(&self) -> Vec<serde_json::Map<String, Value>> {
        self.text()
            .lines()
            .map(|line| match serde_json::from_str(line) {
                Ok(Value::Object(object)) => object,
                other => panic!("not a JSON object: {line}: {other:?}"),
            })
            .collect()
    }
}

/// The keys of a JSON object as they stand in its text.
fn keys_in_order(line: &str) -> Vec<String> {
    struct Keys(Vec<String>);
    impl<'de> serde::Deserialize<'de> for Keys {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_map(KeysVisitor)
        }
    }
    struct KeysVisitor;
    impl<'de> serde::de::Visitor<'de> for KeysVisitor {
        type Value = Keys;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
            let mut keys = Vec::new();
            while let Some((key, _)) = map.next_entry::<String, serde::de::IgnoredAny>()? {
                keys.push(key);
            }
            Ok(Keys(keys))
        }
    }
    let keys: Keys = serde_json::from_str(line).expect("a JSON object");
    keys.0
}

async fn download(s: &Seeded, file: &str, query: &str) -> Download {
    let app = &s.world.app;
    let response = app
        .client
        .get(app.url(&format!("/api/v1/public/open-data/{file}?{query}")))
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

fn china_today(s: &Seeded) -> chrono::NaiveDate {
    s.world
        .app
        .clock
        .now()
        .with_timezone(&api::deadlines::calendar::china())
        .date_naive()
}

async fn index(s: &Seeded) -> Value {
    let reply = s.world.app.get("/api/v1/public/open-data", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body
}

fn field_names(index: &Value) -> Vec<String> {
    index["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect()
}

/// The value of one column in every data row.
fn column(records: &[Vec<String>], name: &str) -> Vec<String> {
    let at = records[0].iter().position(|h| h == name).unwrap();
    records[1..].iter().map(|r| r[at].clone()).collect()
}

#[tokio::test]
async fn the_index_gives_the_snapshot_count_terms_links_and_schema() {
    let s = seeded().await;

    let index = index(&s).await;

    assert_eq!(index["records"], 2);
    assert!(index["snapshot_at"].is_string());
    let terms = index["terms"]["en"].as_str().unwrap();
    assert!(
        terms.contains("source") && terms.contains("identify"),
        "{terms}"
    );
    assert!(index["terms"]["zh"].as_str().unwrap().contains("脱敏"));
    let links: Vec<&str> = index["downloads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        links,
        [
            "/api/v1/public/open-data/complaints.csv",
            "/api/v1/public/open-data/complaints.jsonl"
        ]
    );
    let number = &index["fields"][0];
    assert_eq!(number["name"], "number");
    assert_eq!(number["type"], "string");
    assert_eq!(number["nullable"], false);
    assert_eq!(number["description_zh"], "投诉编号");
    assert!(field_names(&index).contains(&"amount_recovered_fen".to_owned()));
}

#[tokio::test]
async fn both_files_hold_the_published_complaints_in_the_schemas_fields_and_no_others() {
    let s = seeded().await;
    let names = field_names(&index(&s).await);

    let csv = download(&s, "complaints.csv", "").await;
    let jsonl = download(&s, "complaints.jsonl", "").await;

    assert_eq!(csv.status, StatusCode::OK, "{}", csv.text());
    assert_eq!(csv.content_type, "text/csv; charset=utf-8");
    let today = china_today(&s).format("%Y%m%d").to_string();
    assert!(
        csv.disposition
            .contains(&format!("published-complaints-{today}.csv")),
        "{}",
        csv.disposition
    );
    let records = csv.records();
    assert_eq!(records[0], names, "the CSV header is the schema");
    assert!(records.iter().all(|r| r.len() == names.len()));
    assert_eq!(
        column(&records, "number"),
        [s.settled.clone(), s.gym.clone()]
    );
    assert_eq!(column(&records, "amount_recovered_fen"), ["329900", ""]);
    assert_eq!(column(&records, "outcome"), ["resolved", ""]);
    assert_eq!(column(&records, "region_name")[1], "天河区");
    assert_eq!(column(&records, "demands"), ["replacement", "replacement"]);

    assert_eq!(jsonl.status, StatusCode::OK, "{}", jsonl.text());
    assert!(jsonl.content_type.starts_with("application/jsonl"));
    assert!(jsonl.disposition.contains(&format!("{today}.jsonl")));
    let lines = jsonl.lines();
    for line in jsonl.text().lines() {
        assert_eq!(
            keys_in_order(line),
            names,
            "every line has exactly the schema's keys, in its order"
        );
    }
    let numbers: Vec<&Value> = lines.iter().map(|l| &l["number"]).collect();
    assert_eq!(numbers, [&json!(s.settled), &json!(s.gym)]);
    assert_eq!(lines[0]["amount_recovered_fen"], 329900);
    assert_eq!(lines[0]["deadline_met"], true);
    assert_eq!(lines[1]["outcome"], Value::Null);
    assert_eq!(lines[0]["demands"], json!(["replacement"]));
    let text = format!("{}{}", csv.text(), jsonl.text());
    assert!(
        !text.contains(&s.private),
        "an unpublished complaint leaked"
    );
    assert!(!text.contains("13800138000"), "the consumer's phone leaked");
}

#[tokio::test]
async fn commas_quotes_and_line_breaks_survive_and_formulas_are_defused() {
    let s = seeded().await;
    let business = non_member(&s.world, "深圳某某网店").await;
    let words = "=HYPERLINK(\"http://x\")，商家说\"不退\",\n第二行";
    let mut body = filing(&business);
    body["demands"] = json!(["refund", "other"]);
    body["other_demand"] = json!("-赔偿 500 元, 并道歉");
    body["description"] = json!(words);
    let (id, number) = file(&s.world, body).await;
    s.world
        .step(&s.world.intake, &id, json!({"action": "accept"}))
        .await;

    let csv = download(&s, "complaints.csv", "").await;
    let jsonl = download(&s, "complaints.jsonl", "").await;

    let records = csv.records();
    let row = records.iter().find(|r| r[0] == number).unwrap();
    let at = |name: &str| records[0].iter().position(|h| h == name).unwrap();
    assert_eq!(row[at("description")], format!("'{words}"));
    assert_eq!(row[at("other_demand")], "'-赔偿 500 元, 并道歉");
    assert_eq!(row[at("demands")], "refund;other");
    let line = jsonl
        .lines()
        .into_iter()
        .find(|l| l["number"] == number.as_str())
        .unwrap();
    assert_eq!(line["description"], words, "JSON needs no defusing");
    assert_eq!(line["demands"], json!(["refund", "other"]));
}

#[tokio::test]
async fn filters_narrow_by_publication_day_and_region() {
    let s = seeded().await;
    let today = china_today(&s);
    let numbers = |d: &Download| column(&d.records(), "number");

    let shenzhen = download(&s, "complaints.csv", "region_code=440300").await;
    let guangzhou = download(&s, "complaints.jsonl", "region_code=440100").await;
    let past = download(&s, "complaints.csv", "to=2001-01-01").await;
    let future = format!("from={}", today + chrono::Duration::days(2));
    let later = download(&s, "complaints.jsonl", &future).await;

    assert_eq!(numbers(&shenzhen), std::slice::from_ref(&s.settled));
    assert_eq!(guangzhou.lines().len(), 1);
    assert_eq!(guangzhou.lines()[0]["number"], s.gym.as_str());
    assert_eq!(past.records().len(), 1, "only the header");
    assert_eq!(later.status, StatusCode::OK);
    assert_eq!(later.text(), "");
}

#[tokio::test]
async fn bad_parameters_are_named_in_a_problem() {
    let s = seeded().await;

    for (file, query, field, code) in [
        (
            "complaints.csv",
            "from=2026-02-01&to=2026-01-01",
            "from",
            "out_of_range",
        ),
        ("complaints.jsonl", "to=tomorrow", "to", "invalid_format"),
        (
            "complaints.csv",
            "region_code=4403",
            "region_code",
            "invalid_format",
        ),
    ] {
        let reply = s
            .world
            .app
            .get(&format!("/api/v1/public/open-data/{file}?{query}"), None)
            .await;

        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(
            reply.field_codes(),
            vec![(field.to_owned(), code.to_owned())],
            "{query}"
        );
    }
}
