//! Fonts: CJK text must never show missing-glyph boxes.
//!
//! egui's built-in fonts have no Chinese characters. We add a CJK font behind them: a system CJK
//! font when one of the usual ones is installed (it matches the platform's look and covers every
//! character), otherwise the bundled Noto Sans CJK SC subset (GB2312 + Big5 + every character in
//! our own texts). `MAILWIZ_FONT=bundled` forces the bundled one. A system font is memory-mapped,
//! not read, so only the pages of glyphs actually drawn count against memory.

use std::sync::Arc;

use eframe::egui::{self, FontData, FontDefinitions, FontFamily};

/// Where common system CJK fonts live, with the face index inside a collection.
const SYSTEM_CJK_FONTS: &[(&str, u32)] = &[
    // Windows: Microsoft YaHei (zh-CN UI font; covers Traditional too).
    ("C:\\Windows\\Fonts\\msyh.ttc", 0),
    // macOS: PingFang is not a plain file on recent systems; Hiragino Sans GB is.
    ("/System/Library/Fonts/Hiragino Sans GB.ttc", 0),
    ("/System/Library/Fonts/STHeiti Medium.ttc", 0),
    // Linux (Debian/Ubuntu fonts-noto-cjk): face 2 is SC.
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
];

/// Which CJK font was installed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CjkFont {
    /// A system font, by path.
    System(String),
    /// The bundled subset.
    Bundled,
}

fn system_font() -> Option<(String, &'static [u8], u32)> {
    if std::env::var("MAILWIZ_FONT").is_ok_and(|v| v == "bundled") {
        return None;
    }
    SYSTEM_CJK_FONTS
        .iter()
        .find_map(|(path, index)| map_file(path).map(|bytes| ((*path).to_owned(), bytes, *index)))
}

/// Maps a font file into memory for the rest of the run. System CJK fonts are 15–20 MB; reading
/// one into memory would cost that much resident memory, while a mapping costs only the pages
/// of the glyphs actually drawn.
fn map_file(path: &str) -> Option<&'static [u8]> {
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: the mapping is read-only and lives until the process exits. A system font file is
    // not rewritten while in use; if a package upgrade replaced it, the old inode stays mapped.
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    let leaked: &'static memmap2::Mmap = Box::leak(Box::new(map));
    Some(&leaked[..])
}

/// Font definitions with the CJK font appended as fallback to both families.
pub fn definitions() -> (FontDefinitions, CjkFont) {
    definitions_from(system_font())
}

/// Installs only the bundled subset (tests: the same glyphs on every machine).
pub fn install_bundled(ctx: &egui::Context) {
    ctx.set_fonts(definitions_from(None).0);
}

fn definitions_from(system: Option<(String, &'static [u8], u32)>) -> (FontDefinitions, CjkFont) {
    let mut fonts = FontDefinitions::default();
    let (data, which) = match system {
        Some((path, bytes, index)) => {
            let mut data = FontData::from_static(bytes);
            data.index = index;
            (data, CjkFont::System(path))
        }
        None => (
            FontData::from_static(crate::assets::CJK_FONT),
            CjkFont::Bundled,
        ),
    };
    fonts.font_data.insert("cjk".to_owned(), Arc::new(data));
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("cjk".to_owned());
    }
    (fonts, which)
}

/// Installs the fonts into a context.
pub fn install(ctx: &egui::Context) -> CjkFont {
    let (defs, which) = definitions();
    ctx.set_fonts(defs);
    which
}

#[cfg(test)]
mod tests {
    use super::*;
    use skrifa::MetadataProvider;

    /// Every character of every text the program can show: translations and data files.
    fn characters_in_assets() -> std::collections::BTreeMap<char, String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
        let mut found = std::collections::BTreeMap::new();
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "ftl" || e == "toml") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for c in text.chars().filter(|c| !c.is_control()) {
                        found.entry(c).or_insert_with(|| path.display().to_string());
                    }
                }
            }
        }
        found
    }

    /// The bundled subset plus egui's own fonts must draw every character the program can
    /// show, so that no screen has a missing-glyph box even without a system CJK font.
    #[test]
    fn bundled_fonts_cover_every_character_in_the_assets() {
        let (defs, which) = definitions_from(None);
        assert_eq!(which, CjkFont::Bundled);
        let family = &defs.families[&FontFamily::Proportional];
        let fonts: Vec<_> = family
            .iter()
            .map(|name| {
                let data = &defs.font_data[name];
                skrifa::FontRef::from_index((*data.font).as_ref(), data.index).unwrap()
            })
            .collect();
        // The check can fail: a character outside every font is reported.
        assert!(fonts.iter().all(|f| f.charmap().map('\u{A66E}').is_none()));
        let chars = characters_in_assets();
        assert!(chars.len() > 500, "only {} characters found", chars.len());
        let missing: Vec<String> = chars
            .iter()
            .filter(|(c, _)| !c.is_whitespace())
            .filter(|(c, _)| fonts.iter().all(|f| f.charmap().map(**c).is_none()))
            .map(|(c, file)| format!("{c:?} U+{:04X} ({file})", *c as u32))
            .collect();
        assert!(missing.is_empty(), "no glyph for:\n{}", missing.join("\n"));
    }
}
