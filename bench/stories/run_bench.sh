#!/bin/bash
# Speed and scale benchmark for `feedwatch cluster` (issue 7). Run from the package root after
#   swift build -c release --product feedwatch
# Usage: bench/stories/run_bench.sh [ITEMS] [DAYS]     (defaults: 1000000 items over 60 days; ITEMS 0: dev sets only)
set -euo pipefail
ITEMS=${1:-1000000}
DAYS=${2:-60}
SHARED=${SHARED:-../shared}
BIN=${BIN:-.build/release/feedwatch}
HERE=$(dirname "$0")
DATA="$SHARED/conformance/stories"
STREAM=${STREAM:-/tmp/feedwatch-stream-$ITEMS-$DAYS.jsonl}
ROUNDS=${ROUNDS:-5}

echo "== dev sets: feedwatch vs the Python TF-IDF online-centroid baseline (best of $ROUNDS, interleaved) =="
for set in dev neardup.dev; do
  fw=0; py=0
  for _ in $(seq "$ROUNDS"); do
    f=$(python3 "$DATA/score.py" --cmd "$BIN cluster" --data "$DATA/$set.jsonl" --labels "$DATA/$set.labels.jsonl" | grep '^time' | awk '{print $4}')
    p=$(python3 "$DATA/score.py" --cmd "python3 $HERE/baseline_tfidf.py" --data "$DATA/$set.jsonl" --labels "$DATA/$set.labels.jsonl" | grep '^time' | awk '{print $4}')
    fw=$(python3 -c "print(max($fw, $f))"); py=$(python3 -c "print(max($py, $p))")
  done
  python3 -c "import sys; fw, py = float(sys.argv[2]), float(sys.argv[3]); print('%-12s feedwatch %8.0f items/s   python baseline %6.0f items/s   ratio %.1fx' % (sys.argv[1], fw, py, fw / py))" "$set" "$fw" "$py"
done

[ "$ITEMS" -gt 0 ] || exit 0
echo "== synthetic stream: $ITEMS items over $DAYS days =="
if [ ! -s "$STREAM" ]; then
  python3 "$HERE/synthetic_stream.py" --items "$ITEMS" --days "$DAYS" > "$STREAM"
fi
python3 "$HERE/bench_stream.py" --cmd "$BIN cluster" --data "$STREAM"
