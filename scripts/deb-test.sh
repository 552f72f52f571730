#!/usr/bin/env bash
# Package test (make deb-test, part of make test; needs root for apt-get and `make build` first):
# builds the .deb and the Windows exe (scripts/dist.sh), checks the package's contents, dependencies and
# desktop entry, installs it, launches Gloss through its desktop entry with a Markdown file (as a
# double-click would) in a private Xvfb and D-Bus session, screenshots the window and asserts it painted
# and opened the file; a second start with another file must hand it to the running window. Then it
# uninstalls the package. Screenshots go to artifacts/deb/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/xvfb.sh
IM=/usr/bin
OUT=artifacts/deb
mkdir -p "$OUT"; rm -f "$OUT"/*.png
TMP=$(mktemp -d /tmp/gloss-deb.XXXXXX)
APP_PID=; INSTALLED=
APT=(apt-get -o DPkg::Lock::Timeout=120 -y -qq)
# The gloss processes of this test: started through gtk-launch (not our children), told apart by GLOSS_DB.
ours() { for p in $(pgrep -x gloss); do grep -qz "^GLOSS_DB=$TMP/" "/proc/$p/environ" 2>/dev/null && echo "$p"; done; true; }
cleanup() {
  for p in $(ours); do kill "$p" 2>/dev/null; done
  kill "${XVFB_PID:-}" 2>/dev/null
  [ -n "$INSTALLED" ] && DEBIAN_FRONTEND=noninteractive "${APT[@]}" purge gloss >/dev/null 2>&1
  rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "deb-test: FAIL: $*"; [ -f "$TMP/app.log" ] && { echo "--- app log"; tail -30 "$TMP/app.log"; }; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (apt-get install of the package)"

# 1. Build: the .deb (nfpm) and the Windows exe.
scripts/dist.sh deb
scripts/dist.sh windows
DEB=$(ls dist/gloss_*_amd64.deb)

# 2. Contents, metadata, desktop entry.
dpkg-deb -c "$DEB" >"$TMP/listing"
awk '{print $NF}' "$TMP/listing" | sed 's|^\./|/|' >"$TMP/contents"
for f in /usr/bin/gloss /usr/share/applications/gloss.desktop /usr/share/mime/packages/gloss.xml \
  /usr/share/icons/hicolor/scalable/apps/gloss.svg; do
  grep -qx "$f" "$TMP/contents" || fail "$f is not in the package"
done
for n in 16 32 48 64 128 256 512; do
  grep -qx "/usr/share/icons/hicolor/${n}x${n}/apps/gloss.png" "$TMP/contents" || fail "no ${n}x${n} icon"
done
grep -q '^-rwxr-xr-x .* \./usr/bin/gloss$' "$TMP/listing" || fail "/usr/bin/gloss is not executable"
deps=$(dpkg-deb -f "$DEB" Depends)
[[ $deps == *libgtk-3-0* && $deps == *libwebkit2gtk-4.1-0* ]] || fail "Depends is '$deps'"
# Fonts for every script (nfpm.yaml): Arabic/Hebrew and CJK in Depends, so even --no-install-recommends has them.
[[ $deps == *"fonts-dejavu-core | fonts-noto-core"* ]] || fail "Depends has no font for Arabic: '$deps'"
[[ $deps == *"fonts-wqy-microhei | fonts-noto-cjk"* ]] || fail "Depends has no CJK font: '$deps'"
recs=$(dpkg-deb -f "$DEB" Recommends)
[[ $recs == *fonts-noto-core* && $recs == *fonts-noto-color-emoji* ]] || fail "Recommends is '$recs'"
dpkg-deb -x "$DEB" "$TMP/root"
desktop-file-validate "$TMP/root/usr/share/applications/gloss.desktop" || fail "the desktop entry is not valid"
grep -qx 'Exec=gloss %F' "$TMP/root/usr/share/applications/gloss.desktop" || fail "Exec is not 'gloss %F'"
grep -q '^MimeType=.*text/markdown;.*text/plain;.*application/x-qdpx;' "$TMP/root/usr/share/applications/gloss.desktop" || fail "MimeType"
xmllint --noout "$TMP/root/usr/share/mime/packages/gloss.xml" || fail "the MIME XML is not well-formed"
for n in 16 256; do
  size=$($IM/identify -format '%wx%h' "$TMP/root/usr/share/icons/hicolor/${n}x${n}/apps/gloss.png")
  [ "$size" = "${n}x${n}" ] || fail "the ${n}x${n} icon is $size"
done
echo "deb-test: $DEB: contents, Depends ($deps) and desktop entry ok"

# 3. The Windows exe: PE32+ with an icon, a version resource and a manifest.
file dist/gloss.exe | grep -q 'PE32+ executable (GUI) x86-64' || fail "dist/gloss.exe: $(file -b dist/gloss.exe)"
go run ./scripts/pecheck dist/gloss.exe || fail "dist/gloss.exe lacks resources"
if [ -f dist/gloss-amd64-installer.exe ]; then
  file dist/gloss-amd64-installer.exe | grep -q 'Nullsoft Installer' || fail "the installer is not an NSIS installer"
  echo "deb-test: dist/gloss-amd64-installer.exe is an NSIS installer"
fi

# 4. Install.
DEBIAN_FRONTEND=noninteractive "${APT[@]}" install --no-install-recommends "./$DEB" >"$TMP/apt.log" 2>&1 ||
  { cat "$TMP/apt.log"; fail "apt-get install failed"; }
INSTALLED=1
[ "$(command -v gloss)" = /usr/bin/gloss ] || fail "gloss is not on PATH after install"
grep -q '^application/x-qdpx=.*gloss.desktop' /usr/share/applications/mimeinfo.cache || fail "gloss.desktop is not registered for application/x-qdpx"
grep -q 'application/x-qdpx:\*\.qdpx' /usr/share/mime/globs2 || fail "*.qdpx is not in the MIME database"
[ "$(gloss version)" != "" ] || fail "gloss version printed nothing"
# The installed system has a font for each script the package promises (fontconfig's answer, by character:
# Arabic ع, Hebrew א, simplified 气, traditional 國, kana あ, Hangul 한).
for c in 0639 05d0 6c14 570b 3042 d55c; do
  [ -n "$(fc-list ":charset=$c" family)" ] || fail "no font has U+$c after installing the package"
done
echo "deb-test: fonts for Arabic, Hebrew, CJK and Hangul: $(fc-match -f '%{family[0]}' 'sans-serif:charset=d55c'), $(fc-match -f '%{family[0]}' 'sans-serif:charset=0639')"
echo "deb-test: installed $(gloss version); .qdpx registered"

# 5. Launch through the desktop entry with a file, as a double-click does, and screenshot the window.
start_xvfb 1600x1000x24
export XDG_DATA_DIRS=/usr/local/share:/usr/share GLOSS_DB="$TMP/data/library.db" HOME="$TMP/home"
mkdir -p "$HOME"
printf '# Launched from the menu\n\nThis article was opened by double-clicking a Markdown file in the file manager.\n' >"$TMP/opened.md"
printf 'Second file\n\nThis one arrived while Gloss was already open.\n' >"$TMP/second.txt"
# A private session bus: the running window takes files from a second start over D-Bus.
dbus-run-session -- bash -c '
  gtk-launch gloss "$1" >"$2/app.log" 2>&1
  for _ in $(seq 600); do grep -q "gloss: painted reader" "$2/app.log" && break; sleep 0.1; done
  sleep 1
  timeout 20 gloss "$3" >"$2/second.log" 2>&1; echo "rc=$?" >>"$2/second.log"
  for _ in $(seq 300); do [ "$(grep -c "gloss: painted reader" "$2/app.log")" -ge 2 ] && break; sleep 0.1; done
  echo done >"$2/session-done"
  # keep the session (and its bus) until the test has its screenshots
  for _ in $(seq 600); do [ -f "$2/stop" ] && break; sleep 0.1; done
' _ "$TMP/opened.md" "$TMP" "$TMP/second.txt" &
SESSION_PID=$!
for _ in $(seq 900); do [ -f "$TMP/session-done" ] && break; kill -0 $SESSION_PID 2>/dev/null || break; sleep 0.1; done
[ -f "$TMP/session-done" ] || fail "the launch did not finish"
APP_PID=$(ours | head -1)
[ -n "$APP_PID" ] || fail "no gloss process after gtk-launch"
grep -q 'gloss: painted reader' "$TMP/app.log" || fail "the window did not open the file it was launched with"
W=$(xdotool search --onlyvisible --name '^Gloss$' | head -1)
[ -n "$W" ] || fail "no visible window titled Gloss"
sleep 0.6
$IM/import -window "$W" "$OUT/launched.png"
painted=$($IM/convert "$OUT/launched.png" -fuzz 4% -fill white -opaque 'rgb(251,250,247)' -fill black +opaque white \
  -format '%[fx:round((1-mean)*1000)]' info:)
colours=$($IM/convert "$OUT/launched.png" -format '%k' info:)
echo "deb-test: launched.png: ${painted}‰ painted, $colours colours"
[ "$painted" -ge 15 ] && [ "$colours" -ge 50 ] || fail "the window launched from the desktop entry did not paint"
echo "deb-test: second start: $(tr '\n' ' ' <"$TMP/second.log")"
grep -q 'rc=0' "$TMP/second.log" || fail "the second start did not hand its file to the running window"
[ "$(grep -c 'gloss: painted reader' "$TMP/app.log")" -ge 2 ] || fail "the running window did not open the second file"
[ "$(ours | wc -l)" = 1 ] || fail "a second window is running"
grep "window error" "$TMP/app.log" && fail "the page reported errors"
touch "$TMP/stop"
kill "$APP_PID"; for _ in $(seq 100); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.05; done; APP_PID=
wait $SESSION_PID 2>/dev/null || true
gloss list --json | python3 -c '
import json, sys
titles = [d["title"] for d in json.load(sys.stdin)]
assert "Launched from the menu" in titles and any(t.startswith("This one arrived") or t == "Second file" for t in titles), titles
print("deb-test: both opened files are in the library")' || fail "the opened files were not imported"

# 6. Uninstall (purge: nothing of the package is left).
DEBIAN_FRONTEND=noninteractive "${APT[@]}" purge gloss >/dev/null 2>&1 || fail "apt-get purge failed"
INSTALLED=
[ ! -e /usr/bin/gloss ] && [ ! -e /usr/share/applications/gloss.desktop ] || fail "files left after removal"
echo "deb-test: ok (screenshot in $OUT/)"
