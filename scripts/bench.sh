#!/usr/bin/env bash
# bench.sh: run Sajin's benchmarks and write docs/bench.md and docs/bench.json. `make bench` runs it after setup,
# fixtures and `deps.sh bench` (libvips and exiftool, the yardsticks). Raw results go to bin/bench/, the benchmark
# photos to bin/benchphotos/ and bin/benchlibrary/N/ (made once, remade when their parameters change; all under the
# git-ignored bin/).
#
# Knobs (environment):
#   SAJIN_BENCH=full|quick        full (default: about 15 minutes on 2 cores) or quick (a few minutes: checks the
#                                 harness end to end, figures too rough to quote)
#   SAJIN_BENCH_N12, _N24         12 MP and 24 MP photos imported end to end (full 24 and 12; quick 4 and 2)
#   SAJIN_BENCH_SIDE              photos of each size compared with vipsthumbnail and exiftool (full 6, quick 2)
#   SAJIN_BENCH_ROUNDS            interleaved rounds of those comparisons (full 5, quick 2)
#   SAJIN_BENCH_LIBRARY           photos of the generated library for the import cost curve (full 100000, quick 2000)
#   SAJIN_BENCH_BUCKET            photos per bucket of that curve (1000)
#   SAJIN_BENCH_LIBRARY_DATA      its data folder (default /dev/shm/sajin-bench-library: 100k photos leave 400k
#                                 files, which take minutes to delete from a disk mounted with discard)
#   SAJIN_BENCH_SEARCH_DOCS       library sizes for search latency (full "100000 1000000", quick "10000 100000")
#   SAJIN_BENCH_SEARCH_FLAGS      more flags for BenchmarkSearch, e.g. "-search.chrono" (index in capture-time order)
#   SAJIN_BENCH_LATENCY_IDLE      seconds of request latency measured on the idle server before the import of the
#                                 12 MP photos through it (full 30, quick 5)
#   SAJIN_BENCH_LATENCY_RATE      requests a second of each kind (search, 720 px thumbnail, tile) during it (10)
#   SAJIN_BENCH_LATENCY_UPLOADERS clients uploading the photos at once (2)
#   SAJIN_BENCH_VISION_WORKERS    the imports' (and the server's) --vision-workers (default: the number of cores)
#   SAJIN_BENCH_ORT_THREADS       the imports' (and the server's) --ort-threads (default 1)
#   SAJIN_BENCH_STEPS             steps to run (default all: "go search thumbs exif import library latency"); the results
#                                 of the steps not run stay from the last run and are rendered with the new ones
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
GO="${GO:-go}"
mode="${SAJIN_BENCH:-full}"
case "$mode" in
  full)  n12=24 n24=12 side=6 rounds=5 library=100000 docs="100000 1000000" idle=30 bt_iter=5x bt_fast=10x bt_time=1s bt_search=30x ;;
  quick) n12=4  n24=2  side=2 rounds=2 library=2000   docs="10000 100000"   idle=5  bt_iter=1x  bt_fast=2x  bt_time=100x bt_search=5x ;;
  *) echo "bench: SAJIN_BENCH=$mode: want full or quick" >&2; exit 2 ;;
esac
n12="${SAJIN_BENCH_N12:-$n12}"
n24="${SAJIN_BENCH_N24:-$n24}"
side="${SAJIN_BENCH_SIDE:-$side}"
rounds="${SAJIN_BENCH_ROUNDS:-$rounds}"
library="${SAJIN_BENCH_LIBRARY:-$library}"
bucket="${SAJIN_BENCH_BUCKET:-1000}"
docs="${SAJIN_BENCH_SEARCH_DOCS:-$docs}"
idle="${SAJIN_BENCH_LATENCY_IDLE:-$idle}"
rate="${SAJIN_BENCH_LATENCY_RATE:-10}"
uploaders="${SAJIN_BENCH_LATENCY_UPLOADERS:-2}"
workers="${SAJIN_BENCH_VISION_WORKERS:-$(nproc)}"
threads="${SAJIN_BENCH_ORT_THREADS:-1}"
steps="${SAJIN_BENCH_STEPS:-go search thumbs exif import library latency}"
libdata="${SAJIN_BENCH_LIBRARY_DATA:-}"
if [ -z "$libdata" ]; then
  libdata=bin/bench/data-library
  [ -d /dev/shm ] && [ -w /dev/shm ] && libdata=/dev/shm/sajin-bench-library
fi

out=bin/bench
photos=bin/benchphotos
mkdir -p "$out"
has() { case " $steps " in *" $1 "*) return 0 ;; esac; return 1; }
began=$SECONDS
: > "$out/steps.new"
step() { # step NAME: report the time of the previous step and announce this one
  local now=$SECONDS
  if [ -n "${current:-}" ]; then printf '%s\t%d\n' "$current" $((now - mark)) >> "$out/steps.new"; fi
  current="$1" mark=$now
  [ -n "$1" ] && echo "bench: $1 ($(date -u +%H:%M:%S))" >&2
  return 0
}

step build
"$GO" build -o bin/benchreport ./cmd/benchreport
make -s build GO="$GO" # the binary of this tree, whoever built bin/sajin last
bin/benchreport machine -out "$out/machine.json" -go "$("$GO" env GOVERSION)" \
  -mode "SAJIN_BENCH=$mode: $n12 + $n24 photos end to end, $side a size side by side x $rounds rounds, library of $library, search at ${docs// / and }${SAJIN_BENCH_SEARCH_FLAGS:+ $SAJIN_BENCH_SEARCH_FLAGS}, latency idle ${idle} s at $rate/s${SAJIN_BENCH_STEPS:+; steps run: $steps}"

# gobench NAME PACKAGE REGEXP BENCHTIME [FLAGS...]: one package's benchmarks into bin/bench/go-NAME.txt. A failing
# benchmark does not stop the run: its FAIL lines go into the report.
gobench() {
  local name="$1" pkg="$2" re="$3" bt="$4"
  shift 4
  "$GO" test -run '^$' -bench "$re" -benchtime "$bt" -benchmem -timeout 60m "$pkg" "$@" 2>&1 | tee "$out/go-$name.txt" |
    grep -E '^(Benchmark|--- (SKIP|FAIL)|FAIL|ok)' >&2 || echo "bench: $pkg benchmarks failed (see $out/go-$name.txt)" >&2
}

if has go; then
  step "go benchmarks"
  find "$out" -name 'go-*.txt' ! -name 'go-search-*' -delete
  gobench ingest  ./ingest        '^BenchmarkAdd12MP$' "$bt_iter"
  gobench thumb   ./ingest/thumb  '^(BenchmarkStages|BenchmarkDecodeRender12MP)$' "$bt_iter"
  gobench exif    ./ingest/exif   '^BenchmarkRead$' "$bt_time"
  gobench vision  ./vision        '^BenchmarkTag2048$' "$bt_iter"
  gobench onnx    ./vision/onnx   '^Benchmark(CenterNet|BlazeFace|FaceRes|NSFW)$' "$bt_fast"
  gobench objects ./vision/objects '^BenchmarkDetect$' "$bt_iter"
  gobench faces   ./vision/faces  '^(BenchmarkStages|BenchmarkFind)$' "$bt_iter"
  gobench ocr     ./vision/ocr    '^(BenchmarkDetect|BenchmarkRead)$' "$bt_iter"
fi

if has search; then
  find "$out" -name 'go-search-*.txt' -delete
  for n in $docs; do
    step "search at $n photos"
    # -v prints the index build's log (rate, size, memory). SC2086: the flags are words.
    gobench "search-$n" ./search '^BenchmarkSearch$' "$bt_search" -v -search.docs "$n" ${SAJIN_BENCH_SEARCH_FLAGS:-}
  done
fi

step "benchmark photos"
bin/benchreport photos -from testdata/fixtures -out "$photos" -n12 "$n12" -n24 "$n24"
# The side-by-side comparisons use the first $side photos of each size.
sidedirs=()
for set in 12mp 24mp; do
  d="$out/side/$set"
  rm -rf "$d" && mkdir -p "$d"
  for f in $(ls "$photos/$set" | head -n "$side"); do ln -s "$root/$photos/$set/$f" "$d/$f"; done
  sidedirs+=("$d")
done

if has thumbs; then
  step "thumbnails against vipsthumbnail"
  bin/benchreport thumbs -rounds "$rounds" -out "$out/thumbs.json" "${sidedirs[@]}"
fi
if has exif; then
  step "EXIF against exiftool"
  bin/benchreport exif -rounds "$rounds" -out "$out/exif.json" "${sidedirs[@]}"
fi
if has import; then
  for set in 12mp 24mp; do
    step "import of the $set photos"
    bin/benchreport import -sajin bin/sajin -data "$out/data-$set" -name "$set" -out "$out/import-$set.json" -- \
      --vision-workers "$workers" --ort-threads "$threads" "$photos/$set"
  done
fi
if has library; then
  step "library of $library photos"
  # One folder per size, kept: remaking 100,000 files to switch between quick and full runs takes minutes.
  bin/benchreport library -from testdata/fixtures -out "bin/benchlibrary/$library" -n "$library"
  step "import of the library"
  bin/benchreport import -sajin bin/sajin -data "$libdata" -name library -bucket "$bucket" \
    -out "$out/import-library.json" -- --no-vision "bin/benchlibrary/$library"
fi
if has latency; then
  step "request latency during an import"
  # The real server, seeded with the fixtures; then the 12 MP photos uploaded through it while searches and
  # thumbnails are asked for at a steady rate.
  bin/benchreport latency -sajin bin/sajin -data "$out/data-latency" -seed testdata/fixtures -out "$out/latency.json" \
    -idle "${idle}s" -rate "$rate" -uploaders "$uploaders" -- \
    --vision-workers "$workers" --ort-threads "$threads" "$photos/12mp"
fi

step ""
# Keep the timings of the steps that ran, and the older ones of the steps that did not.
touch "$out/steps.tsv"
awk -F'\t' 'NR==FNR { ran[$1]=1; next } !($1 in ran)' "$out/steps.new" "$out/steps.tsv" > "$out/steps.old"
[ -z "${SAJIN_BENCH_STEPS:-}" ] && : > "$out/steps.old"
cat "$out/steps.old" "$out/steps.new" > "$out/steps.tsv"
rm -f "$out/steps.old" "$out/steps.new"
bin/benchreport render -in "$out" -md docs/bench.md -json docs/bench.json
echo "bench: done in $(( (SECONDS - began) / 60 )) min $(( (SECONDS - began) % 60 )) s: docs/bench.md, docs/bench.json" >&2
