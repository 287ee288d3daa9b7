#!/bin/bash
# Fine-tuning against training from scratch at the same step budget, with 10 and with 40 training images per label:
# on generated 28x28 gray folders (12 labels of bars at close angles, jittered; 20 test images per label), or with
# --parts SEED on the first scenes of the parts scenario parts:SEED seen at 28x28 gray (16 labels; as many test
# scenes per label as training ones; shifts and rotation, the parts default, for both starts).
#   training/scripts/fine-tuning.sh OUTDIR [INIT_MODEL] [--steps N] [--parts SEED]
# INIT_MODEL defaults to models/hybrid1-fashion-mnist.onnx (3x3 stem, no involution); the scratch runs get the same network.
set -euo pipefail
out=${1:?usage: fine-tuning.sh OUTDIR [INIT_MODEL] [--steps N] [--parts SEED]}; shift
here=$(cd "$(dirname "$0")/../.." && pwd)
init=$here/models/hybrid1-fashion-mnist.onnx
if [ $# -gt 0 ] && [[ $1 != --* ]]; then init=$(realpath "$1"); shift; fi
steps=400; parts=""
while [ $# -gt 0 ]; do
  case $1 in
    --steps) steps=$2; shift 2 ;;
    --parts) parts=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
out=$(cd "$out" && pwd)
dotnet build "$here/training/EdgeSearch.Training" -c Release -m:1 -v q -nologo -o "$out/bin" >/dev/null
trainer="$out/bin/EdgeSearch.Training"
size_option=$("$trainer" train --help | grep -q -- '--input-size' && echo --input-size || echo --folder-size)
channels_option=$("$trainer" train --help | grep -q -- '--input-channels' && echo --input-channels || echo --folder-channels)

echo "| images per label | start | P@1 | R-Precision | MAP@R |"
echo "|---|---|---|---|---|"
for per_label in 10 40; do
  if [ -n "$parts" ]; then
    # Scene i shows class i mod 16, so the first 16·N scenes of each split hold N per label.
    dataset=(--dataset "parts:$parts" --limit $((16 * per_label)))
  else
    data="$out/data-$per_label"
    [ -d "$data" ] || python3 "$here/training/scripts/make-folder.py" "$data" --labels 12 --train $per_label --test 20 --size 28 --jitter 4 --seed $per_label
    dataset=(--dataset "folder:$data")
  fi
  for start in scratch init; do
    run="$out/$per_label-$start"
    [ "$start" = init ] && from=(--init "$init") || from=(--stem --no-involution)
    [ -f "$run/model.json" ] || "$trainer" train "${dataset[@]}" $size_option 28 $channels_option 1 --threads 1 \
        --steps "$steps" --out "$run" "${from[@]}" > "$run.log" 2>&1
    echo "| $per_label | $start | $(grep -o 'P@1 [0-9.]*  R-Precision [0-9.]*  MAP@R [0-9.]*' "$run.log" | awk '{ print $2 " | " $4 " | " $6 }') |"
  done
done
