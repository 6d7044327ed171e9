//! Fonts: CJK text must never show missing-glyph boxes.
//!
//! egui's built-in fonts have no Chinese characters. We add a CJK font behind them: a system CJK
//! font when one of the usual ones is installed (it matches the platform's look and covers every
//! character), otherwise the bundled Noto Sans CJK SC subset (GB2312 + Big5 + every character in
//! our own texts). `MAILWIZ_FONT=bundled` forces the bundled one. A system font is memory-mapped,
//! not read, so only the pages of glyphs actually drawn count against memory. Traditional Chinese
//! gets a Traditional font where the system has one (Microsoft JhengHei on Windows, Noto Sans
//! CJK TC on Linux): the same character is drawn differently in Taiwan and Hong Kong.

use std::sync::{Arc, Mutex, PoisonError};

use eframe::egui::{self, FontData, FontDefinitions, FontFamily};

use crate::core::i18n::Lang;

/// Which written form of Chinese a font draws: the same code point has different glyph shapes
/// in mainland China (Simplified) and in Taiwan and Hong Kong (Traditional).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Simplified Chinese forms (zh-CN; also used for English, whose CJK is only in examples).
    Simplified,
    /// Traditional Chinese forms (zh-TW).
    Traditional,
}

impl Script {
    /// The glyph forms a person reading this language expects.
    pub fn for_lang(lang: Lang) -> Self {
        match lang {
            Lang::ZhTw => Self::Traditional,
            Lang::ZhCn | Lang::En => Self::Simplified,
        }
    }
}

/// Where common system CJK fonts live, the script each one is drawn for, and the face index
/// inside a collection. The first existing file of the wanted script wins, else the first of the
/// other script, else the bundled subset.
const SYSTEM_CJK_FONTS: &[(Script, &str, u32)] = &[
    // Windows: Microsoft YaHei (the zh-CN UI font) and Microsoft JhengHei (zh-TW/zh-HK UI font);
    // face 0 of each collection is the regular face. Windows 7 shipped JhengHei as a .ttf.
    (Script::Simplified, "C:\\Windows\\Fonts\\msyh.ttc", 0),
    (Script::Traditional, "C:\\Windows\\Fonts\\msjh.ttc", 0),
    (Script::Traditional, "C:\\Windows\\Fonts\\msjh.ttf", 0),
    // macOS: PingFang is not a plain file on recent systems; Hiragino Sans GB is (Simplified
    // forms). Not verified on a Mac: none can be run here.
    (
        Script::Simplified,
        "/System/Library/Fonts/Hiragino Sans GB.ttc",
        0,
    ),
    (
        Script::Simplified,
        "/System/Library/Fonts/STHeiti Medium.ttc",
        0,
    ),
    // Linux (Debian/Ubuntu fonts-noto-cjk): faces JP, KR, SC, TC, HK in that order.
    (
        Script::Simplified,
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        2,
    ),
    (
        Script::Traditional,
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        3,
    ),
    (
        Script::Simplified,
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        2,
    ),
    (
        Script::Traditional,
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        3,
    ),
    (
        Script::Simplified,
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        0,
    ),
];

/// Which CJK font was installed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CjkFont {
    /// A system font, by path and face index.
    System(String, u32),
    /// The bundled subset.
    Bundled,
}

/// The system fonts to try for a script, best first.
fn candidates(script: Script) -> impl Iterator<Item = &'static (Script, &'static str, u32)> {
    let same = SYSTEM_CJK_FONTS.iter().filter(move |(s, ..)| *s == script);
    let other = SYSTEM_CJK_FONTS.iter().filter(move |(s, ..)| *s != script);
    same.chain(other)
}

fn system_font(script: Script) -> Option<(String, &'static [u8], u32)> {
    if std::env::var("MAILWIZ_FONT").is_ok_and(|v| v == "bundled") {
        return None;
    }
    candidates(script).find_map(|(_, path, index)| {
        let path = on_this_system(path, std::env::var("SystemRoot").ok());
        map_file(&path).map(|bytes| (path, bytes, *index))
    })
}

/// Windows need not live in C:\Windows: the fonts are under %SystemRoot%.
fn on_this_system(path: &str, system_root: Option<String>) -> String {
    match (path.strip_prefix("C:\\Windows\\"), system_root) {
        (Some(rest), Some(root)) if !root.is_empty() => format!("{root}\\{rest}"),
        _ => path.to_owned(),
    }
}

/// Maps a font file into memory for the rest of the run. System CJK fonts are 15–20 MB; reading
/// one into memory would cost that much resident memory, while a mapping costs only the pages
/// of the glyphs actually drawn. A file is mapped once however often the language changes.
fn map_file(path: &str) -> Option<&'static [u8]> {
    static MAPPED: Mutex<Vec<(String, &'static [u8])>> = Mutex::new(Vec::new());
    let mut mapped = MAPPED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, bytes)) = mapped.iter().find(|(p, _)| p == path) {
        return Some(bytes);
    }
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: the mapping is read-only and lives until the process exits. A system font file is
    // not rewritten while in use; if a package upgrade replaced it, the old inode stays mapped.
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    let leaked: &'static memmap2::Mmap = Box::leak(Box::new(map));
    mapped.push((path.to_owned(), &leaked[..]));
    Some(&leaked[..])
}

/// Font definitions with the CJK font for `script` appended as fallback to both families.
pub fn definitions(script: Script) -> (FontDefinitions, CjkFont) {
    definitions_from(system_font(script))
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
            (data, CjkFont::System(path, index))
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

/// Installs the fonts for a language into a context (again when the language changes).
pub fn install(ctx: &egui::Context, lang: Lang) -> CjkFont {
    let (defs, which) = definitions(Script::for_lang(lang));
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

    #[test]
    fn windows_fonts_follow_system_root() {
        let root = Some("D:\\WINNT".to_owned());
        assert_eq!(
            on_this_system("C:\\Windows\\Fonts\\msjh.ttc", root.clone()),
            "D:\\WINNT\\Fonts\\msjh.ttc"
        );
        assert_eq!(
            on_this_system("C:\\Windows\\Fonts\\msjh.ttc", None),
            "C:\\Windows\\Fonts\\msjh.ttc"
        );
        assert_eq!(on_this_system("/usr/share/x.ttc", root), "/usr/share/x.ttc");
    }

    #[test]
    fn each_language_prefers_fonts_of_its_own_script() {
        let first = |lang| candidates(Script::for_lang(lang)).next().map(|c| c.1);
        assert_eq!(first(Lang::ZhCn), Some("C:\\Windows\\Fonts\\msyh.ttc"));
        assert_eq!(first(Lang::ZhTw), Some("C:\\Windows\\Fonts\\msjh.ttc"));
        assert_eq!(first(Lang::En), Some("C:\\Windows\\Fonts\\msyh.ttc"));
        // Every font stays a candidate for both scripts (a Simplified font beats none at all).
        assert_eq!(
            candidates(Script::Traditional).count(),
            SYSTEM_CJK_FONTS.len()
        );
        let tc: Vec<_> = candidates(Script::Traditional).map(|c| c.0).collect();
        let simplified_from = tc.iter().position(|s| *s == Script::Simplified).unwrap();
        assert!(
            tc[simplified_from..]
                .iter()
                .all(|s| *s == Script::Simplified)
        );
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
