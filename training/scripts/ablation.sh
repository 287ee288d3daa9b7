#!/bin/bash
# Runs the README's ablation: every variant with the same budget, three seeds for the involution rows, then prints
# the table (mean ± sample standard deviation over seeds) from the runs' model cards.
#   training/scripts/ablation.sh OUTDIR [--jobs N] [extra train options, e.g. --epochs 5 --device cuda]
# Already finished runs (OUTDIR/NAME/model.json present) are not run again.
set -euo pipefail
out=${1:?usage: ablation.sh OUTDIR [--jobs N] [train options...]}; shift
jobs=1
if [ "${1:-}" = "--jobs" ]; then jobs=$2; shift 2; fi
dataset=${DATASET:-fashion-mnist:/usr/share/datasets/fashion-mnist}
here=$(cd "$(dirname "$0")/../.." && pwd)
dotnet build "$here/training/EdgeSearch.Training" -c Release -v q -nologo >/dev/null
trainer=$(ls "$here"/training/EdgeSearch.Training/bin/Release/net10.0/*/EdgeSearch.Training | head -1)

declare -A variant=(
  [gelu-inv]="" [relu]="--activation relu" [noinv]="--no-involution"
  [stem-inv]="--stem" [stem-noinv]="--stem --no-involution" [ms]="--loss ms")
declare -A seeds=([gelu-inv]="1 2 3" [relu]="1" [noinv]="1 2 3" [stem-inv]="1 2 3" [stem-noinv]="1 2 3" [ms]="1")
order="gelu-inv relu noinv stem-inv stem-noinv ms"

mkdir -p "$out"
for name in $order; do
  for seed in ${seeds[$name]}; do
    dir="$out/$name-s$seed"
    [ -f "$dir/model.json" ] && continue
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
    echo "training $name seed $seed"
    # shellcheck disable=SC2086
    "$trainer" train --dataset "$dataset" --seed "$seed" --threads 1 --out "$dir" ${variant[$name]} "$@" > "$dir.log" 2>&1 &
  done
done
wait

metric() { grep -o "\"metrics\.$2\": \"[0-9.]*\"" "$1" | grep -o '[0-9.]*"$' | tr -d '"'; }
number() { grep -o "\"$2\": [0-9]*" "$1" | grep -o '[0-9]*$'; }
summary() { awk '{ s += $1; q += $1 * $1; n++ } END { m = s / n; if (n > 1) printf "%.4f ± %.4f", m, sqrt((q - n * m * m) / (n - 1)); else printf "%.4f", m }'; }
echo "| variant | seeds | P@1 | R-Precision | MAP@R | parameters | fp32 bytes |"
echo "|---|---|---|---|---|---|---|"
for name in $order; do
  cards=$(ls "$out/$name"-s*/model.json)
  row="| $name | $(echo "$cards" | wc -l)"
  for m in p_at_1 r_precision map_at_r; do row="$row | $(for c in $cards; do metric "$c" $m; done | summary)"; done
  first=$(echo "$cards" | head -1)
  echo "$row | $(number "$first" parameters) | $(number "$first" fp32_bytes) |"
done
