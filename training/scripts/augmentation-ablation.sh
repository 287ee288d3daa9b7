#!/bin/bash
# Chooses the augmentation defaults for parts: the parts ablation's 64x64 RGB network with the involution, on its
# budget (docs/parts-model.md), trained without augmentation, with shifts and any rotation, and with those plus
# brightness, contrast, blur and sensor noise; each measured on the test split and the line scenario (parts:7).
# Prints parts-ablation.sh's TSV with the variant in front. Finished runs are not trained again.
#   training/scripts/augmentation-ablation.sh OUTDIR [--seeds "1 2 3"] [--only "none shifts-rotate ..."]
set -euo pipefail
out=${1:?usage: augmentation-ablation.sh OUTDIR [--seeds "1 2 3"] [--only VARIANTS]}; shift
seeds=1; only=""
while [ $# -gt 0 ]; do
  case $1 in
    --seeds) seeds=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
here=$(cd "$(dirname "$0")" && pwd)
budget=(--epochs 8 --batch-size 64 --widths 16,32,32,64 --lr 5e-3 --cosine-scale 24 --cosine-margin 0.35)
declare -A variants=(
  [none]="--augment false --rotate false"
  [shifts-rotate]="--augment --rotate"
  [shifts-rotate-photometric]="--augment --rotate --brightness 0.1 --contrast 0.2 --blur 0.8 --noise 0.03"
)
printf 'variant\t'
header=1
for variant in none shifts-rotate shifts-rotate-photometric; do
  if [ -n "$only" ] && [[ " $only " != *" $variant "* ]]; then continue; fi
  # shellcheck disable=SC2086
  "$here/parts-ablation.sh" "$out/$variant" --seeds "$seeds" --only 64-rgb-inv "${budget[@]}" ${variants[$variant]} \
    | while IFS= read -r line; do
        if [[ $line == name* ]]; then [ $header = 1 ] && echo "$line"; else printf '%s\t%s\n' "$variant" "$line"; fi
      done
  header=0
done
