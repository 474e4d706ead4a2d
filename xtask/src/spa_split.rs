//! Cuts the app's wasm module into the part every visitor loads and one
//! chunk per page that is fetched when the page is first shown (the pages the
//! web crate marks with `lazy_pages!`).
//!
//! `wasm-split-cli` (crate `wasm_split_cli_support`, installed under
//! `target/tools` like wasm-bindgen) reads the module as the linker wrote it,
//! with its relocations (`-C link-arg=--emit-relocs`), and writes the main
//! module for wasm-bindgen, the chunks and `__wasm_split.js`, which fetches a
//! chunk and links it to the main module's memory and functions.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// The splitter's version; its runtime half (`wasm_split_helpers`) comes with
/// Leptos, and the two must speak the same format.
const VERSION: &str = "0.2.4";
const PACKAGE: &str = "wasm_split_cli_support";
/// The file the splitter writes beside the chunks, and the main module
/// imports by this name from its own folder.
pub const LINK_FILE: &str = "__wasm_split.js";

/// What the split of one module gave.
pub struct Split {
    /// The main module, for wasm-bindgen.
    pub main: PathBuf,
    /// The chunks and the link file, to copy beside wasm-bindgen's output.
    pub companions: Vec<PathBuf>,
}

/// The splitter under `tools`, installed when missing.
pub fn ensure_splitter(tools: &Path) -> Result<PathBuf> {
    let binary = tools.join("bin").join("wasm-split-cli");
    if binary.exists() && is_installed(tools) {
        return Ok(binary);
    }

    println!("installing {PACKAGE} {VERSION} (wasm-split-cli) into target/tools…");
    crate::spa::install_tool(tools, PACKAGE, VERSION, &["--features", "build-binary"])?;
    Ok(binary)
}

/// Whether cargo's record of installed packages under `tools` names the
/// splitter at [`VERSION`].
fn is_installed(tools: &Path) -> bool {
    fs::read_to_string(tools.join(".crates.toml"))
        .is_ok_and(|record| records_version(&record, PACKAGE, VERSION))
}

fn records_version(record: &str, package: &str, version: &str) -> bool {
    let entry = format!("\"{package} {version} ");
    record.lines().any(|line| line.starts_with(&entry))
}

/// Splits `wasm` (named `<name>.wasm`) into a fresh folder `out`.
pub fn split(splitter: &Path, wasm: &Path, name: &str, out: &Path) -> Result<Split> {
    if out.exists() {
        fs::remove_dir_all(out).with_context(|| format!("removing {}", out.display()))?;
    }
    println!("splitting {} into pages…", wasm.display());
    let status = Command::new(splitter)
        .arg(wasm)
        .arg(out)
        .args(["--target", "web", "--out-name", name])
        .status()
        .context("could not start wasm-split-cli")?;
    if !status.success() {
        bail!("wasm-split-cli failed on {} ({status})", wasm.display());
    }

    let main = out.join(format!("{name}.wasm"));
    let companions = companions(out, &main)?;
    for chunk in companions
        .iter()
        .filter(|file| file.extension() == Some("wasm".as_ref()))
    {
        strip_custom_sections(chunk)?;
    }
    if !main.exists() || !companions.iter().any(|file| file.ends_with(LINK_FILE)) {
        bail!(
            "wasm-split-cli did not write {name}.wasm and {LINK_FILE} into {}",
            out.display()
        );
    }
    Ok(Split { main, companions })
}

/// Every file the splitter wrote but the main module.
fn companions(out: &Path, main: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(out).with_context(|| format!("reading {}", out.display()))? {
        let path = entry?.path();
        if path != main {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Rewrites a chunk without its custom sections (function names, producers,
/// target features): the browser uses none of them, and the names alone are
/// more than half of a chunk. The main module loses its own in wasm-bindgen.
fn strip_custom_sections(chunk: &Path) -> Result<()> {
    let module = fs::read(chunk).with_context(|| format!("reading {}", chunk.display()))?;
    let stripped = without_custom_sections(&module)
        .with_context(|| format!("reading the sections of {}", chunk.display()))?;
    fs::write(chunk, stripped).with_context(|| format!("writing {}", chunk.display()))
}

/// The module's bytes with every custom section (id 0) left out.
fn without_custom_sections(module: &[u8]) -> Result<Vec<u8>> {
    const HEADER: usize = 8;
    if module.len() < HEADER || !module.starts_with(b"\0asm") {
        bail!("not a wasm module");
    }

    let mut kept = module[..HEADER].to_vec();
    let mut at = HEADER;
    while at < module.len() {
        let (size, payload) = read_leb128(module, at + 1)?;
        let end = payload
            .checked_add(size)
            .filter(|end| *end <= module.len())
            .context("a section runs past the end of the module")?;
        if module[at] != 0 {
            kept.extend_from_slice(&module[at..end]);
        }
        at = end;
    }
    Ok(kept)
}

/// An unsigned LEB128 number at `at`, and the offset after it.
fn read_leb128(bytes: &[u8], mut at: usize) -> Result<(usize, usize)> {
    let mut value = 0usize;
    for shift in (0..35).step_by(7) {
        let byte = *bytes
            .get(at)
            .context("a section size runs past the end of the module")?;
        at += 1;
        value |= usize::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok((value, at));
        }
    }
    bail!("a section size is longer than five bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_installed_version_is_read_from_cargos_record() {
        let record = r#"[v1]
"wasm-bindgen-cli 0.2.130 (registry+https://github.com/rust-lang/crates.io-index)" = [
    "wasm-bindgen",
]
"wasm_split_cli_support 0.2.4 (registry+https://github.com/rust-lang/crates.io-index)" = [
    "wasm-split-cli",
]
"#;

        assert!(records_version(record, PACKAGE, "0.2.4"));
        assert!(!records_version(record, PACKAGE, "0.2.3"));
        assert!(!records_version(record, "wasm-bindgen-cli", "0.2.4"));
    }

    const HEADER: &[u8] = b"\0asm\x01\0\0\0";
    /// A type section with no types, and a code section with no bodies.
    const TYPES: &[u8] = &[1, 1, 0];
    const CODE: &[u8] = &[10, 1, 0];

    fn custom(name: &str, payload_len: usize) -> Vec<u8> {
        let mut payload = vec![name.len() as u8];
        payload.extend_from_slice(name.as_bytes());
        payload.extend(std::iter::repeat_n(7, payload_len));
        // 128 bytes and more take two bytes of LEB128.
        let size = payload.len();
        let mut section = vec![0];
        if size < 128 {
            section.push(size as u8);
        } else {
            section.extend([(size & 0x7f) as u8 | 0x80, (size >> 7) as u8]);
        }
        section.extend(payload);
        section
    }

    #[test]
    fn custom_sections_are_left_out_and_the_others_kept_in_order() {
        let module = [
            HEADER,
            TYPES,
            &custom("name", 300),
            CODE,
            &custom("producers", 3),
        ]
        .concat();

        let stripped = without_custom_sections(&module).unwrap();

        assert_eq!(stripped, [HEADER, TYPES, CODE].concat());
    }

    #[test]
    fn a_module_cut_short_is_an_error_not_a_shorter_module() {
        let module = [HEADER, TYPES, &custom("name", 300)].concat();

        let error = without_custom_sections(&module[..module.len() - 1]).unwrap_err();

        assert!(error.to_string().contains("past the end"), "{error}");
        assert!(without_custom_sections(b"\0asn\x01\0\0\0").is_err());
    }
}
