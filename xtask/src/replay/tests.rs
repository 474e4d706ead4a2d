//! A fixed set of real cases, chosen to cover every way a record can end,
//! replayed twice into a real demo server: each case ends where its record
//! says, and the second run files nothing. Then the three 黑猫投诉 records,
//! and a surge of complaints planted against one of their businesses.

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use shared::client::Client;
use shared::warnings::SurgeDimension;

use super::case::{ConsumerKey, Expected, SourceCase};
use super::cast::{assemble, associations};
use super::run::{chosen, filing_request};
use super::{Options, Source, replay};

const PASSWORD: &str = "replay-test-2026";

/// In progress (twice), untimely, monetary relief with an amount, non-monetary
/// relief, explanation with consent and a public response, disputed, late
/// but closed, a narrative over 5,000 characters, no state; and reviews that
/// end reconciled, rejected, open, failed, agreed, overdue, withdrawn.
const CASES: &[&str] = &[
    "cfpb-3514461",
    "cfpb-3518374",
    "cfpb-2656408",
    "cfpb-2432795",
    "cfpb-1921736",
    "cfpb-1384427",
    "cfpb-1318032",
    "cfpb-1342794",
    "cfpb-3148559",
    "cfpb-2910918",
    "shopping-2101",
    "shopping-2102",
    "shopping-2104",
    "shopping-2105",
    "shopping-2108",
    "shopping-2110",
    "shopping-2139",
    "shopping-2217",
];

/// A `redress --demo` on a free port and a fresh folder, stopped on drop.
struct DemoServer {
    child: Child,
    url: String,
    folder: PathBuf,
}

impl DemoServer {
    fn start() -> Self {
        let root = crate::workspace_root();
        let binary = root.join("target").join("debug").join("redress");
        assert!(
            binary.exists(),
            "{} is missing: `cargo test --workspace` builds it, or run `cargo build -p api`",
            binary.display()
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let folder =
            std::env::temp_dir().join(format!("redress-replay-{}-{port}", std::process::id()));
        let child = Command::new(binary)
            .args(["--demo", "--bind", &format!("127.0.0.1:{port}")])
            .arg("--data-dir")
            .arg(&folder)
            .args(["--admin-password", PASSWORD, "--log", "warn"])
            .env("REDRESS_ACCESS_TOKEN_TTL", "315360000")
            .env("REDRESS_REFRESH_TOKEN_TTL", "315360000")
            .env_remove("REDRESS_DATABASE_URL")
            .stdout(Stdio::null())
            .spawn()
            .expect("redress starts");
        let mut server = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
            folder,
        };
        crate::demo::wait_until_ready(&server.url, &mut server.child).expect("redress listens");
        server
    }

    fn options(&self) -> Options {
        Options {
            url: self.url.clone(),
            admin_login: "admin".to_owned(),
            admin_password: PASSWORD.to_owned(),
            password: PASSWORD.to_owned(),
            sources: vec![Source::Cfpb, Source::Reviews],
            limit: None,
            concurrency: 4,
            journal_dir: self.folder.join("journal"),
            progress: false,
            only: CASES.iter().map(|id| (*id).to_owned()).collect(),
        }
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

#[test]
fn a_fixed_set_of_real_cases_ends_as_recorded_and_a_second_run_files_nothing() {
    let server = DemoServer::start();
    let options = server.options();
    let runtime = crate::runtime().unwrap();
    let expected = expected_outcomes(&options);

    let first = runtime.block_on(replay(&options)).unwrap();
    let second = runtime.block_on(replay(&options)).unwrap();

    assert_eq!(first.errors, 0, "{:?}", first.first_errors);
    assert_eq!(
        first.not_as_recorded, 0,
        "{:?}",
        first.first_not_as_recorded
    );
    assert_eq!(first.filed, CASES.len());
    assert_eq!(first.by_outcome, expected);
    assert!(first.published > 0, "some cases are published: {first:?}");
    assert_eq!(second.errors, 0, "{:?}", second.first_errors);
    assert_eq!(second.filed, 0);
    assert_eq!(second.already_filed, CASES.len());
    assert_eq!(
        second.not_as_recorded, 0,
        "{:?}",
        second.first_not_as_recorded
    );
    assert_eq!(second.by_outcome, first.by_outcome);

    // The 2025 complaints last, since their clock runs past every deadline above.
    let heimao = runtime
        .block_on(replay(&Options {
            sources: vec![Source::Heimao],
            only: Vec::new(),
            ..server.options()
        }))
        .unwrap();

    assert_eq!(heimao.errors, 0, "{:?}", heimao.first_errors);
    assert_eq!(
        heimao.not_as_recorded, 0,
        "{:?}",
        heimao.first_not_as_recorded
    );
    assert_eq!(heimao.filed, 3);
    assert_eq!(heimao.by_outcome, BTreeMap::from([("open".to_owned(), 3)]));
    assert_eq!(
        heimao.published, 3,
        "a non-member's accepted cases are published"
    );

    runtime.block_on(plant_a_surge(&Options {
        sources: vec![Source::Heimao],
        only: Vec::new(),
        ..server.options()
    }));
}

/// Six consumers file against the business of the first 黑猫投诉 record
/// on the demo clock's day, as the replay files: its association's staff
/// see the surge with those complaints as evidence, and no other business
/// alerts in any association.
async fn plant_a_surge(options: &Options) {
    let admin = Client::new(&options.url);
    admin
        .login(&options.admin_login, &options.admin_password)
        .await
        .unwrap();
    let target = chosen(options).unwrap().remove(0);
    let planted: Vec<SourceCase> = (0..6)
        .map(|index| SourceCase {
            source_id: format!("surge-{index}"),
            consumer: ConsumerKey {
                pool: "surge".to_owned(),
                index,
            },
            ..target.clone()
        })
        .collect();
    let cast = assemble(&admin, &planted, &options.password, options.concurrency)
        .await
        .unwrap();
    let (business_id, _) = cast.businesses[&target.business];

    let mut numbers = Vec::new();
    let mut association = None;
    for case in &planted {
        let request = filing_request(case, business_id);
        let filed = cast.consumers[&case.consumer]
            .file_complaint(&request, &case.source_id)
            .await
            .unwrap();
        numbers.push(filed.number);
        association = Some(filed.association.id);
    }
    let association = association.unwrap();
    let alerts = cast.staff[&association]
        .intake
        .surge_alerts(association)
        .await
        .unwrap();

    let businesses: Vec<_> = alerts
        .alerts
        .iter()
        .filter(|alert| alert.dimension == SurgeDimension::Business)
        .collect();
    assert_eq!(businesses.len(), 1, "{alerts:#?}");
    let alert = businesses[0];
    assert_eq!(alert.key, business_id.to_string());
    assert_eq!(alert.label, target.business.name);
    assert!(alert.current_count >= 6, "{alert:#?}");
    assert_eq!(alert.evidence_total, alert.current_count);
    let evidence: Vec<&str> = alert.evidence.iter().map(|e| e.number.as_str()).collect();
    for number in &numbers {
        assert!(
            evidence.contains(&number.as_str()),
            "{number} in {evidence:?}"
        );
    }
    for (region, id) in associations(&admin).await.unwrap() {
        let alerts = admin.surge_alerts(id).await.unwrap();
        for alert in &alerts.alerts {
            assert!(
                alert.dimension != SurgeDimension::Business || alert.key == business_id.to_string(),
                "{region}: {alert:#?}"
            );
        }
    }
}

/// How many cases end in each outcome (`open` for those still open), from
/// the records alone.
fn expected_outcomes(options: &Options) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for case in chosen(options).unwrap() {
        let outcome = match case.path.expected() {
            Expected::Open => "open".to_owned(),
            Expected::Closed(outcome) => serde_json::to_value(outcome)
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned(),
        };
        *counts.entry(outcome).or_default() += 1;
    }
    assert_eq!(counts.values().sum::<usize>(), CASES.len());
    counts
}
