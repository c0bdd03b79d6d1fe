#!/usr/bin/env bash
# Trains the entity tagger (Sources/TextAnalysis/Resources/entity_tagger.bin) and reports its
# cross-validated F1 on the analysis dev set. Run from the repository root:
#
#   scripts/train-ner.sh          # cross-validate (5 folds over dev documents), then train on everything
#   scripts/train-ner.sh cv       # cross-validation only
#   scripts/train-ner.sh train    # train the shipped model only
#
# Training data (see Sources/TextAnalysis/Resources/README.md for licences): the GUM documents
# of ../shared/conformance/analysis/ner-train and the analysis dev set. CoNLL-2003 is not used.
# Extra arguments after the mode go to NERTraining (e.g. --epochs 15).
set -euo pipefail
MODE=${1:-all}
shift || true
SHARED=${SHARED:-../shared}
TRAIN=$SHARED/conformance/analysis/ner-train/gum-other-genres
DEV=$SHARED/conformance/analysis/ner/gum-wikinews-dev
SCORE=$SHARED/conformance/analysis/score.py
FOLDS=${FOLDS:-5}
OUT=Sources/TextAnalysis/Resources/entity_tagger.bin

swift build -c release -Xswiftc -enable-testing --product NERTraining >/dev/null
BIN=.build/release/NERTraining

if [ "$MODE" = cv ] || [ "$MODE" = all ]; then
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
  "$BIN" cv --data "$TRAIN" --folds-of "$DEV" --folds "$FOLDS" --pred "$WORK/pred" "$@"
  # One scorer run per fold, on a dataset made of that fold's documents (links, not copies).
  ids=$(ls "$DEV/docs" | sed 's/\.txt$//' | sort)
  for ((k = 0; k < FOLDS; k++)); do
    mkdir -p "$WORK/fold$k/docs" "$WORK/fold$k/gold" "$WORK/all"
    for id in $(ls "$WORK/pred/fold$k" | sed 's/\.json$//'); do
      ln -s "$(realpath "$DEV/docs/$id.txt")" "$WORK/fold$k/docs/$id.txt"
      ln -s "$(realpath "$DEV/gold/$id.json")" "$WORK/fold$k/gold/$id.json"
      cp "$WORK/pred/fold$k/$id.json" "$WORK/all/$id.json"
    done
    echo "fold $k: $(python3 "$SCORE" --pred "$WORK/pred/fold$k" --task ner --data "$WORK/fold$k" | tail -1)"
  done
  echo "all folds pooled:"
  python3 "$SCORE" --pred "$WORK/all" --task ner --data "$DEV" | tail -8
  # How often names below / above a confidence margin are right (to re-check
  # EntityRecognizer.confidentMargin after retraining: the score scale moves).
  python3 - "$WORK/all" "$DEV/gold" <<'PY'
import json, os, sys
pred, gold = sys.argv[1], sys.argv[2]
rows = []
for name in os.listdir(pred):
    g = {(e['start'], e['end'], e['type']) for e in json.load(open(os.path.join(gold, name)))['entities']}
    rows += [(e['confidence'], (e['start'], e['end'], e['type']) in g) for e in json.load(open(os.path.join(pred, name)))['entities']]
for margin in (4, 8, 12, 16, 20):
    low = [ok for c, ok in rows if c < margin]
    high = [ok for c, ok in rows if c >= margin]
    print('margin %2d: %4d names below, %.2f right | %4d at or above, %.2f right' % (
        margin, len(low), sum(low) / max(1, len(low)), len(high), sum(high) / max(1, len(high))))
PY
fi

if [ "$MODE" = train ] || [ "$MODE" = all ]; then
  "$BIN" train --data "$TRAIN" --folds-of "$DEV" --out "$OUT" "$@"
fi
