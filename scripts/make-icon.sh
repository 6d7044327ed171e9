#!/usr/bin/env bash
# Makes the icon files in assets/icon/ from assets/icon/mailwiz.svg (the one source):
#   mailwiz.ico        Windows: 16–256 px, for the .exe resource and the installer
#   mailwiz-256.png    Linux: the .desktop entry's icon (hicolor 256x256)
#   mailwiz-64.rgba    the window icon, raw 64x64 RGBA (read without an image decoder)
# Needs librsvg2-bin (rsvg-convert), icoutils (icotool) and imagemagick. The outputs are
# committed; run this again only after changing the SVG.
set -euo pipefail
cd "$(dirname "$0")/../assets/icon"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for size in 16 20 24 32 40 48 64 128 256; do
  rsvg-convert -w "$size" -h "$size" mailwiz.svg -o "$tmp/$size.png"
done
icotool -c -o mailwiz.ico "$tmp"/{16,20,24,32,40,48,64,128}.png --raw="$tmp/256.png"
cp "$tmp/256.png" mailwiz-256.png
if command -v magick >/dev/null; then magick "$tmp/64.png" -depth 8 rgba:mailwiz-64.rgba; else convert "$tmp/64.png" -depth 8 rgba:mailwiz-64.rgba; fi
ls -l mailwiz.ico mailwiz-256.png mailwiz-64.rgba
