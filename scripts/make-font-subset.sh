#!/usr/bin/env bash
# make-font-subset.sh — build the bundled CJK UI font for mailwiz.
#
# egui's built-in fonts have no CJK glyphs, so mailwiz ships a subset of
# Noto Sans CJK (SIL Open Font License 1.1) that covers Simplified Chinese,
# Traditional Chinese and English UI text.
#
# Output: assets/fonts/NotoSansCJKsc-subset.otf (OpenType/CFF, ~3.8 MB)
#
# Source: Debian package fonts-noto-cjk,
#         /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc, face 2
#         ("Noto Sans CJK SC" = Simplified Chinese glyph design). The SC face
#         also contains the Traditional characters (drawn with SC shapes), so a
#         single face serves zh-CN, zh-TW and English.
#
# Character set (union of):
#   * every valid 2-byte GB2312 code point   (6,763 hanzi + GB2312 symbols)
#   * every valid 2-byte Big5 code point     (13,061 hanzi + Big5 symbols);
#     set BIG5=common to keep only Big5 symbols (A140–A3BF) and the
#     "frequently used" hanzi block (A440–C67E): file drops to ~2.1 MB
#   * printable ASCII (U+0020–U+007E)
#   * CJK Symbols and Punctuation (U+3000–U+303F)
#   * Halfwidth and Fullwidth Forms (U+FF00–U+FFEF)
#   * General Punctuation U+2010–U+205E and the UI symbols
#     → ← ✓ ✗ × • … “ ” ‘ ’ · ≡ ▸ ◂ ★ ◀ ▶ ⚠ ○ ● ⧉ (symbols used in src/ui literals)
#   * every character found in any *.ftl or *.toml file under assets/
#     (recursively, read at the time this script runs), so that no UI string
#     shows a missing-glyph box. Re-run the script after editing those files.
#
# Requirements: python3 with fontTools (pip install fonttools), fonts-noto-cjk.
#
# Idempotent: the output only depends on the source font and the character
# set; pyftsubset does not touch the head.modified timestamp, so re-running
# with unchanged inputs produces a byte-identical file.
#
# Usage:   scripts/make-font-subset.sh
# Env:     SRC_FONT=/path/to/NotoSansCJK-Regular.ttc   (default: Debian path)
#          FONT_NUMBER=2                                (face index in the TTC)
#          BIG5=full|common                             (default: full)

set -euo pipefail

# Work from the repository root (the parent of this script's directory).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SRC_FONT="${SRC_FONT:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}"
FONT_NUMBER="${FONT_NUMBER:-2}"
BIG5="${BIG5:-full}"
ASSETS_DIR="$ROOT/assets"
OUT_DIR="$ASSETS_DIR/fonts"
OUT="$OUT_DIR/NotoSansCJKsc-subset.otf"

# --- Preconditions -----------------------------------------------------------
if [[ ! -f "$SRC_FONT" ]]; then
    echo "error: source font not found: $SRC_FONT" >&2
    echo "       install it with: apt-get install fonts-noto-cjk" >&2
    exit 1
fi
if ! python3 -c 'import fontTools' 2>/dev/null; then
    echo "error: python3 module fontTools not found; run: pip install fonttools" >&2
    exit 1
fi
case "$BIG5" in full|common) ;; *) echo "error: BIG5 must be 'full' or 'common'" >&2; exit 1 ;; esac

mkdir -p "$OUT_DIR"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

UNICODES_FILE="$TMP/unicodes.txt"

# --- 1. Build the list of code points ------------------------------------------
# Written as one hex code point per line (the format pyftsubset's
# --unicodes-file accepts), which avoids any ambiguity with whitespace or
# control characters.
python3 - "$ASSETS_DIR" "$UNICODES_FILE" "$SRC_FONT" "$FONT_NUMBER" "$BIG5" <<'PY'
import os
import sys
import unicodedata

from fontTools.ttLib import TTFont

assets_dir, out_file, src_font, font_number, big5_mode = sys.argv[1:6]
chars = set()


def decode_double_byte(codec, leads, trails, keep=lambda code: True):
    """Decode every 2-byte sequence lead+trail; keep those that are valid."""
    found = set()
    for lead in leads:
        for trail in trails:
            if not keep(lead << 8 | trail):
                continue
            try:
                text = bytes([lead, trail]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                found.add(text)
    return found


# GB2312 (EUC-CN): lead and trail bytes are both 0xA1–0xFE.
gb2312 = decode_double_byte("gb2312", range(0xA1, 0xFF), range(0xA1, 0xFF))

# Big5: lead 0xA1–0xF9, trail 0x40–0x7E or 0xA1–0xFE.
big5_trails = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
if big5_mode == "common":
    # Symbols (A140–A3BF) + frequently used hanzi (A440–C67E) only.
    keep = lambda code: 0xA140 <= code <= 0xA3BF or 0xA440 <= code <= 0xC67E
else:
    keep = lambda code: True
big5 = decode_double_byte("big5", range(0xA1, 0xFA), big5_trails, keep)

chars |= gb2312 | big5

# Printable ASCII.
chars |= {chr(c) for c in range(0x20, 0x7F)}
# CJK Symbols and Punctuation; Halfwidth and Fullwidth Forms.
chars |= {chr(c) for c in range(0x3000, 0x3040)}
chars |= {chr(c) for c in range(0xFF00, 0xFFF0)}
# General punctuation (dashes, quotes, bullets, ellipsis, primes, ...).
chars |= {chr(c) for c in range(0x2010, 0x205F)}
# Extra symbols used in UI strings.
ui_symbols = set("→←✓✗×•…“”‘’·≡▸◂★◀▶⚠○●⧉")  # also every symbol used in src/ui string literals
chars |= ui_symbols

# Every character in the UI text/config files (*.ftl, *.toml) under assets/.
asset_chars = set()
asset_files = 0
for dirpath, dirnames, filenames in os.walk(assets_dir):
    dirnames.sort()
    for name in sorted(filenames):
        if not name.endswith((".ftl", ".toml")):
            continue
        path = os.path.join(dirpath, name)
        with open(path, encoding="utf-8") as fh:  # fail loudly on non-UTF-8
            asset_chars |= set(fh.read())
        asset_files += 1
chars |= asset_chars

# Drop control characters (newline, tab, BOM-like format chars are harmless
# but pointless in a font subset).
chars = {c for c in chars if unicodedata.category(c) not in ("Cc", "Cs")}

# Report what the source face cannot provide (pyftsubset silently skips these).
cmap = TTFont(src_font, fontNumber=int(font_number), lazy=True).getBestCmap()
missing = sorted(c for c in chars if ord(c) not in cmap)
missing_ui = [c for c in missing
              if (c in asset_chars or c in ui_symbols) and not c.isspace()]

print(f"  GB2312 chars: {len(gb2312)}, Big5 chars ({big5_mode}): {len(big5)}")
print(f"  asset files scanned: {asset_files} (*.ftl, *.toml), distinct chars in them: {len(asset_chars)}")
print(f"  requested code points: {len(chars)}, not in source face: {len(missing)}")
if missing:
    print("    " + " ".join(f"U+{ord(c):04X}" for c in missing))
if missing_ui:
    print("  WARNING: UI symbols / characters used in assets/ that the source "
          "font lacks (egui falls back to its other fonts, else shows a box):")
    for c in missing_ui:
        print(f"    U+{ord(c):04X} {unicodedata.name(c, '?')}")

with open(out_file, "w", encoding="ascii") as fh:
    for c in sorted(chars):
        fh.write(f"{ord(c):04X}\n")
PY

# --- 2. Subset -------------------------------------------------------------------
# Options (measured on 2022-01 fonts-noto-cjk, BIG5=full):
#   --no-hinting            drop CFF hints; egui rasterises without hinting.
#   --layout-features=...   keep only kerning and proportional CJK punctuation
#                           (palt); drops vert/locl/ccmp/... lookups.
#   --drop-tables+=...      vertical metrics (vhea/vmtx/VORG) and BASE are
#                           unused for horizontal UI text (saves ~30 KB).
#   --name-IDs='*'          keep all English name records, including the
#                           copyright (0), trademark (7) and licence (13, 14)
#                           strings the OFL asks us to keep with the font.
#   --notdef-outline        keep the .notdef box outline.
#   Subroutines are KEPT: --desubroutinize gave a larger .otf (3.90 MB vs
#   3.80 MB); it only wins after gzip, and the font is embedded uncompressed.
# The result stays OpenType/CFF (.otf), which egui's font loader reads.
echo "Subsetting $SRC_FONT (face $FONT_NUMBER) ..."
pyftsubset "$SRC_FONT" \
    --font-number="$FONT_NUMBER" \
    --unicodes-file="$UNICODES_FILE" \
    --no-hinting \
    --layout-features='kern,palt' \
    --drop-tables+=vhea,vmtx,VORG,BASE \
    --name-IDs='*' \
    --notdef-outline \
    --output-file="$TMP/subset.otf"

# Replace the output atomically so a failed run never leaves a broken font.
mv -f "$TMP/subset.otf" "$OUT"

# --- 3. Report -------------------------------------------------------------------
python3 - "$OUT" <<'PY'
import os
import sys

from fontTools.ttLib import TTFont

path = sys.argv[1]
font = TTFont(path)
size = os.path.getsize(path)
print(f"Wrote {os.path.relpath(path)}")
print(f"  size:       {size} bytes ({size / 1024 / 1024:.2f} MiB)")
print(f"  glyphs:     {font['maxp'].numGlyphs}")
print(f"  code points:{len(font.getBestCmap()):>6}")
print(f"  outline:    {'CFF' if 'CFF ' in font else 'TrueType'}")
PY
