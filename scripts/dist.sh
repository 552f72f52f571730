#!/usr/bin/env bash
# dist.sh [deb|windows|all] — release packages in dist/ (run by `make dist`, after `make build`):
#   deb      dist/gloss_<version>_amd64.deb, by nfpm (pinned below) from nfpm.yaml: the binary, the desktop
#            entry, the MIME type for .qdpx, and the icons at every hicolor size (ImageMagick, from appicon.png)
#   windows  dist/gloss.exe (amd64, icon and version info from build/windows/) cross-built with Wails, and
#            dist/gloss-amd64-installer.exe when makensis is installed (apt-get install nsis)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
VERSION=${VERSION:-$(sed -n 's/^VERSION *:= *//p' Makefile)}
NFPM=github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.45.2
GOBIN=$(go env GOPATH)/bin
IM=/usr/bin   # ImageMagick's own convert (a stand-in may come first on PATH)
mkdir -p dist

deb() {
  [ -x build/bin/gloss ] || { echo "dist: build/bin/gloss is missing: run make build first"; exit 1; }
  rm -rf build/bin/icons
  for n in 16 32 48 64 128 256 512; do
    mkdir -p "build/bin/icons/${n}x${n}"
    $IM/convert build/appicon.png -background none -resize "${n}x${n}" -strip "PNG32:build/bin/icons/${n}x${n}/gloss.png"
  done
  rm -f dist/gloss_*.deb
  VERSION=$VERSION go run "$NFPM" package --config nfpm.yaml --packager deb --target dist/ >/dev/null
  echo "dist: $(ls dist/gloss_*.deb)"
}

windows() {
  # Windows needs no cgo: Wails builds with GOOS=windows CGO_ENABLED=0 and embeds build/windows/icon.ico,
  # info.json (version resource) and wails.exe.manifest with go-winres.
  local nsis=()
  command -v makensis >/dev/null && nsis=(-nsis)
  rm -f build/bin/gloss.exe build/bin/gloss-amd64-installer.exe
  "$GOBIN/wails" build -s -skipbindings -trimpath -m -nosyncgomod "${nsis[@]}" -platform windows/amd64 \
    -ldflags "-X gloss/version.release=$VERSION" -o gloss.exe >build/bin/windows-build.log 2>&1 ||
    { tail -30 build/bin/windows-build.log; echo "dist: the Windows build failed (log: build/bin/windows-build.log)"; exit 1; }
  cp build/bin/gloss.exe dist/gloss.exe
  echo "dist: dist/gloss.exe"
  if [ -f build/bin/gloss-amd64-installer.exe ]; then
    cp build/bin/gloss-amd64-installer.exe dist/
    echo "dist: dist/gloss-amd64-installer.exe"
  elif [ ${#nsis[@]} -eq 0 ]; then
    echo "dist: no NSIS installer (makensis is not installed: apt-get install nsis)"
  fi
}

case $what in
  deb) deb ;;
  windows) windows ;;
  all) deb; windows ;;
  *) echo "usage: scripts/dist.sh [deb|windows|all]"; exit 2 ;;
esac
