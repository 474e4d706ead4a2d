//! The container deployment at the repository root: `Dockerfile` and
//! `docker-compose.yml`. Both are read here and checked for the properties a
//! running deployment depends on. The compose syntax check runs only where a
//! compose tool is installed, and says so when it cannot.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_norway::Value;

const REPO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
const COMPOSE_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docker-compose.yml");
const DOCKERFILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../Dockerfile");

/// Stand-in values for the variables docker-compose.yml requires.
const TRIAL_ENV: [(&str, &str); 3] = [
    (
        "REDRESS_JWT_SECRET",
        "signing-key-for-the-compose-syntax-check-only-0123456789",
    ),
    ("REDRESS_ADMIN_PASSWORD", "compose-syntax-check-only"),
    ("POSTGRES_PASSWORD", "0123456789abcdef0123456789abcdef"),
];

// ---------------------------------------------------------------------------
// docker-compose.yml

#[test]
fn postgres_keeps_its_data_in_a_named_volume_and_reports_when_it_is_ready() {
    let compose = Compose::load();

    let postgres = compose.service("postgres");
    let image = postgres.image.as_deref().unwrap_or_default();
    let data_dir = postgres_data_dir(image);

    assert!(
        image.starts_with("postgres:"),
        "the postgres service runs {image:?}"
    );
    assert!(
        postgres.probe().contains("pg_isready"),
        "the postgres healthcheck should run pg_isready: {:?}",
        postgres.healthcheck
    );
    let data = postgres
        .mount_at(&data_dir)
        .unwrap_or_else(|| panic!("postgres mounts nothing at {data_dir}"));
    assert!(
        data.named,
        "postgres data at {data_dir} is not in a named volume: {data:?}"
    );
    for name in ["POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"] {
        assert!(
            postgres.environment.contains_key(name),
            "postgres lacks {name}"
        );
    }
}

#[test]
fn at_least_two_api_replicas_run_one_image_built_from_the_repository_dockerfile() {
    let compose = Compose::load();

    let replicas = compose.api_replicas();
    let images: BTreeSet<Option<&str>> = replicas
        .iter()
        .map(|(_, service)| service.image.as_deref())
        .collect();

    assert!(
        replicas.len() >= 2,
        "{} API replica(s) built from Dockerfile",
        replicas.len()
    );
    assert_eq!(
        images.len(),
        1,
        "the replicas name different images: {images:?}"
    );
    assert!(
        images.iter().all(Option::is_some),
        "the replicas should name their shared image"
    );
    for (name, service) in &replicas {
        assert_eq!(
            service.pull_policy.as_deref(),
            Some("build"),
            "{name} could pull an image named like ours from a registry instead of building it"
        );
    }
}

#[test]
fn every_api_replica_waits_for_a_healthy_database_and_probes_its_own_readiness() {
    let compose = Compose::load();
    let bind_port = image_bind_port();

    let replicas = compose.api_replicas();

    for (name, service) in replicas {
        assert_eq!(
            service.depends_on.get("postgres").map(String::as_str),
            Some("service_healthy"),
            "{name} should start only once postgres is healthy"
        );
        let probe = service.probe();
        assert!(
            probe.contains(&format!(":{bind_port}/readyz")),
            "{name} should probe /readyz on port {bind_port}, not {probe:?}"
        );
    }
}

#[test]
fn two_api_replicas_share_one_database_and_one_signing_key() {
    let compose = Compose::load();
    let replicas = compose.api_replicas();

    let urls: BTreeSet<&str> = replicas
        .iter()
        .map(|(_, service)| service.env("REDRESS_DATABASE_URL"))
        .collect();
    let keys: BTreeSet<&str> = replicas
        .iter()
        .map(|(_, service)| service.env("REDRESS_JWT_SECRET"))
        .collect();

    assert_eq!(
        urls.len(),
        1,
        "the replicas use different databases: {urls:?}"
    );
    assert_eq!(
        keys.len(),
        1,
        "the replicas sign tokens with different keys: {keys:?}"
    );
    let url = DatabaseUrl::parse(urls.first().copied().unwrap_or_default());
    let postgres = compose.service(&url.host);
    assert!(
        postgres
            .image
            .as_deref()
            .is_some_and(|image| image.starts_with("postgres:")),
        "REDRESS_DATABASE_URL points at {}, which is not the postgres service",
        url.host
    );
    assert_eq!(url.user, postgres.env("POSTGRES_USER"), "database user");
    assert_eq!(
        url.password,
        postgres.env("POSTGRES_PASSWORD"),
        "database password"
    );
    assert_eq!(url.database, postgres.env("POSTGRES_DB"), "database name");
}

#[test]
fn the_signing_key_and_the_passwords_must_come_from_the_environment() {
    let compose = Compose::load();
    let postgres = compose.service("postgres");
    let replicas = compose.api_replicas();

    let database_password = required_variable(postgres.env("POSTGRES_PASSWORD"));
    let replica_secrets: Vec<(Option<&str>, Option<&str>)> = replicas
        .iter()
        .map(|(_, service)| {
            (
                required_variable(service.env("REDRESS_JWT_SECRET")),
                required_variable(service.env("REDRESS_ADMIN_PASSWORD")),
            )
        })
        .collect();

    assert_eq!(database_password, Some("POSTGRES_PASSWORD"));
    for (signing_key, admin_password) in replica_secrets {
        assert_eq!(
            signing_key,
            Some("REDRESS_JWT_SECRET"),
            "no default signing key in the file"
        );
        assert_eq!(
            admin_password,
            Some("REDRESS_ADMIN_PASSWORD"),
            "no default admin password"
        );
    }
}

#[test]
fn api_replicas_keep_evidence_in_one_named_volume_at_the_image_data_dir() {
    let compose = Compose::load();
    let runtime_env = Dockerfile::load().runtime().env();
    let data_dir = runtime_env
        .get("REDRESS_DATA_DIR")
        .cloned()
        .unwrap_or_default();

    let replicas = compose.api_replicas();
    let mounts: Vec<(&String, Option<&Mount>)> = replicas
        .iter()
        .map(|(name, service)| (*name, service.mount_at(&data_dir)))
        .collect();

    assert!(
        !data_dir.is_empty(),
        "the Dockerfile sets no REDRESS_DATA_DIR"
    );
    let mut sources = BTreeSet::new();
    for (name, mount) in mounts {
        let mount = mount.unwrap_or_else(|| panic!("{name} mounts nothing at {data_dir}"));
        assert!(
            mount.named,
            "{name} keeps {data_dir} outside a named volume: {mount:?}"
        );
        sources.insert(mount.source.clone());
    }
    assert_eq!(
        sources.len(),
        1,
        "the replicas keep their data apart: {sources:?}"
    );
}

#[test]
fn every_named_volume_in_use_is_declared_at_top_level() {
    let compose = Compose::load();

    let used: BTreeSet<&str> = compose
        .services
        .values()
        .flat_map(|service| &service.mounts)
        .filter(|mount| mount.named)
        .filter_map(|mount| mount.source.as_deref())
        .collect();
    let undeclared: Vec<&&str> = used
        .iter()
        .filter(|name| !compose.declared_volumes.contains(**name))
        .collect();

    assert!(!used.is_empty(), "no service uses a named volume");
    assert!(
        undeclared.is_empty(),
        "volumes used but not declared: {undeclared:?}"
    );
}

#[test]
fn api_replicas_publish_the_server_port_on_different_host_ports() {
    let compose = Compose::load();
    let bind_port = image_bind_port();

    let replicas = compose.api_replicas();
    let published: Vec<(&String, &Port)> = replicas
        .iter()
        .flat_map(|(name, service)| service.ports.iter().map(move |port| (*name, port)))
        .collect();
    let host_ports: BTreeSet<&str> = published
        .iter()
        .filter_map(|(_, port)| port.published.as_deref())
        .collect();

    assert_eq!(
        host_ports.len(),
        replicas.len(),
        "host ports clash or are missing: {published:?}"
    );
    for (name, port) in &published {
        assert_eq!(
            port.target, bind_port,
            "{name} publishes a port the server does not bind"
        );
    }
}

#[test]
fn the_compose_tool_accepts_the_file_and_refuses_it_without_a_signing_key() {
    let Some(tool) = compose_tool() else {
        // Written past the test harness's capture, so it shows in every run.
        let _ = writeln!(
            std::io::stderr(),
            "deployment: compose syntax check skipped: no compose tool is installed \
             (neither `docker compose` nor `docker-compose` answers)"
        );
        return;
    };
    // An empty env file, so that a developer's .env changes nothing here.
    let env_file = tempfile::NamedTempFile::new().expect("creating an empty env file");
    let without_key: Vec<(&str, &str)> = TRIAL_ENV
        .into_iter()
        .filter(|(name, _)| *name != "REDRESS_JWT_SECRET")
        .collect();

    let complete = compose_config(&tool, env_file.path(), &TRIAL_ENV);
    let missing_key = compose_config(&tool, env_file.path(), &without_key);

    assert!(
        complete.status.success(),
        "compose config: {}",
        stderr(&complete)
    );
    assert!(
        !missing_key.status.success(),
        "compose accepted a missing REDRESS_JWT_SECRET"
    );
    assert!(
        stderr(&missing_key).contains("REDRESS_JWT_SECRET"),
        "{}",
        stderr(&missing_key)
    );
}

// ---------------------------------------------------------------------------
// Dockerfile

#[test]
fn the_image_is_compiled_in_a_rust_stage_and_runs_in_a_slim_stage_of_the_same_debian() {
    let dockerfile = Dockerfile::load();
    let workspace = read_toml("Cargo.toml");

    let server_build = dockerfile.stage_running(&["cargo build", "-p api", "--release"]);
    let rust_image = dockerfile.root_image(server_build);
    let runtime_image = dockerfile.root_image(dockerfile.runtime());
    let needed = workspace
        .get("workspace")
        .and_then(|w| w.get("package"))
        .and_then(|p| p.get("rust-version"))
        .and_then(toml::Value::as_str)
        .unwrap_or_default();

    let (rust_version, build_release) = image_tag(rust_image, "rust:")
        .split_once('-')
        .unwrap_or_else(|| panic!("{rust_image} names no Debian release"));
    let (runtime_release, variant) = image_tag(runtime_image, "debian:")
        .split_once('-')
        .unwrap_or_else(|| panic!("{runtime_image} is not a slim variant"));
    assert_eq!(variant, "slim", "runtime image {runtime_image}");
    assert_eq!(
        build_release, runtime_release,
        "the binary must meet the glibc it was linked to"
    );
    assert!(
        version_numbers(rust_version) >= version_numbers(needed),
        "{rust_image} is older than the workspace's rust-version {needed}"
    );
}

/// The SPA is two modules built from the `web` crate: `public` (without its
/// default features) and `portals` (with them); `index.html` picks one.
const SPA_MODULES: [&str; 2] = ["public", "portals"];

#[test]
fn the_spa_is_compiled_to_wasm_and_bound_to_match_what_index_html_loads() {
    let dockerfile = Dockerfile::load();
    let workspace = read_toml("Cargo.toml");
    let index_html = read("web/index.html");

    let stage =
        dockerfile.stage_running(&["cargo build", "-p web", "--target wasm32-unknown-unknown"]);
    let build = stage
        .run_containing(&["cargo build", "-p web"])
        .unwrap_or_default();
    let profile = word_after(build, "--profile").unwrap_or("release");
    let bindgen = stage
        .run_containing(&["wasm-bindgen --target web"])
        .unwrap_or_default();

    assert!(
        dockerfile.lineage(stage).iter().any(|s| s
            .run_containing(&["rustup target add wasm32-unknown-unknown"])
            .is_some()),
        "no stage under {:?} adds the wasm32 target",
        stage.name
    );
    assert!(
        workspace
            .get("profile")
            .and_then(|p| p.get(profile))
            .is_some(),
        "the Dockerfile builds with a profile the workspace lacks: {profile}"
    );
    assert!(
        build.contains(&format!("target/wasm32-unknown-unknown/{profile}/web.wasm"))
            && build.contains("--no-default-features"),
        "the SPA build does not compile both modules: {build}"
    );
    assert!(
        bindgen.contains(&format!("for module in {};", SPA_MODULES.join(" ")))
            && bindgen.contains("wasm-split-cli \"/out/$module.wasm\" \"/out/split/$module\"")
            && bindgen.contains("\"/out/split/$module/$module.wasm\"")
            && bindgen.contains("--keep-lld-exports --out-dir \"/out/web/pkg/$module\""),
        "each module is not split, then bound into pkg/<module>: {bindgen}"
    );
    assert!(
        build.contains("--emit-relocs"),
        "the SPA build drops the relocations the split needs: {build}"
    );
    for module in SPA_MODULES {
        assert!(
            build.contains(&format!("/out/{module}.wasm")),
            "the SPA build keeps no {module}.wasm: {build}"
        );
        assert!(
            index_html.contains(&format!("\"{module}\"")),
            "web/index.html never loads the {module} module"
        );
    }
    assert!(
        index_html.contains("import(`/pkg/${name}/${name}.js`)"),
        "web/index.html does not load pkg/<module>/<module>.js"
    );
}

#[test]
fn the_runtime_stage_serves_the_built_spa_from_redress_web_dir() {
    let dockerfile = Dockerfile::load();
    let runtime = dockerfile.runtime();

    let web_dir = runtime
        .env()
        .get("REDRESS_WEB_DIR")
        .cloned()
        .unwrap_or_default();
    let copy = runtime
        .copies()
        .into_iter()
        .find(|copy| copy.destination == web_dir);

    assert!(
        !web_dir.is_empty(),
        "the runtime stage sets no REDRESS_WEB_DIR"
    );
    let copy = copy.unwrap_or_else(|| panic!("nothing is copied to {web_dir}"));
    let built_in = dockerfile.stage(copy.from.as_deref().unwrap_or_default());
    let dist = copy.sources.first().map(String::as_str).unwrap_or_default();
    assert!(
        built_in
            .run_containing(&[&format!("--out-dir \"{dist}/pkg/$module\"")])
            .is_some(),
        "wasm-bindgen does not write into {dist}/pkg/<module>"
    );
    assert!(
        built_in
            .run_containing(&[&format!("web/index.html {dist}")])
            .is_some(),
        "web/index.html is not copied into {dist}"
    );
}

#[test]
fn the_runtime_stage_runs_the_server_unprivileged_with_its_data_in_a_volume() {
    let dockerfile = Dockerfile::load();
    let runtime = dockerfile.runtime();

    let env = runtime.env();
    let user = runtime.last("USER").unwrap_or_default();
    let user_name = user.split(':').next().unwrap_or_default();
    let entrypoint = runtime.last("ENTRYPOINT").unwrap_or_default();
    let data_dir = env
        .get("REDRESS_DATA_DIR")
        .map(String::as_str)
        .unwrap_or_default();
    let volumes = runtime.all("VOLUME").join(" ");
    let exposed = runtime.all("EXPOSE").join(" ");

    assert!(
        !user.is_empty() && !["root", "0"].contains(&user_name),
        "runs as {user:?}"
    );
    assert!(
        runtime
            .copies()
            .iter()
            .any(|copy| copy.destination == "/usr/local/bin/redress"),
        "the server binary is not installed at /usr/local/bin/redress"
    );
    assert!(
        entrypoint.contains("/usr/local/bin/redress"),
        "ENTRYPOINT {entrypoint}"
    );
    assert!(
        words(&volumes).contains(&data_dir),
        "{data_dir} is not a VOLUME: {volumes}"
    );
    assert!(
        runtime
            .run_containing(&[data_dir, &format!("-o {user_name}")])
            .is_some()
            || runtime
                .run_containing(&["chown", user_name, data_dir])
                .is_some(),
        "{data_dir} is not made writable for {user_name} before it becomes a volume"
    );
    assert!(
        words(&exposed).contains(&image_bind_port().as_str()),
        "EXPOSE {exposed}"
    );
    assert_eq!(
        env.get("REDRESS_LOG_FORMAT").map(String::as_str),
        Some("json")
    );
}

#[test]
fn the_image_health_check_probes_liveness_with_a_tool_the_runtime_installs() {
    let dockerfile = Dockerfile::load();
    let runtime = dockerfile.runtime();

    let check = runtime.last("HEALTHCHECK").unwrap_or_default();
    let command = check
        .split_once("CMD ")
        .map(|(_, command)| command)
        .unwrap_or_default();
    let tool = command.split_whitespace().next().unwrap_or_default();

    assert!(
        command.contains(&format!(":{}/healthz", image_bind_port())),
        "HEALTHCHECK {check:?} does not probe /healthz on the bound port"
    );
    assert!(
        runtime.run_containing(&["apt-get install", tool]).is_some(),
        "the runtime stage does not install {tool:?} for its health check"
    );
}

#[test]
fn the_image_splits_the_spa_with_the_splitter_version_cargo_xtask_spa_installs() {
    let dockerfile = Dockerfile::load();
    let xtask = read("xtask/src/spa_split.rs");
    let version = xtask
        .lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix("const VERSION: &str = \"")?
                .strip_suffix("\";")
        })
        .expect("xtask/src/spa_split.rs names no VERSION");

    let install = dockerfile
        .stage("wasm-split")
        .run_containing(&["cargo install", "wasm_split_cli_support"])
        .unwrap_or_default();

    assert!(
        install.contains(&format!("--version {version}")) && install.contains("build-binary"),
        "the image's wasm-split-cli is not {version}: {install}"
    );
}

#[test]
fn the_wasm_bindgen_cli_in_the_image_is_the_version_locked_in_cargo_lock() {
    let dockerfile = Dockerfile::load();
    let lockfile = read("Cargo.lock");
    let locked = locked_versions(&lockfile, "wasm-bindgen");
    let lookup = VersionLookup::find(&dockerfile);
    let folder = folder_with_lockfile(&lockfile);

    let (output, found) = lookup.run(folder.path());

    assert!(
        output.status.success(),
        "the version lookup failed: {}",
        stderr(&output)
    );
    assert_eq!(
        found.trim(),
        locked.join(" "),
        "wasm-bindgen-cli would not match Cargo.lock"
    );
    assert!(
        lookup.install.contains("--locked") && lookup.install.contains(&lookup.file),
        "the CLI is not installed at the version read from Cargo.lock: {}",
        lookup.install
    );
}

#[test]
fn the_wasm_bindgen_version_lookup_fails_rather_than_guess() {
    let dockerfile = Dockerfile::load();
    let lookup = VersionLookup::find(&dockerfile);
    let two = folder_with_lockfile(
        "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.100\"\n\n\
         [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n",
    );
    let none = folder_with_lockfile(
        "[[package]]\nname = \"wasm-bindgen-futures\"\nversion = \"0.4.50\"\n",
    );

    let (with_two, _) = lookup.run(two.path());
    let (with_none, _) = lookup.run(none.path());

    assert!(
        !with_two.status.success(),
        "two locked versions were accepted"
    );
    assert!(
        !with_none.status.success(),
        "a lockfile without wasm-bindgen was accepted"
    );
}

// ---------------------------------------------------------------------------
// docker-compose.yml, as far as these tests read it

#[derive(Debug)]
struct Compose {
    services: BTreeMap<String, Service>,
    declared_volumes: BTreeSet<String>,
}

#[derive(Debug)]
struct Service {
    image: Option<String>,
    /// The Dockerfile the service is built from, when it has `build`.
    dockerfile: Option<PathBuf>,
    pull_policy: Option<String>,
    environment: BTreeMap<String, String>,
    /// The health check command, without its `CMD`/`CMD-SHELL` word.
    healthcheck: Option<String>,
    /// Service name to the condition waited for.
    depends_on: BTreeMap<String, String>,
    mounts: Vec<Mount>,
    ports: Vec<Port>,
}

#[derive(Debug)]
struct Mount {
    source: Option<String>,
    target: String,
    /// A named volume, as opposed to a bind mount or an anonymous volume.
    named: bool,
}

#[derive(Debug)]
struct Port {
    published: Option<String>,
    target: String,
}

impl Compose {
    fn load() -> Self {
        let folder = Path::new(COMPOSE_FILE).parent().unwrap_or(Path::new(REPO));
        Self::parse(&read("docker-compose.yml"), folder)
    }

    fn parse(text: &str, folder: &Path) -> Self {
        let mut document: Value = serde_norway::from_str(text)
            .unwrap_or_else(|error| panic!("docker-compose.yml is not YAML: {error}"));
        document
            .apply_merge()
            .unwrap_or_else(|error| panic!("docker-compose.yml merges badly: {error}"));
        let services = mapping_entries(document.get("services"))
            .map(|(name, value)| (name, Service::parse(value, folder)))
            .collect();
        let declared_volumes = mapping_entries(document.get("volumes"))
            .map(|(name, _)| name)
            .collect();
        Self {
            services,
            declared_volumes,
        }
    }

    fn service(&self, name: &str) -> &Service {
        self.services
            .get(name)
            .unwrap_or_else(|| panic!("docker-compose.yml has no service {name:?}"))
    }

    /// The services built from the repository's Dockerfile; at least two.
    fn api_replicas(&self) -> Vec<(&String, &Service)> {
        let ours = fs::canonicalize(DOCKERFILE).expect("the repository has a Dockerfile");
        let replicas: Vec<(&String, &Service)> = self
            .services
            .iter()
            .filter(|(_, service)| {
                let built_from = service
                    .dockerfile
                    .as_deref()
                    .and_then(|p| fs::canonicalize(p).ok());
                built_from.as_deref() == Some(ours.as_path())
            })
            .collect();
        assert!(
            replicas.len() >= 2,
            "docker-compose.yml builds {} service(s) from the Dockerfile, not two or more",
            replicas.len()
        );
        replicas
    }
}

impl Service {
    fn parse(value: &Value, folder: &Path) -> Self {
        Self {
            image: text(value.get("image")),
            dockerfile: value.get("build").map(|build| built_from(build, folder)),
            pull_policy: text(value.get("pull_policy")),
            environment: environment(value.get("environment")),
            healthcheck: value.get("healthcheck").and_then(healthcheck),
            depends_on: depends_on(value.get("depends_on")),
            mounts: sequence(value.get("volumes")).map(mount).collect(),
            ports: sequence(value.get("ports")).map(port).collect(),
        }
    }

    fn env(&self, name: &str) -> &str {
        self.environment
            .get(name)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("a service lacks {name}: {self:?}"))
    }

    fn probe(&self) -> &str {
        self.healthcheck.as_deref().unwrap_or_default()
    }

    fn mount_at(&self, target: &str) -> Option<&Mount> {
        self.mounts.iter().find(|mount| mount.target == target)
    }
}

fn built_from(build: &Value, folder: &Path) -> PathBuf {
    let (context, dockerfile) = match build {
        Value::String(context) => (context.clone(), "Dockerfile".to_owned()),
        _ => (
            text(build.get("context")).unwrap_or_else(|| ".".to_owned()),
            text(build.get("dockerfile")).unwrap_or_else(|| "Dockerfile".to_owned()),
        ),
    };
    folder.join(context).join(dockerfile)
}

fn environment(value: Option<&Value>) -> BTreeMap<String, String> {
    match value {
        Some(Value::Sequence(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(|item| match item.split_once('=') {
                Some((name, value)) => (name.to_owned(), value.to_owned()),
                None => (item.to_owned(), String::new()),
            })
            .collect(),
        _ => mapping_entries(value)
            .map(|(name, value)| (name, text(Some(value)).unwrap_or_default()))
            .collect(),
    }
}

fn healthcheck(value: &Value) -> Option<String> {
    if value.get("disable").and_then(Value::as_bool) == Some(true) {
        return None;
    }
    match value.get("test")? {
        Value::String(command) => Some(command.clone()),
        Value::Sequence(items) => {
            let words: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            match words.split_first() {
                Some((&"CMD" | &"CMD-SHELL", command)) => Some(command.join(" ")),
                _ => None,
            }
        }
        _ => None,
    }
}

fn depends_on(value: Option<&Value>) -> BTreeMap<String, String> {
    match value {
        Some(Value::Sequence(names)) => names
            .iter()
            .filter_map(Value::as_str)
            .map(|name| (name.to_owned(), "service_started".to_owned()))
            .collect(),
        _ => mapping_entries(value)
            .map(|(name, value)| {
                let condition = text(value.get("condition"));
                (
                    name,
                    condition.unwrap_or_else(|| "service_started".to_owned()),
                )
            })
            .collect(),
    }
}

fn mount(value: &Value) -> Mount {
    match value {
        Value::String(short) => match short.split(':').collect::<Vec<_>>().as_slice() {
            [source, target, ..] => Mount {
                source: Some((*source).to_owned()),
                target: (*target).to_owned(),
                named: !source.starts_with(['/', '.', '~', '$']),
            },
            _ => Mount {
                source: None,
                target: short.clone(),
                named: false,
            },
        },
        _ => {
            let kind = text(value.get("type")).unwrap_or_else(|| "volume".to_owned());
            let source = text(value.get("source"));
            Mount {
                named: kind == "volume" && source.is_some(),
                source,
                target: text(value.get("target")).unwrap_or_default(),
            }
        }
    }
}

fn port(value: &Value) -> Port {
    match value {
        Value::String(short) => {
            let mapping = short.split('/').next().unwrap_or_default();
            let mut parts: Vec<&str> = mapping.split(':').collect();
            let target = parts.pop().unwrap_or_default().to_owned();
            Port {
                published: parts.pop().map(str::to_owned),
                target,
            }
        }
        Value::Number(_) => Port {
            published: None,
            target: text(Some(value)).unwrap_or_default(),
        },
        _ => Port {
            published: text(value.get("published")),
            target: text(value.get("target")).unwrap_or_default(),
        },
    }
}

fn mapping_entries(value: Option<&Value>) -> impl Iterator<Item = (String, &Value)> {
    value
        .and_then(Value::as_mapping)
        .into_iter()
        .flatten()
        .filter_map(|(key, value)| Some((key.as_str()?.to_owned(), value)))
}

fn sequence(value: Option<&Value>) -> impl Iterator<Item = &Value> {
    value.and_then(Value::as_sequence).into_iter().flatten()
}

/// A scalar as text: strings as they are, numbers and booleans written out.
fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// The variable named by `${NAME:?message}`, the form that stops compose when
/// NAME is unset or empty.
fn required_variable(expression: &str) -> Option<&str> {
    let inner = expression.strip_prefix("${")?.strip_suffix('}')?;
    inner.split_once(":?").map(|(name, _)| name)
}

/// Where the official postgres image keeps its data: version 18 moved it.
fn postgres_data_dir(image: &str) -> String {
    let major: u32 = image_tag(image, "postgres:")
        .split(['.', '-'])
        .next()
        .and_then(|major| major.parse().ok())
        .unwrap_or_else(|| panic!("pin the postgres major version, not {image:?}"));
    if major >= 18 {
        "/var/lib/postgresql"
    } else {
        "/var/lib/postgresql/data"
    }
    .to_owned()
}

/// `postgres://user:password@host:port/database`, split without decoding.
struct DatabaseUrl {
    user: String,
    password: String,
    host: String,
    database: String,
}

impl DatabaseUrl {
    fn parse(url: &str) -> Self {
        let rest = url
            .strip_prefix("postgres://")
            .or_else(|| url.strip_prefix("postgresql://"))
            .unwrap_or_else(|| panic!("REDRESS_DATABASE_URL is not a PostgreSQL URL: {url}"));
        let (credentials, location) = rest
            .rsplit_once('@')
            .unwrap_or_else(|| panic!("REDRESS_DATABASE_URL names no user: {url}"));
        let (user, password) = credentials.split_once(':').unwrap_or((credentials, ""));
        let (address, database) = location.split_once('/').unwrap_or((location, ""));
        let host = address.split(':').next().unwrap_or_default();
        let database = database.split('?').next().unwrap_or_default();
        Self {
            user: user.to_owned(),
            password: password.to_owned(),
            host: host.to_owned(),
            database: database.to_owned(),
        }
    }
}

fn compose_tool() -> Option<Vec<&'static str>> {
    let candidates: [&[&'static str]; 2] = [&["docker", "compose"], &["docker-compose"]];
    candidates
        .into_iter()
        .find(|tool| {
            Command::new(tool[0])
                .args(&tool[1..])
                .arg("version")
                .output()
                .is_ok_and(|output| output.status.success())
        })
        .map(<[&str]>::to_vec)
}

fn compose_config(tool: &[&str], env_file: &Path, variables: &[(&str, &str)]) -> Output {
    let mut command = Command::new(tool[0]);
    command.args(&tool[1..]).arg("--env-file").arg(env_file);
    command.arg("-f").arg(COMPOSE_FILE).args(["config", "-q"]);
    for (name, _) in TRIAL_ENV {
        command.env_remove(name);
    }
    command.envs(variables.iter().copied());
    command.output().expect("running the compose tool")
}

// ---------------------------------------------------------------------------
// Dockerfile, as far as these tests read it

#[derive(Debug)]
struct Dockerfile {
    stages: Vec<Stage>,
}

#[derive(Debug)]
struct Stage {
    base: String,
    name: Option<String>,
    /// Keyword (upper case) and arguments, continuation lines joined.
    instructions: Vec<(String, String)>,
}

#[derive(Debug)]
struct CopyStep {
    from: Option<String>,
    sources: Vec<String>,
    destination: String,
}

impl Dockerfile {
    fn load() -> Self {
        Self::parse(&read("Dockerfile"))
    }

    fn parse(text: &str) -> Self {
        let mut stages: Vec<Stage> = Vec::new();
        for (keyword, arguments) in instructions(text) {
            if keyword == "FROM" {
                let words: Vec<&str> = arguments
                    .split_whitespace()
                    .filter(|word| !word.starts_with("--"))
                    .collect();
                let (base, name) = match words.as_slice() {
                    [base] => (*base, None),
                    [base, keyword, name] if keyword.eq_ignore_ascii_case("as") => {
                        (*base, Some(name.to_lowercase()))
                    }
                    _ => panic!("unreadable FROM {arguments}"),
                };
                stages.push(Stage {
                    base: base.to_owned(),
                    name,
                    instructions: Vec::new(),
                });
            } else if let Some(stage) = stages.last_mut() {
                stage.instructions.push((keyword, arguments));
            }
        }
        assert!(!stages.is_empty(), "the Dockerfile has no FROM");
        Self { stages }
    }

    fn stage(&self, name: &str) -> &Stage {
        self.stages
            .iter()
            .find(|stage| stage.name.as_deref() == Some(name))
            .unwrap_or_else(|| panic!("the Dockerfile has no stage {name:?}"))
    }

    /// The last stage: what `docker build` produces.
    fn runtime(&self) -> &Stage {
        self.stages.last().expect("the Dockerfile has stages")
    }

    /// The first stage with a RUN containing all of `parts`.
    fn stage_running(&self, parts: &[&str]) -> &Stage {
        self.stages
            .iter()
            .find(|stage| stage.run_containing(parts).is_some())
            .unwrap_or_else(|| panic!("no stage runs {parts:?}"))
    }

    /// `stage` and the stages it is built on, nearest first.
    fn lineage<'a>(&'a self, stage: &'a Stage) -> Vec<&'a Stage> {
        let mut lineage = vec![stage];
        let mut current = stage;
        while let Some(parent) = self
            .stages
            .iter()
            .find(|s| s.name.as_deref() == Some(current.base.as_str()))
        {
            assert!(
                lineage.len() <= self.stages.len(),
                "stages are built on each other in a loop"
            );
            lineage.push(parent);
            current = parent;
        }
        lineage
    }

    /// The registry image under `stage`, through the stages it is built on.
    fn root_image<'a>(&'a self, stage: &'a Stage) -> &'a str {
        self.lineage(stage)
            .last()
            .map(|s| s.base.as_str())
            .unwrap_or_default()
    }
}

impl Stage {
    fn all(&self, keyword: &str) -> Vec<&str> {
        self.instructions
            .iter()
            .filter(|(k, _)| k == keyword)
            .map(|(_, arguments)| arguments.as_str())
            .collect()
    }

    fn last(&self, keyword: &str) -> Option<&str> {
        self.all(keyword).pop()
    }

    /// The first RUN whose words contain each of `parts`.
    fn run_containing(&self, parts: &[&str]) -> Option<&str> {
        self.all("RUN").into_iter().find(|run| {
            let spaced = words(run).join(" ");
            parts.iter().all(|part| spaced.contains(part))
        })
    }

    fn env(&self) -> BTreeMap<String, String> {
        let mut env = BTreeMap::new();
        for arguments in self.all("ENV") {
            let words = words(arguments);
            if words.first().is_some_and(|word| word.contains('=')) {
                for word in words {
                    if let Some((name, value)) = word.split_once('=') {
                        env.insert(name.to_owned(), value.trim_matches('"').to_owned());
                    }
                }
            } else if let Some((name, value)) = arguments.split_once(char::is_whitespace) {
                env.insert(name.to_owned(), value.trim().to_owned());
            }
        }
        env
    }

    fn copies(&self) -> Vec<CopyStep> {
        self.all("COPY")
            .into_iter()
            .map(|arguments| {
                let (flags, mut paths): (Vec<&str>, Vec<&str>) = words(arguments)
                    .into_iter()
                    .partition(|word| word.starts_with("--"));
                let destination = paths.pop().unwrap_or_default().to_owned();
                CopyStep {
                    from: flags
                        .iter()
                        .find_map(|flag| flag.strip_prefix("--from="))
                        .map(str::to_owned),
                    sources: paths.into_iter().map(str::to_owned).collect(),
                    destination,
                }
            })
            .collect()
    }
}

/// The instructions of a Dockerfile: comments and blank lines dropped,
/// continuation lines joined.
fn instructions(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut pending = String::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(start) = line.strip_suffix('\\') {
            pending.push_str(start);
            pending.push(' ');
            continue;
        }
        pending.push_str(line);
        let (keyword, arguments) = pending
            .split_once(char::is_whitespace)
            .unwrap_or((&pending, ""));
        found.push((keyword.to_uppercase(), arguments.trim().to_owned()));
        pending.clear();
    }
    found
}

/// How the image finds the wasm-bindgen version: a stage that reads
/// Cargo.lock into a file, and the install step that reads that file.
struct VersionLookup {
    /// The lookup stage's RUN commands, without RUN flags.
    commands: Vec<String>,
    /// Name of the file holding the version.
    file: String,
    install: String,
}

impl VersionLookup {
    fn find(dockerfile: &Dockerfile) -> Self {
        let installer = dockerfile.stage_running(&["cargo install", "wasm-bindgen-cli"]);
        let install = installer
            .run_containing(&["cargo install", "wasm-bindgen-cli"])
            .unwrap_or_default()
            .to_owned();
        let copy = installer
            .copies()
            .into_iter()
            .find(|copy| copy.from.is_some())
            .unwrap_or_else(|| {
                panic!(
                    "the wasm-bindgen version is not carried into {:?}",
                    installer.name
                )
            });
        let lookup = dockerfile.stage(copy.from.as_deref().unwrap_or_default());
        assert!(
            lookup
                .copies()
                .iter()
                .any(|c| c.sources.iter().any(|s| s == "Cargo.lock")),
            "stage {:?} does not read the version from Cargo.lock",
            lookup.name
        );
        let source = copy.sources.first().map(String::as_str).unwrap_or_default();
        let file = Path::new(source)
            .file_name()
            .and_then(|f| f.to_str())
            .unwrap_or_default();
        let commands = lookup
            .all("RUN")
            .into_iter()
            .map(|run| {
                run.split_whitespace()
                    .skip_while(|w| w.starts_with("--"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        Self {
            commands,
            file: file.to_owned(),
            install,
        }
    }

    /// Runs the lookup in `folder` (holding a Cargo.lock) as the image build
    /// would in its work folder; returns the last command's output and the
    /// version file's text.
    fn run(&self, folder: &Path) -> (Output, String) {
        let mut last = None;
        for command in &self.commands {
            let output = Command::new("sh")
                .arg("-c")
                .arg(command)
                .current_dir(folder)
                .output()
                .expect("running sh");
            let failed = !output.status.success();
            last = Some(output);
            if failed {
                break;
            }
        }
        let output = last.expect("the lookup stage runs a command");
        let found = fs::read_to_string(folder.join(&self.file)).unwrap_or_default();
        (output, found)
    }
}

// ---------------------------------------------------------------------------
// Shared helpers

fn read(relative: &str) -> String {
    let path = Path::new(REPO).join(relative);
    fs::read_to_string(&path).unwrap_or_else(|error| panic!("reading {}: {error}", path.display()))
}

fn read_toml(relative: &str) -> toml::Table {
    read(relative)
        .parse()
        .unwrap_or_else(|error| panic!("{relative} is not TOML: {error}"))
}

/// A temporary folder holding a Cargo.lock with `text`.
fn folder_with_lockfile(text: &str) -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("creating a temporary folder");
    fs::write(folder.path().join("Cargo.lock"), text).expect("writing Cargo.lock");
    folder
}

/// The versions at which Cargo.lock holds `package`.
fn locked_versions(lockfile: &str, package: &str) -> Vec<String> {
    let lock: toml::Table = lockfile.parse().expect("Cargo.lock is TOML");
    let versions: Vec<String> = lock
        .get("package")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter(|entry| entry.get("name").and_then(toml::Value::as_str) == Some(package))
        .filter_map(|entry| {
            entry
                .get("version")
                .and_then(toml::Value::as_str)
                .map(str::to_owned)
        })
        .collect();
    assert!(!versions.is_empty(), "Cargo.lock has no {package}");
    versions
}

/// The port in the image's REDRESS_BIND, e.g. `8080`.
fn image_bind_port() -> String {
    let env = Dockerfile::load().runtime().env();
    let bind = env.get("REDRESS_BIND").cloned().unwrap_or_default();
    let (_, port) = bind
        .rsplit_once(':')
        .unwrap_or_else(|| panic!("the image's REDRESS_BIND is not host:port: {bind:?}"));
    port.to_owned()
}

fn image_tag<'a>(image: &'a str, repository: &str) -> &'a str {
    image
        .strip_prefix(repository)
        .unwrap_or_else(|| panic!("{image} is not from {repository}"))
}

fn version_numbers(version: &str) -> Vec<u32> {
    version
        .split('.')
        .map(|part| part.parse().unwrap_or(0))
        .collect()
}

fn word_after<'a>(command: &'a str, flag: &str) -> Option<&'a str> {
    let words = words(command);
    let at = words.iter().position(|word| *word == flag)?;
    words.get(at + 1).copied()
}

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
