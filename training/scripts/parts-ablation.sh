#!/bin/bash
# The parts model's input ablation: input size (48, 64, 96) x colour (gray, rgb) x involution on the input or not,
# each trained on the same budget of parts:1 scenes, then measured on the line scenario parts:7 (edgesearch eval
# --scenario) and for managed-engine latency (edgesearch bench, one thread, batch 1). Prints one TSV row per run.
#   training/scripts/parts-ablation.sh OUTDIR [--seeds "1 2 3"] [--only "64-rgb-inv ..."] [extra train options]
# Finished runs (OUTDIR/NAME/model.json present) are not trained again. oneDNN is capped at AVX2 (see docs/training.md).
set -euo pipefail
out=${1:?usage: parts-ablation.sh OUTDIR [--seeds "1 2 3"] [--only NAMES] [train options...]}; shift
seeds=1; only=""
while [ $# -gt 0 ]; do
  case $1 in
    --seeds) seeds=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) break ;;
  esac
done
here=$(cd "$(dirname "$0")/../.." && pwd)
dotnet build "$here/training/EdgeSearch.Training" -c Release -v q -nologo >/dev/null
dotnet build "$here/src/EdgeSearch.Cli" -c Release -v q -nologo >/dev/null
trainer=$(ls "$here"/training/EdgeSearch.Training/bin/Release/net10.0/*/EdgeSearch.Training.dll | head -1)
cli="$here/src/EdgeSearch.Cli/bin/Release/net10.0/edgesearch.dll"
export ONEDNN_MAX_CPU_ISA=AVX2

mkdir -p "$out"
printf 'name\tseed\tparams\tfp32_bytes\tp_at_1\tmap_at_r\tknown_defect_recall\tgood_false_reject\tunseen_defect_flagged\tmanaged_us\ttrain_s\n'
for size in 48 64 96; do
  for colour in gray rgb; do
    for inv in inv noinv; do
      name="$size-$colour-$inv"
      if [ -n "$only" ] && [[ " $only " != *" $name "* ]]; then continue; fi
      channels=$([ $colour = gray ] && echo 1 || echo 3)
      flags=$([ $inv = noinv ] && echo --no-involution || true)
      for seed in $seeds; do
        dir="$out/$name-s$seed"
        if [ ! -f "$dir/model.json" ]; then
          # shellcheck disable=SC2086
          dotnet "$trainer" train --dataset parts:1 --input-size "$size" --input-channels "$channels" --seed "$seed" --threads 2 \
            --out "$dir" $flags "$@" > "$dir.log" 2>&1 || { echo "$name seed $seed failed, see $dir.log" >&2; continue; }
        fi
        scenario=$(dotnet "$cli" eval --scenario parts:7 --model "$dir/model.onnx" --backend managed --queries 25 --json 2>/dev/null)
        bench=$(dotnet "$cli" bench --model "$dir/model.onnx" --backends managed --threads 1 --batch 1 --iterations 500 --json 2>/dev/null | tail -1)
        python3 - "$name" "$seed" "$dir/model.json" "$scenario" "$bench" <<'PY'
import json, sys
name, seed, card, scenario, bench = sys.argv[1:]
c = json.load(open(card)); s = json.loads(scenario); b = json.loads(bench)
m = c["metadata"]
print("\t".join(str(x) for x in [name, seed, c["parameters"], c["fp32_bytes"], round(float(m["metrics.p_at_1"]), 4), round(float(m["metrics.map_at_r"]), 4),
    s["known_defect_recall"], s["good_false_reject"], s["unseen_defect_flagged"], b["managed_us"], round(c["training_wall_seconds"])]))
PY
      done
    done
  done
done
