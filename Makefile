# Gloss. `make run` and `make test` install what is missing first (see scripts/deps.sh).
SHELL   := /bin/bash
VERSION := 0.1.0
TAGS    := webkit2_41
GOBIN   := $(shell go env GOPATH)/bin
LDFLAGS := -X gloss/cli.Version=$(VERSION)
BIN     := build/bin/gloss
DEVBIN  := build/bin/gloss-dev

.PHONY: run test build dev-build frontend install bench deps deps-test go-test front-test e2e smoke clean

run: deps build
	./$(BIN)

test: deps-test frontend go-test front-test build dev-build e2e smoke
	@echo "make test: all suites passed"

deps:
	@scripts/deps.sh run

deps-test:
	@scripts/deps.sh test

frontend:
	cd frontend && npm run build

# The production binary, built by the pinned Wails CLI (it also builds the frontend).
build: frontend
	$(GOBIN)/wails build -s -m -skipbindings -trimpath -tags $(TAGS) -ldflags "$(LDFLAGS)" -o gloss

# The dev binary serves the UI to a browser on loopback (-devserver): for Playwright only, never shipped.
dev-build: frontend
	go build -tags dev,$(TAGS) -ldflags "$(LDFLAGS)" -o $(DEVBIN) .

go-test: frontend
	go vet -tags $(TAGS) ./...
	go test -tags $(TAGS) -count=1 ./...

front-test:
	cd frontend && npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings && npx vitest run

e2e:
	scripts/e2e.sh

smoke:
	scripts/smoke.sh

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
