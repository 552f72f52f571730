# Gloss. `make run` and `make test` install what is missing first (see scripts/deps.sh).
SHELL   := /bin/bash
space   := $(subst ,, )
VERSION := 0.1.0
TAGS    := webkit2_41
GOBIN   := $(shell go env GOPATH)/bin
LDFLAGS := -X gloss/version.release=$(VERSION)
BIN     := build/bin/gloss
DEVBIN  := build/bin/gloss-dev

.PHONY: run test build binsize dev-build frontend install bench deps deps-test go-test memory-short fuzz-short front-test e2e smoke clean crashtest crashtest-short crashtest-bin dist deb-test

run: deps build
	./$(BIN)

test: deps-test frontend go-test memory-short fuzz-short crashtest-short front-test build binsize dev-build e2e smoke deb-test
	@echo "make test: all suites passed"

deps:
	@scripts/deps.sh run

deps-test:
	@scripts/deps.sh test

frontend:
	cd frontend && npm run build

# The production binary, built by the pinned Wails CLI (it also builds the frontend). Packages off every
# measured path are compiled without inlining (COLD_PKGS: protobuf, geo and the old segment formats come
# with bleve and never run; the rest is start-up, sync, capture I/O, net/http, TLS and HTTP/2, the one-off PDFium unpack, the window's bindings and the CLI's dispatch, merge and agreement, the seeds, legacy charsets and X.509): 0.7 MB less (BENCHMARKS.md).
COLD_PKGS := google.golang.org/protobuf/... github.com/blevesearch/geo/... github.com/json-iterator/go/... \
	github.com/blevesearch/bleve/v2/index/upsidedown/... $(foreach v,11 12 13 14 15,github.com/blevesearch/zapx/v$(v)/...) \
	github.com/go-kivik/... github.com/nlnwa/... github.com/wailsapp/... github.com/godbus/... gopkg.in/yaml.v3 \
	github.com/leaanthony/... github.com/samber/... github.com/tkrajina/... gloss/teams/sync/... \
	github.com/andybalholm/brotli/... github.com/zalando/... gloss/cli/... \
	gloss/app/... gloss/remote/... github.com/adrg/... github.com/pkg/browser/... golang.org/x/net/http2/... \
	gloss/ingest/capture/... gloss/archive/... github.com/google/uuid/... net/http crypto/tls \
	gloss/ingest/merge/... gloss/teams gloss/corpus/... golang.org/x/text/encoding/... crypto/x509 \
	github.com/blevesearch/bleve/v2/analysis/datetime/...
build: frontend
	GOFLAGS="$(foreach p,$(COLD_PKGS),-gcflags=$(p)=-l)" $(GOBIN)/wails build -s -m -skipbindings -trimpath -tags $(TAGS) -ldflags "$(LDFLAGS)" -o gloss

# The production binary's size goal (#19): at most 32 MB (32,000,000 bytes).
MAX_BIN_BYTES := 32000000
binsize:
	@size=$$(stat -c %s $(BIN)); \
	if [ $$size -gt $(MAX_BIN_BYTES) ]; then echo "binsize: $(BIN) is $$size bytes, over the $(MAX_BIN_BYTES)-byte goal (BENCHMARKS.md: what takes the space)"; exit 1; fi; \
	echo "binsize: $(BIN) is $$size bytes (goal ≤ $(MAX_BIN_BYTES))"

# The dev binary serves the UI to a browser on loopback (-devserver): for Playwright only, never shipped.
dev-build: frontend
	go build -tags dev,$(TAGS) -ldflags "$(LDFLAGS)" -o $(DEVBIN) .

# The concurrent packages run under the race detector; the rest without (it only slows them down).
RACE_PKGS := store search app remote ingest teams cli reading
go-test: frontend
	go vet -tags $(TAGS) ./...
	go test -race -tags $(TAGS) -count=1 $(addprefix ./,$(addsuffix /...,$(RACE_PKGS)))
	go test -tags $(TAGS) -count=1 $$(go list -tags $(TAGS) ./... | grep -vE '^gloss/($(subst $(space),|,$(RACE_PKGS)))(/|$$)')

# Every importer's memory bound (RELIABILITY.md, "memory per input byte") at its smaller file size; the
# full two-size run is GLOSS_MEMORY=1 (minutes and gigabytes more).
memory-short: frontend
	GLOSS_MEMORY=first go test -tags $(TAGS) -count=1 -run '^TestImportMemoryBounds$$' -v ./ingest

# Crash safety (RELIABILITY.md): SIGKILL a writer at random moments, then check the library and that every
# write reported committed survived. CRASH_SEED picks the run; crashtest-short is part of `make test`.
CRASH_SEED ?= 1
CRASHDIR   := build/bin/crashtest

crashtest-bin: frontend
	go build -tags $(TAGS) -o $(CRASHDIR)/gloss .
	go build -tags $(TAGS) -o $(CRASHDIR)/crashtest ./scripts/crashtest

crashtest: crashtest-bin
	$(CRASHDIR)/crashtest -gloss $(CRASHDIR)/gloss -cycles 1000 -seed $(CRASH_SEED)

crashtest-short: crashtest-bin
	$(CRASHDIR)/crashtest -gloss $(CRASHDIR)/gloss -cycles 100 -seed $(CRASH_SEED)

# Every fuzz target for FUZZTIME (default 10s) each; a finding fails and is saved under testdata/fuzz/.
fuzz-short:
	scripts/fuzz-short.sh

front-test:
	cd frontend && npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings && npx vitest run

e2e:
	scripts/e2e.sh

smoke:
	scripts/smoke.sh

# Release packages in dist/: the .deb (nfpm) and the Windows exe (+ NSIS installer when makensis is there).
dist: deps build
	VERSION=$(VERSION) scripts/dist.sh all

# Builds, inspects, installs, launches (desktop entry, Xvfb), screenshots and removes the .deb (root).
deb-test: build
	VERSION=$(VERSION) scripts/deb-test.sh

bench: deps-test build
	go test -tags $(TAGS) -run '^$$' -bench . -benchmem ./...
	scripts/bench-startup.sh

install: deps build
	install -Dm755 $(BIN) $(HOME)/.local/bin/gloss
	install -Dm644 build/linux/gloss.desktop $(HOME)/.local/share/applications/gloss.desktop
	sed -i "s|^Exec=gloss|Exec=$(HOME)/.local/bin/gloss|" $(HOME)/.local/share/applications/gloss.desktop
	install -Dm644 build/appicon.png $(HOME)/.local/share/icons/hicolor/512x512/apps/gloss.png
	-update-desktop-database $(HOME)/.local/share/applications 2>/dev/null
	-gtk-update-icon-cache -q -t $(HOME)/.local/share/icons/hicolor 2>/dev/null
	@echo "Gloss installed: ~/.local/bin/gloss, and in the desktop menu"

clean:
	rm -rf build/bin frontend/dist artifacts
