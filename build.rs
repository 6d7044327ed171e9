//! Embeds the data files under `assets/` into the binary.
//!
//! Writes `$OUT_DIR/embedded_assets.rs` with one `(relative path, include_str!(...))` pair per
//! provider, client, Fluent and bundled ISPDB file, so adding a data file needs no Rust change. For a Windows
//! target it also compiles the executables' resources (icon, version information, manifest) with
//! mingw's windres and links them into both executables.

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
        ("ISPDB_FILES", "assets/ispdb", "xml"),
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
    if env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "windows") {
        windows_resources(Path::new(&root), Path::new(&out_dir));
    }
}

/// Icon, version information and manifest for `mailwiz.exe` / `mailwiz.com`, compiled by
/// windres (`WINDRES`, default `x86_64-w64-mingw32-windres`) into an object linked into the
/// executables only (not into test programs).
fn windows_resources(root: &Path, out_dir: &Path) {
    let slashes = |p: &Path| p.display().to_string().replace('\\', "/");
    let icon = root.join("assets/icon/mailwiz.ico");
    let manifest = root.join("assets/windows/mailwiz.manifest");
    for file in [&icon, &manifest] {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    println!("cargo:rerun-if-env-changed=WINDRES");
    let version = env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let number = |name: &str| env::var(name).unwrap_or_else(|_| "0".into());
    let numeric = format!(
        "{},{},{},0",
        number("CARGO_PKG_VERSION_MAJOR"),
        number("CARGO_PKG_VERSION_MINOR"),
        number("CARGO_PKG_VERSION_PATCH")
    );
    let rc = format!(
        r#"#pragma code_page(65001)
1 ICON "{icon}"
1 24 "{manifest}"
1 VERSIONINFO
FILEVERSION {numeric}
PRODUCTVERSION {numeric}
FILEFLAGSMASK 0x3f
FILEFLAGS 0x0
FILEOS 0x40004
FILETYPE 0x1
FILESUBTYPE 0x0
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904b0"
    BEGIN
      VALUE "CompanyName", "mailwiz"
      VALUE "FileDescription", "mailwiz: mail setup wizard"
      VALUE "FileVersion", "{version}"
      VALUE "InternalName", "mailwiz"
      VALUE "LegalCopyright", "mailwiz developers, MIT OR Apache-2.0"
      VALUE "ProductName", "mailwiz"
      VALUE "ProductVersion", "{version}"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
"#,
        icon = slashes(&icon),
        manifest = slashes(&manifest),
    );
    let rc_path = out_dir.join("mailwiz.rc");
    let object = out_dir.join("mailwiz-resources.o");
    if let Err(e) = fs::write(&rc_path, rc) {
        panic!("cannot write {}: {e}", rc_path.display());
    }
    if env::var("CARGO_CFG_TARGET_ENV").is_ok_and(|e| e != "gnu") {
        println!(
            "cargo:warning=Windows resources (icon, version) are built with mingw's windres for the -gnu target only"
        );
        return;
    }
    let windres = env::var("WINDRES").unwrap_or_else(|_| "x86_64-w64-mingw32-windres".into());
    let status = std::process::Command::new(&windres)
        .arg("--input-format=rc")
        .arg("--output-format=coff")
        .arg("-i")
        .arg(&rc_path)
        .arg("-o")
        .arg(&object)
        .status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => panic!("{windres} failed on {}: {s}", rc_path.display()),
        Err(e) => panic!("cannot run {windres} (install mingw-w64 or set WINDRES): {e}"),
    }
    println!("cargo:rustc-link-arg-bins={}", object.display());
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
