#!/usr/bin/env bash
# deps.sh run|test — install what Gloss needs on Debian/Ubuntu, only what is missing:
# apt packages (with sudo when not root), the pinned Wails CLI, and the frontend's npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-run}
WAILS_VERSION=v2.16.0

# Fonts as the .deb depends on them (nfpm.yaml): Arabic and Hebrew (DejaVu), CJK (WenQuanYi Micro Hei), emoji.
pkgs=(build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev fonts-dejavu-core fonts-wqy-microhei
  fonts-noto-color-emoji)
if [ "$what" = test ]; then
  pkgs+=(xvfb xdotool imagemagick chromium libxml2-utils desktop-file-utils curl
    nsis dbus-daemon file shared-mime-info libgtk-3-bin  # make deb-test (packages)
    python3 poppler-utils  # the REFI-QDA reader written apart from Gloss; pdftotext, the PDF baseline
    gnome-keyring)  # a real Secret Service for the team sync password tests (on a private dbus-daemon)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v go >/dev/null || { echo "deps: Go 1.26 or newer is needed (https://go.dev/dl/)"; exit 1; }
command -v npm >/dev/null || { echo "deps: node 20 and npm are needed"; exit 1; }

GOBIN=$(go env GOPATH)/bin
if ! "$GOBIN/wails" version 2>/dev/null | grep -q "^$WAILS_VERSION"; then
  echo "deps: installing the Wails CLI $WAILS_VERSION"
  go install "github.com/wailsapp/wails/v2/cmd/wails@$WAILS_VERSION"
fi

# npm ci only when the lockfile changed since the last install.
stamp=frontend/node_modules/.gloss-lock
if ! cmp -s frontend/package-lock.json "$stamp" 2>/dev/null; then
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
  cp frontend/package-lock.json "$stamp"
fi

# The CouchDB-protocol server team sync's tests start (express-pouchdb in express 4, its own lockfile).
if [ "$what" = test ]; then
  stamp=teams/sync/testserver/node_modules/.gloss-lock
  if ! cmp -s teams/sync/testserver/package-lock.json "$stamp" 2>/dev/null; then
    (cd teams/sync/testserver && npm ci --no-audit --no-fund --loglevel=error)
    cp teams/sync/testserver/package-lock.json "$stamp"
  fi
  # ReplayWeb.page (Webrecorder, AGPL-3.0; a test tool, never shipped): e2e/wacz-replay.spec.ts replays
  # Gloss's WACZ in it. Only its two built files are used, so the package is fetched alone (npm pack: its
  # build dependencies are not needed) and checked against the sha256 recorded here.
  rwp=frontend/node_modules/.cache/replaywebpage-2.5.3
  if [ ! -f "$rwp/sw.js" ]; then
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack replaywebpage@2.5.3 --silent >/dev/null)
    echo "b7d35c39c4da9b7121c5a393911d8675d4cc6f19513c380191e16b086bea812c  $tmp/replaywebpage-2.5.3.tgz" | sha256sum -c --quiet
    mkdir -p "$rwp"
    tar -xzf "$tmp/replaywebpage-2.5.3.tgz" -C "$rwp" --strip-components=1 package/ui.js package/sw.js package/LICENSE
    rm -rf "$tmp"
  fi
  # Webrecorder's warcio.js, which export's tests run over Gloss's WACZ (a third-party reader).
  stamp=export/testdata/webrecorder/node_modules/.gloss-lock
  if ! cmp -s export/testdata/webrecorder/package-lock.json "$stamp" 2>/dev/null; then
    (cd export/testdata/webrecorder && npm ci --no-audit --no-fund --loglevel=error)
    cp export/testdata/webrecorder/package-lock.json "$stamp"
  fi
fi
