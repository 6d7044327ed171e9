//! Embeds the data files under `assets/` into the binary.
//!
//! Writes `$OUT_DIR/embedded_assets.rs` with one `(relative path, include_str!(...))` pair per
//! provider, client and Fluent file, so adding a data file needs no Rust change.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let out_dir = env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let mut code = String::new();
    for (name, dir, ext) in [
        ("PROVIDER_FILES", "assets/providers", "toml"),
        ("CLIENT_FILES", "assets/clients", "toml"),
        ("FLUENT_FILES", "assets/i18n", "ftl"),
    ] {
        let mut files = Vec::new();
        collect(&Path::new(&root).join(dir), ext, &mut files);
        files.sort();
        let _ = writeln!(
            code,
            "/// Embedded `{dir}/**/*.{ext}` files: (path under {dir}, text)."
        );
        let _ = writeln!(code, "pub static {name}: &[(&str, &str)] = &[");
        for file in &files {
            let rel = file
                .strip_prefix(Path::new(&root).join(dir))
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let _ = writeln!(
                code,
                "    ({rel:?}, include_str!({:?})),",
                file.display().to_string()
            );
        }
        let _ = writeln!(code, "];");
        println!("cargo:rerun-if-changed={dir}");
    }
    if let Err(e) = fs::write(Path::new(&out_dir).join("embedded_assets.rs"), code) {
        panic!("cannot write embedded_assets.rs: {e}");
    }
}

fn collect(dir: &Path, ext: &str, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            println!("cargo:rerun-if-changed={}", path.display());
            out.push(path);
        }
    }
}
