#!/usr/bin/env bash
# libFuzzer over the parsers that read hostile bytes: feeds (XML and JSON Feed), article pages,
# article text, story-clustering input lines, the config file and HTTP header values.
#
#   scripts/fuzz.sh [TARGET...]        (make fuzz; default: every Fuzz* target in Package.swift)
#
#   FUZZ_SECONDS   seconds per target (default 60)
#   SHARED         the shared checkout; its conformance data seeds the corpora when present (../shared)
#
# Builds the fuzz executables with libFuzzer and AddressSanitizer in .build-fuzz (only the pure
# modules they test, never the HTTP stack), seeds each corpus from the project's fixtures and,
# when present, $SHARED/conformance (copied into a temporary directory, never into the tree),
# runs each target for FUZZ_SECONDS and prints one line per target:
#
#   fuzz TARGET: N execs, M crashes
#
# A crash, timeout (an input taking over 10 s) or out-of-memory (over 2 GB) is a finding: its
# input is kept in .build-fuzz/findings/TARGET/ and the script exits 1. The corpus each target
# grows is kept in .build-fuzz/corpus/TARGET/, so a second run starts where the first ended.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
shared=${SHARED:-../shared}
scratch=.build-fuzz
# Repeated -sanitize= flags do not add up in swiftc (the last one wins), so SwiftPM's two
# --sanitize flags alone leave the code without coverage instrumentation; the combined flag
# restores it.
build_flags=(-c release --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address --scratch-path "$scratch")

if [ $# -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(grep -oE 'executableTarget\(name: "Fuzz[A-Za-z]+"' Package.swift | grep -oE 'Fuzz[A-Za-z]+')
fi

# Largest input per target: big enough for a real document, small enough for many runs a second.
max_len() {
    case $1 in
        FuzzAnalysis | FuzzClusterInput) echo 16384 ;;
        FuzzConfig) echo 16384 ;;
        FuzzHeaders) echo 1024 ;;
        *) echo 65536 ;;
    esac
}

# Copies the files named on stdin into directory $1 under numbered names.
copy_seeds() {
    local dir=$1 n=0 f
    mkdir -p "$dir"
    while IFS= read -r f; do
        n=$((n + 1))
        cp "$f" "$dir/seed-$n"
    done
}

# Splits JSON Lines files into one seed per line, plus one seed per run of 8 lines, so that
# the clusterer sees items that belong together.
split_lines() {
    local dir=$1 f base
    shift
    mkdir -p "$dir"
    for f in "$@"; do
        [ -f "$f" ] || continue
        base=$(basename "$f" .jsonl)
        head -n 1500 "$f" | split -l 1 -a 4 - "$dir/$base-line-"
        head -n 1200 "$f" | split -l 8 -a 3 - "$dir/$base-group-"
    done
}

# The seed corpus of target $1 into directory $2. Project files always; $shared when present.
seed() {
    local target=$1 dir=$2
    mkdir -p "$dir"
    case $target in
        FuzzFeedXML)
            { find Tests/FeedParserTests/Fixtures Feeds/samples Feeds/demo/feeds -type f ! -name '*.json'
              if [ -d "$shared/conformance/feeds/cases" ]; then find "$shared/conformance/feeds/cases" -type f ! -name '*.json'; fi
            } | copy_seeds "$dir" ;;
        FuzzJSONFeed)
            { find Tests/FeedParserTests/Fixtures Feeds/samples Feeds/demo/feeds -type f -name '*.json'
              if [ -d "$shared/conformance/feeds/cases" ]; then find "$shared/conformance/feeds/cases" -type f -name '*.json'; fi
            } | copy_seeds "$dir" ;;
        FuzzArticle)
            { find Feeds/demo/pages -type f; find Feeds/demo/feeds -type f -name '*.html'
              if [ -d "$shared/conformance/extraction" ]; then find "$shared/conformance/extraction" -type f -name 'source.html'; fi
            } | copy_seeds "$dir" ;;
        FuzzAnalysis)
            { find Feeds/demo -maxdepth 1 -type f -name '*.md'
              if [ -d "$shared/conformance/analysis" ]; then find "$shared/conformance/analysis" -type f -name '*.txt'; fi
            } | copy_seeds "$dir" ;;
        FuzzClusterInput)
            # A line of the `feedwatch cluster` contract, so the target has a start without $shared.
            printf '%s\n' '{"id":"a1","source":"Harbour Times","title":"Port strike ends after nine days","text":"Dockers voted to accept the offer.","published":"2026-12-01T08:00:00Z","url":"https://harbour.example/strike"}' \
                '{"id":"a2","source":"Eastgate Post","title":"Nine-day port strike is over","text":"","published":"2026-12-01T09:30:00+01:00","url":"https://eastgate.example/port?utm_source=x"}' \
                > "$dir/project-pair"
            split_lines "$dir" "$shared/conformance/stories/dev.jsonl" "$shared/conformance/stories/neardup.dev.jsonl" ;;
        FuzzConfig)
            { find Feeds -maxdepth 1 -type f -name '*.toml'; find Tests -type f -name '*.toml'; } | copy_seeds "$dir" ;;
        FuzzHeaders)
            # One header value per line (see Sources/Fuzzing/FuzzHeaders/main.swift).
            local n=0 v
            for v in '120' 'Fri, 04 Dec 2026 18:30:00 GMT' 'Friday, 04-Dec-26 18:30:00 GMT' 'Fri Dec  4 18:30:00 2026' \
                     'max-age=600, public' 'no-cache, max-age="30"' 's-maxage=60, max-age=0, must-revalidate' \
                     '1048576' '-1' '00000000000000000000000000000012'; do
                n=$((n + 1))
                printf '%s\n' "$v" > "$dir/value-$n"
            done ;;
    esac
}

echo "== fuzz: building ${targets[*]} (libFuzzer + AddressSanitizer, $scratch)"
for t in "${targets[@]}"; do
    # ld.gold warns once per ASan symbol it cannot export; those lines are noise.
    if ! swift build "${build_flags[@]}" --product "$t" > "$scratch.$t.log" 2>&1; then
        grep -vE "Cannot export local symbol" "$scratch.$t.log" | tail -n 30
        echo "fuzz: building $t failed" >&2
        exit 1
    fi
done
rm -f "$scratch".*.log
bin=$(swift build "${build_flags[@]}" --show-bin-path)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Leaks are findings too, except TOMLKit's: its Swift layer never frees the C strings and key
# lists its C++ shim returns (about 11 KB per config load, and a config loads once per SIGHUP).
printf '%s\n' 'leak:checkouts/TOMLKit/' > "$work/lsan.supp"
if [ -d "$shared/conformance" ]; then
    echo "== fuzz: seeds from the project and $shared/conformance"
else
    echo "== fuzz: seeds from the project ($shared/conformance not found)"
fi

failed=0
summary=()
for t in "${targets[@]}"; do
    seeds=$work/seeds/$t
    corpus=$scratch/corpus/$t
    findings=$scratch/findings/$t
    seed "$t" "$seeds"
    mkdir -p "$corpus"
    rm -rf "$findings"
    mkdir -p "$findings"
    log=$work/$t.log
    set +e
    # detect_leaks stays on: the Swift code frees every libxml2 document it opens.
    # Swift's own crash backtracer is switched off: libFuzzer reports the trap and keeps the input.
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} LSAN_OPTIONS=suppressions=$work/lsan.supp "$bin/$t" "$corpus" "$seeds" \
        -max_len="$(max_len "$t")" -rss_limit_mb=2048 -timeout=10 -max_total_time="$seconds" \
        -print_final_stats=1 -artifact_prefix="$findings/" > "$log" 2>&1
    status=$?
    set -e
    execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || true)
    [ -n "$execs" ] || execs=$(grep -oE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#' || true)
    crashes=$(find "$findings" -type f | wc -l)
    if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi
    line="fuzz $t: ${execs:-0} execs, $crashes crashes"
    echo "$line"
    summary+=("$line")
    if [ "$crashes" -gt 0 ]; then
        failed=1
        cp "$log" "$findings/fuzz.log"
        grep -E '^==[0-9]+==ERROR|SUMMARY:|Fatal error|ALARM|out-of-memory|deadly signal' "$log" | head -n 5 | sed 's/^/    /'
        find "$findings" -type f ! -name fuzz.log | sed 's/^/    input: /'
        echo "    log: $findings/fuzz.log; reproduce: $bin/$t FILE"
    fi
done

echo "== fuzz summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
exit $failed
