//! Builds the single-page app into `web/dist`: `index.html`, `style.css` and
//! `pkg/` with the wasm-bindgen output, ready for the server to serve.
//!
//! The wasm32 compiler comes from rustup when its target is installed, and
//! otherwise from Debian's `rustc-web` packages, which build the standard
//! library from source (see the wasm toolchain notes in the docs).

use std::env;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::spa_split;

const TARGET: &str = "wasm32-unknown-unknown";
const PROFILE: &str = "release-web";
const DEBIAN_CARGO: &str = "/usr/bin/cargo";
const DEBIAN_LINKER: &str = "/usr/lib/llvm-22/bin/wasm-ld";
const DEBIAN_STD_SOURCES: &str = "/usr/lib/rustlib/src/rust/library";
/// Compiler flags for the wasm32 build, on top of any the caller set there.
/// `erase_components` makes Leptos type-erase each component's view: the
/// views' generic code is no longer copied per component, which makes the
/// module about a tenth smaller (and compiles faster). `--emit-relocs` keeps
/// the linker's relocations in the module, which the split into pages
/// (`spa_split`) reads.
const WASM_RUSTFLAGS_VAR: &str = "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS";
const WASM_RUSTFLAGS: &str = "--cfg erase_components -C link-arg=--emit-relocs";
/// Static files copied from `web/` into the dist folder, when present.
const STATIC_FILES: [&str; 2] = ["index.html", "style.css"];
/// Set by `cargo run` or rustup for the outer build; they would make Debian's
/// cargo pick rustup's compiler or toolchain.
const OUTER_TOOLCHAIN_VARS: [&str; 6] = [
    "RUSTUP_TOOLCHAIN",
    "CARGO",
    "RUSTC",
    "RUSTC_WRAPPER",
    "RUSTC_WORKSPACE_WRAPPER",
    "CARGO_BUILD_RUSTC",
];

/// The two builds of the app: the name of its files under `pkg/` and the
/// cargo feature flags that make it. `index.html` picks one by path.
const MODULES: [(&str, &[&str]); 2] = [
    // The public pages and sign-in: what a visitor of the public site loads.
    ("public", &["--no-default-features"]),
    // Every page, for the consumer, business, association and admin portals.
    ("portals", &[]),
];

/// Compiles the `web` crate to wasm once per module, runs wasm-bindgen
/// (installing the CLI at the version in Cargo.lock when needed) and returns
/// the dist folder.
pub fn build(root: &Path) -> Result<PathBuf> {
    let started = Instant::now();
    let toolchain = Toolchain::detect()?;
    let bindgen = ensure_wasm_bindgen(root)?;
    let splitter = spa_split::ensure_splitter(&tools(root))?;
    let mut compiled = Vec::new();
    for (name, flags) in MODULES {
        compiled.push((name, compile(root, toolchain, name, flags)?));
    }

    // The dist folder is replaced only once both modules have compiled.
    let dist = root.join("web").join("dist");
    prepare_dist(root, &dist)?;
    let mut sizes = Vec::new();
    for (name, wasm) in compiled {
        let pkg = dist.join("pkg").join(name);
        let split = spa_split::split(&splitter, &wasm, name, &wasm.with_extension("split"))?;
        let module = bind(&bindgen, &split.main, &pkg)?;
        let chunks = copy_into(&split.companions, &pkg)?;
        let size = fs::metadata(&module).map(|meta| meta.len()).unwrap_or(0);
        sizes.push(format!("{name} {} KB + {chunks} KB in chunks", size / 1024));
    }

    println!(
        "SPA ready in {} (wasm: {}; {} s)",
        dist.display(),
        sizes.join(", "),
        started.elapsed().as_secs()
    );
    Ok(dist)
}

/// Copies `files` into `folder`; returns their size in KB.
fn copy_into(files: &[PathBuf], folder: &Path) -> Result<u64> {
    let mut bytes = 0;
    for file in files {
        let name = file.file_name().context("a split file has no name")?;
        bytes += fs::copy(file, folder.join(name))
            .with_context(|| format!("copying {}", file.display()))?;
    }
    Ok(bytes / 1024)
}

/// Runs wasm-bindgen on one module; returns the `_bg.wasm` it wrote. The
/// input's file name decides the output names (`public.wasm` gives
/// `public.js` and `public_bg.wasm`).
fn bind(bindgen: &Path, wasm: &Path, pkg: &Path) -> Result<PathBuf> {
    println!("running wasm-bindgen on {}…", wasm.display());
    run(
        Command::new(bindgen)
            .args(["--target", "web", "--no-typescript"])
            // Function names are more than half the module and only help a
            // debugger; `twiggy` reads them from cargo's own `web.wasm`.
            .args(["--remove-name-section", "--remove-producers-section"])
            // The page chunks import the function table from the main module.
            .arg("--keep-lld-exports")
            .arg("--out-dir")
            .arg(pkg)
            .arg(wasm),
        "wasm-bindgen",
    )?;
    let stem = wasm
        .file_stem()
        .context("the module has no file name")?
        .to_string_lossy();
    Ok(pkg.join(format!("{stem}_bg.wasm")))
}

/// Which compiler builds the wasm32 code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Toolchain {
    /// rustup's toolchain with the `wasm32-unknown-unknown` target installed.
    Rustup,
    /// Debian's `rustc-web`, building std from `rust-web-src`.
    Debian,
}

impl Toolchain {
    fn detect() -> Result<Self> {
        if rustup_has_wasm_target() {
            return Ok(Self::Rustup);
        }
        if debian_toolchain_is_installed() {
            return Ok(Self::Debian);
        }
        bail!(
            "no toolchain here can build {TARGET}. Either run \
             `rustup target add {TARGET}`, or on Debian 12 (as root) \
             `apt-get install -y rustc-web cargo-web rust-web-src lld-22`"
        )
    }

    /// Where cargo puts `web.wasm` for this toolchain.
    fn wasm_path(self, root: &Path) -> PathBuf {
        let target_dir = match self {
            Self::Rustup => root.join("target"),
            Self::Debian => root.join("target").join("wasm"),
        };
        target_dir.join(TARGET).join(PROFILE).join("web.wasm")
    }
}

fn rustup_has_wasm_target() -> bool {
    Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .is_ok_and(|out| {
            out.status.success() && lists_target(&String::from_utf8_lossy(&out.stdout))
        })
}

fn lists_target(listing: &str) -> bool {
    listing.lines().any(|line| line.trim() == TARGET)
}

fn debian_toolchain_is_installed() -> bool {
    [
        DEBIAN_CARGO,
        "/usr/bin/rustc",
        DEBIAN_LINKER,
        DEBIAN_STD_SOURCES,
    ]
    .iter()
    .all(|path| Path::new(path).exists())
}

/// Builds `web` for wasm32 with `flags` and returns a copy of its
/// `web.wasm` named `<name>.wasm` (cargo writes both builds to one path).
fn compile(root: &Path, toolchain: Toolchain, name: &str, flags: &[&str]) -> Result<PathBuf> {
    let mut command = match toolchain {
        Toolchain::Rustup => {
            println!("building the SPA's {name} module with rustup's {TARGET} target…");
            Command::new(outer_cargo())
        }
        Toolchain::Debian => {
            println!(
                "building the SPA's {name} module with Debian's wasm toolchain \
                 (several minutes the first time)…"
            );
            debian_cargo(root)?
        }
    };
    command.current_dir(root).args([
        "build",
        "-p",
        "web",
        "--profile",
        PROFILE,
        "--target",
        TARGET,
    ]);
    command
        .args(flags)
        .env(WASM_RUSTFLAGS_VAR, wasm_rustflags());
    if toolchain == Toolchain::Debian {
        command.args(["-Z", "build-std=std,panic_abort"]);
    }
    run(&mut command, "the wasm build of `web`")?;

    let built = toolchain.wasm_path(root);
    let copy = built.with_file_name(format!("{name}.wasm"));
    fs::copy(&built, &copy).with_context(|| format!("copying {}", built.display()))?;
    Ok(copy)
}

fn wasm_rustflags() -> String {
    match env::var(WASM_RUSTFLAGS_VAR) {
        Ok(own) if !own.trim().is_empty() => format!("{own} {WASM_RUSTFLAGS}"),
        _ => WASM_RUSTFLAGS.to_owned(),
    }
}

/// Debian's cargo with /usr/bin first on PATH, its wasm linker and its own
/// target folder, so the two compilers never share build caches.
fn debian_cargo(root: &Path) -> Result<Command> {
    let mut path = vec![PathBuf::from("/usr/bin")];
    path.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    let mut command = Command::new(DEBIAN_CARGO);
    for var in OUTER_TOOLCHAIN_VARS {
        command.env_remove(var);
    }
    command
        .env(
            "PATH",
            env::join_paths(path).context("PATH holds an invalid entry")?,
        )
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER", DEBIAN_LINKER)
        .env("CARGO_TARGET_DIR", root.join("target").join("wasm"));
    Ok(command)
}

/// The cargo that runs this xtask, for the rustup build and `cargo install`.
fn outer_cargo() -> OsString {
    env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// The wasm-bindgen CLI at the version of the `wasm-bindgen` crate in
/// Cargo.lock, installed under `target/tools` when missing or different.
fn ensure_wasm_bindgen(root: &Path) -> Result<PathBuf> {
    let lockfile = fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let version = locked_version(&lockfile, "wasm-bindgen")?;
    let tools = tools(root);
    let binary = tools.join("bin").join("wasm-bindgen");
    if installed_version(&binary).as_deref() == Some(version.as_str()) {
        return Ok(binary);
    }

    println!("installing wasm-bindgen-cli {version} into target/tools (about 3 minutes)…");
    install_tool(&tools, "wasm-bindgen-cli", &version, &[])?;
    Ok(binary)
}

/// `cargo install`s `package` at `version` into `tools`, with the versions of
/// its dependencies that it was released with when the registry serves them.
pub fn install_tool(tools: &Path, package: &str, version: &str, extra: &[&str]) -> Result<()> {
    let locked = run(
        &mut cargo_install(tools, package, version, extra, true),
        "cargo install --locked",
    );
    if let Err(error) = locked {
        // The tool's own Cargo.lock can name a dependency version that the
        // registry in use does not serve; the tool itself stays at `version`.
        println!("{error}; retrying without --locked");
        run(
            &mut cargo_install(tools, package, version, extra, false),
            "cargo install",
        )?;
    }
    Ok(())
}

fn cargo_install(
    tools: &Path,
    package: &str,
    version: &str,
    extra: &[&str],
    locked: bool,
) -> Command {
    let mut command = Command::new(outer_cargo());
    command.arg("install");
    if locked {
        command.arg("--locked");
    }
    command
        .arg("--root")
        .arg(tools)
        .args([package, "--version", version])
        .args(extra);
    command
}

/// Where the build's tools (wasm-bindgen, wasm-split-cli) are installed.
fn tools(root: &Path) -> PathBuf {
    root.join("target").join("tools")
}

/// The version of `package` in a Cargo.lock; an error when it is absent or
/// locked at more than one version.
fn locked_version(lockfile: &str, package: &str) -> Result<String> {
    let wanted = format!("name = \"{package}\"");
    let versions: Vec<&str> = lockfile
        .split("[[package]]")
        .filter(|entry| entry.lines().any(|line| line.trim() == wanted))
        .filter_map(|entry| entry.lines().find_map(|line| quoted_value(line, "version")))
        .collect();
    match versions.as_slice() {
        [version] => Ok((*version).to_owned()),
        [] => bail!("Cargo.lock has no `{package}`; is `web` a workspace member?"),
        many => bail!("Cargo.lock holds `{package}` at several versions: {many:?}"),
    }
}

/// `value` from a line `key = "value"`.
fn quoted_value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line
        .trim()
        .strip_prefix(key)?
        .trim_start()
        .strip_prefix('=')?;
    rest.trim().strip_prefix('"')?.strip_suffix('"')
}

/// What `wasm-bindgen --version` says, e.g. `0.2.130`; `None` if it does not run.
fn installed_version(binary: &Path) -> Option<String> {
    let output = Command::new(binary).arg("--version").output().ok()?;
    if !output.status.success() {
        return None;
    }
    reported_version(&String::from_utf8_lossy(&output.stdout))
}

fn reported_version(output: &str) -> Option<String> {
    match output.split_whitespace().collect::<Vec<_>>().as_slice() {
        ["wasm-bindgen", version, ..] => Some((*version).to_owned()),
        _ => None,
    }
}

/// A fresh dist folder holding the static files of `web/`.
fn prepare_dist(root: &Path, dist: &Path) -> Result<()> {
    if dist.exists() {
        fs::remove_dir_all(dist).with_context(|| format!("removing {}", dist.display()))?;
    }
    fs::create_dir_all(dist).with_context(|| format!("creating {}", dist.display()))?;
    for name in STATIC_FILES {
        let source = root.join("web").join(name);
        if source.exists() {
            fs::copy(&source, dist.join(name))
                .with_context(|| format!("copying {}", source.display()))?;
        }
    }
    Ok(())
}

fn run(command: &mut Command, what: &str) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("could not start {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCKFILE: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen-futures"
version = "0.4.80"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "cfg-if",
]
"#;

    #[test]
    fn the_locked_version_is_read_from_the_exact_package() {
        assert_eq!(locked_version(LOCKFILE, "wasm-bindgen").unwrap(), "0.2.130");
        assert_eq!(
            locked_version(LOCKFILE, "wasm-bindgen-futures").unwrap(),
            "0.4.80"
        );
    }

    #[test]
    fn a_package_missing_from_the_lockfile_is_an_error() {
        let error = locked_version(LOCKFILE, "leptos").unwrap_err();

        assert!(error.to_string().contains("no `leptos`"), "{error}");
    }

    #[test]
    fn a_package_locked_twice_is_an_error() {
        let lockfile =
            format!("{LOCKFILE}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.99\"\n");

        let error = locked_version(&lockfile, "wasm-bindgen").unwrap_err();

        assert!(error.to_string().contains("several versions"), "{error}");
    }

    #[test]
    fn the_cli_version_is_read_from_its_banner() {
        assert_eq!(
            reported_version("wasm-bindgen 0.2.130\n").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(reported_version("something-else 1.0"), None);
        assert_eq!(reported_version(""), None);
    }

    #[test]
    fn the_wasm_target_is_found_among_installed_targets() {
        assert!(lists_target(
            "x86_64-unknown-linux-gnu\nwasm32-unknown-unknown\n"
        ));
        assert!(!lists_target("x86_64-unknown-linux-gnu\nwasm32-wasip1\n"));
    }

    #[test]
    fn each_toolchain_has_its_own_target_folder() {
        let root = Path::new("/repo");

        let rustup = Toolchain::Rustup.wasm_path(root);
        let debian = Toolchain::Debian.wasm_path(root);

        assert_eq!(
            rustup,
            Path::new("/repo/target/wasm32-unknown-unknown/release-web/web.wasm")
        );
        assert_eq!(
            debian,
            Path::new("/repo/target/wasm/wasm32-unknown-unknown/release-web/web.wasm")
        );
    }
}
