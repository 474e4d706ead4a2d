//! `cargo xtask fuzz`: requests generated from `openapi/openapi.json` by
//! schemathesis (pinned, installed into `target/fuzz/venv` when missing),
//! sent to a throw-away server anonymously and as a consumer, a member
//! business's owner and an intake officer. Any 5xx, or any answer whose
//! status, content type or body the document does not allow, fails the run.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context, Result, bail};
use serde_json::Value;
use shared::accounts::{CreateStaffRequest, StaffRole};
use shared::auth::RegisterRequest;
use shared::businesses::{
    Business, CreateBusinessRequest, CreateBusinessUserRequest, MembershipRequest,
};
use shared::client::Client;
use shared::organisations::Association;
use shared::team::BusinessRole;
use shared::{AssociationId, Page};

use crate::browser::{self, Server};
use crate::check;

/// The schemathesis release the suite is known to pass with.
const SCHEMATHESIS: &str = "schemathesis==4.32.5";
/// Test cases per operation and phase, and seconds per role: the four runs
/// take about three minutes, the whole step under four.
const EXAMPLES: &str = "20";
const SECONDS_PER_ROLE: &str = "40";
/// One worker thread. With two, Hypothesis describes its strategies with
/// `ast.parse` in both threads at once, and CPython 3.11 (Debian 12's)
/// shares the AST constructor's recursion counter between threads: the run
/// ends in `SystemError: AST constructor recursion depth mismatch`
/// (python/cpython#106905), an error of the tool, not of the server. One
/// worker generates as many cases in the same time on 2 cores.
const WORKERS: &str = "1";
/// The password of the accounts the fuzz signs in as.
const PASSWORD: &str = "fuzz-pass-2026";

/// What a response is checked against.
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
                      response_schema_conformance";

/// Operations left out, each for a reason that is not the server's fault.
const EXCLUDED_PATHS: [&str; 1] = [
    // A live event stream never ends, so every request to it times out.
    "/api/v1/events",
];
/// Left out of the signed-in runs only: it ends the session whose token the
/// run sends, and every later request would be anonymous (the anonymous run
/// covers it).
const EXCLUDED_WHEN_SIGNED_IN: &str = "/api/v1/auth/logout";

/// `cargo xtask fuzz`.
pub fn command(root: &Path, args: &[String]) -> Result<ExitCode> {
    if !args.is_empty() {
        bail!("`cargo xtask fuzz` takes no arguments");
    }
    let binary = browser::build_server(root)?;
    let findings = run(root, &binary)?;
    Ok(if findings == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The interpreters tried, in order, for the fuzz's Python environment: the
/// one on PATH (which may be pyenv's), then Debian's.
const PYTHONS: [&str; 2] = ["python3", "/usr/bin/python3"];

/// The Python interpreter that creates the fuzz's environment.
pub struct Python {
    /// Its full path, as `sys.executable` names it.
    pub executable: PathBuf,
    pub version: String,
}

/// The first of [`PYTHONS`] that can create a virtual environment (has
/// `venv` and `ensurepip`), or what to install when none can.
pub fn find_python() -> std::result::Result<Python, String> {
    PYTHONS.iter().find_map(|candidate| able_to_create_venvs(candidate)).ok_or_else(|| {
        format!(
            "no Python that can create a virtual environment ({} lack venv or ensurepip); on Debian 12 (as root): `apt-get install -y python3 python3-venv`",
            PYTHONS.join(", ")
        )
    })
}

fn able_to_create_venvs(candidate: &str) -> Option<Python> {
    let output = Command::new(candidate)
        .args([
            "-c",
            "import ensurepip, sys, venv; print(sys.executable); print(sys.version.split()[0])",
        ])
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut lines = stdout.lines();
    let executable = lines.next().filter(|line| !line.is_empty())?;
    Some(Python {
        executable: PathBuf::from(executable),
        version: lines.next().unwrap_or("?").to_owned(),
    })
}

/// Runs the fuzz against `binary` for every role; the number of roles whose
/// run found something.
pub fn run(root: &Path, binary: &Path) -> Result<usize> {
    let schemathesis = install(root)?;
    let server = Server::start_with(root, binary, &unlimited_public_rate())?;
    let tokens = crate::runtime()?.block_on(sign_in_roles(&server.url))?;

    let mut failed = Vec::new();
    for (role, token) in tokens {
        println!("\n--- fuzzing as {role}");
        if !fuzz(root, &schemathesis, &server.url, token.as_deref())? {
            failed.push(role);
        }
    }
    if !failed.is_empty() {
        println!(
            "the fuzz found answers the API document does not allow, or schemathesis met errors (listed above), as: {}; server log in target/e2e/server.log",
            failed.join(", ")
        );
    }
    Ok(failed.len())
}

/// The public endpoints' rate limit would answer most generated requests
/// 429 (the rate limit has its own tests); this server lets them through.
fn unlimited_public_rate() -> [(&'static str, &'static str); 2] {
    [
        ("REDRESS_PUBLIC_RATE_LIMIT", "100000"),
        ("REDRESS_PUBLIC_RATE_BURST", "100000"),
    ]
}

/// `target/fuzz/venv/bin/schemathesis`, installed at the pinned version
/// unless it is there already and its interpreter still runs.
fn install(root: &Path) -> Result<PathBuf> {
    let venv = root.join("target").join("fuzz").join("venv");
    let bin = venv.join("bin");
    let marker = venv.join(SCHEMATHESIS);
    let interpreter = bin.join("python3");
    if marker.is_file() && runs(&interpreter) {
        println!("fuzz: {SCHEMATHESIS} in {}", venv.display());
        return Ok(bin.join("schemathesis"));
    }

    let python = find_python().map_err(anyhow::Error::msg)?;
    println!(
        "fuzz: creating {} with Python {} ({}), then installing {SCHEMATHESIS}…",
        venv.display(),
        python.version,
        python.executable.display()
    );
    if venv.exists() {
        std::fs::remove_dir_all(&venv)
            .with_context(|| format!("removing the broken {}", venv.display()))?;
    }
    check(
        Command::new(&python.executable)
            .arg("-m")
            .arg("venv")
            .arg(&venv),
        "creating the fuzz's Python environment",
    )?;
    check(
        Command::new(bin.join("pip")).args(["install", "--quiet", SCHEMATHESIS]),
        "installing schemathesis with pip",
    )?;
    std::fs::write(&marker, "").with_context(|| format!("writing {}", marker.display()))?;
    Ok(bin.join("schemathesis"))
}

/// Whether the environment's interpreter still starts (the Python it was
/// made from may be gone).
fn runs(interpreter: &Path) -> bool {
    Command::new(interpreter)
        .args(["-c", "import schemathesis"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// One run of schemathesis; true when it found nothing.
fn fuzz(root: &Path, schemathesis: &Path, url: &str, token: Option<&str>) -> Result<bool> {
    let mut command = Command::new(schemathesis);
    command
        .current_dir(root)
        .args(["run", "openapi/openapi.json", "--url", url])
        .args(["--checks", CHECKS])
        .args(["--phases", "examples,coverage,fuzzing"])
        .args(["--max-examples", EXAMPLES, "--max-time", SECONDS_PER_ROLE])
        .args(["--workers", WORKERS, "--seed", "1"])
        .env("NO_COLOR", "1");
    for path in EXCLUDED_PATHS {
        command.args(["--exclude-path", path]);
    }
    if let Some(token) = token {
        command
            .args(["--exclude-path", EXCLUDED_WHEN_SIGNED_IN])
            .args(["--header", &format!("Authorization: Bearer {token}")]);
    }
    let status = command
        .status()
        .with_context(|| format!("starting {}", schemathesis.display()))?;
    Ok(status.success())
}

/// The roles the fuzz plays, each with its access token (none: anonymous).
async fn sign_in_roles(url: &str) -> Result<Vec<(&'static str, Option<String>)>> {
    let admin = Client::new(url);
    admin
        .login("admin", browser::ADMIN_PASSWORD)
        .await
        .context("signing in as the platform admin")?;

    let intake = intake_officer(&admin).await?;
    let owner = business_owner(&admin).await?;
    let consumer = consumer(&admin).await?;
    Ok(vec![
        ("anonymous", None),
        ("consumer", Some(token(&admin, &consumer).await?)),
        ("member business owner", Some(token(&admin, &owner).await?)),
        ("intake officer", Some(token(&admin, &intake).await?)),
    ])
}

async fn token(admin: &Client, login: &str) -> Result<String> {
    let tokens = admin
        .fresh()
        .login(login, PASSWORD)
        .await
        .with_context(|| format!("signing in as {login}"))?;
    Ok(tokens.access_token)
}

/// An intake officer of Guangdong's association.
async fn intake_officer(admin: &Client) -> Result<String> {
    let associations: Page<Association> = admin.get("/api/v1/associations?limit=200").await?;
    let guangdong: AssociationId = associations
        .items
        .iter()
        .find(|a| a.region_code == "440000")
        .map(|a| a.id)
        .context("the server has no association for 440000; was it migrated?")?;
    let login = "fuzz.intake";
    let request = CreateStaffRequest {
        login_name: login.to_owned(),
        display_name: "受理员".to_owned(),
        password: PASSWORD.to_owned(),
        roles: vec![StaffRole::IntakeOfficer],
    };
    let _: Value = admin
        .post(&format!("/api/v1/associations/{guangdong}/staff"), &request)
        .await
        .context("creating the intake officer")?;
    Ok(login.to_owned())
}

/// The owner of a member business in Shenzhen.
async fn business_owner(admin: &Client) -> Result<String> {
    let request = CreateBusinessRequest {
        name: "深圳市测试电器有限公司".to_owned(),
        credit_code: Some("91440300MA5G8XQK18".to_owned()),
        region_code: "440305".to_owned(),
    };
    let business: Business = admin
        .post("/api/v1/businesses", &request)
        .await
        .context("registering the business")?;
    let id = business.id;
    let _: Value = admin
        .put(
            &format!("/api/v1/businesses/{id}/membership"),
            &MembershipRequest { member: true },
        )
        .await
        .context("making the business a member")?;
    let login = "fuzz.owner";
    let request = CreateBusinessUserRequest {
        login_name: login.to_owned(),
        display_name: "店长".to_owned(),
        password: PASSWORD.to_owned(),
        role: Some(BusinessRole::Owner),
    };
    let _: Value = admin
        .post(&format!("/api/v1/businesses/{id}/users"), &request)
        .await
        .context("creating the business's owner")?;
    Ok(login.to_owned())
}

/// A consumer, registered as anyone registers.
async fn consumer(admin: &Client) -> Result<String> {
    let phone = "13900139000";
    let request = RegisterRequest {
        phone: Some(phone.to_owned()),
        email: None,
        password: PASSWORD.to_owned(),
        display_name: "王女士".to_owned(),
    };
    let _: Value = admin
        .fresh()
        .post("/api/v1/auth/register", &request)
        .await
        .context("registering the consumer")?;
    Ok(phone.to_owned())
}
