#!/bin/bash
# Fine-tuning against training from scratch at the same step budget, on generated 28x28 gray folders (12 labels of
# bars at close angles, jittered) with 10 and with 40 training images per label and 20 test images per label.
#   training/scripts/fine-tuning.sh OUTDIR [INIT_MODEL] [--steps N]
# INIT_MODEL defaults to models/hybrid1-fashion-mnist.onnx (3x3 stem, no involution); the scratch runs get the same network.
set -euo pipefail
out=${1:?usage: fine-tuning.sh OUTDIR [INIT_MODEL] [--steps N]}; shift
here=$(cd "$(dirname "$0")/../.." && pwd)
init=$here/models/hybrid1-fashion-mnist.onnx
if [ $# -gt 0 ] && [ "$1" != --steps ]; then init=$(realpath "$1"); shift; fi
steps=400
if [ "${1:-}" = --steps ]; then steps=$2; fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
dotnet build "$here/training/EdgeSearch.Training" -c Release -m:1 -v q -nologo -o "$out/bin" >/dev/null
trainer="$out/bin/EdgeSearch.Training"
size_option=$("$trainer" train --help | grep -q -- '--input-size' && echo --input-size || echo --folder-size)
channels_option=$("$trainer" train --help | grep -q -- '--input-channels' && echo --input-channels || echo --folder-channels)

echo "| images per label | start | P@1 | R-Precision | MAP@R |"
echo "|---|---|---|---|---|"
for per_label in 10 40; do
  data="$out/data-$per_label"
  [ -d "$data" ] || python3 "$here/training/scripts/make-folder.py" "$data" --labels 12 --train $per_label --test 20 --size 28 --jitter 4 --seed $per_label
  for start in scratch init; do
    run="$out/$per_label-$start"
    [ "$start" = init ] && from=(--init "$init") || from=(--stem --no-involution)
    [ -f "$run/model.json" ] || "$trainer" train --dataset "folder:$data" $size_option 28 $channels_option 1 --threads 1 \
        --steps "$steps" --out "$run" "${from[@]}" > "$run.log" 2>&1
    echo "| $per_label | $start | $(grep -o 'P@1 [0-9.]*  R-Precision [0-9.]*  MAP@R [0-9.]*' "$run.log" | awk '{ print $2 " | " $4 " | " $6 }') |"
  done
done
