#!/bin/bash
# Soak test of the trainer against native crashes (the "Unknown scalar type" abort): trains on a tiny generated
# folder dataset with small and large batches, with and without the 3x3 stem, CE and MS, at least 20,000 optimizer
# steps in all, then counts native errors and failed exits in the logs.
#   training/scripts/soak.sh OUTDIR [--jobs N] [--scale F]
# --scale multiplies every run's epochs (0.1 for a quick trial). Runs that finished before (OUTDIR/NAME.exit is 0) are
# not run again, so an interrupted soak continues. Exit code 0 only with zero native errors.
# DOTNET_GCgen0size makes gen-0 collections far more frequent than in a normal run. Even so the crash is rare: the
# trainer from before the fix also ran 11,000 steps of this soak (--scale 0.5) without one, so a clean soak guards
# against gross failures; ScalarLifetimeTests is what shows that no step leaves a Scalar to the finalizer.
set -euo pipefail
out=${1:?usage: soak.sh OUTDIR [--jobs N] [--scale F]}; shift
jobs=2; scale=1
while [ $# -gt 0 ]; do
  case $1 in
    --jobs) jobs=$2; shift 2 ;;
    --scale) scale=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
here=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)

# A private copy of the trainer, so rebuilding the checkout does not change a running soak.
dotnet build "$here/training/EdgeSearch.Training" -c Release -m:1 -v q -nologo -o "$out/bin" >/dev/null
trainer="$out/bin/EdgeSearch.Training"

labels=8; per_label=32
data="$out/data"
[ -d "$data" ] || python3 "$here/training/scripts/make-folder.py" "$data" --labels $labels --train $per_label --test 8 --size 16
images=$((labels * per_label))
size_option=$("$trainer" train --help | grep -q -- '--input-size' && echo --input-size || echo --folder-size)
channels_option=$("$trainer" train --help | grep -q -- '--input-channels' && echo --input-channels || echo --folder-channels)

# name, batch size, epochs, options: batch 8 gives 32 steps per epoch, batch 128 gives 2. Large batches cost about
# 16 times as much per step, so most of the steps are small ones.
runs=(
  "small-stem 8 300 --stem --no-involution"
  "small-involution 8 250"
  "small-ms 8 100 --loss ms --images-per-class 2"
  "large-stem 128 300 --stem"
  "large-ms 128 300 --loss ms --images-per-class 16"
)
for run in "${runs[@]}"; do
  read -r name batch epochs options <<<"$run"
  [ "$(cat "$out/$name.exit" 2>/dev/null)" = 0 ] && continue
  epochs=$(awk -v e="$epochs" -v s="$scale" 'BEGIN { n = int(e * s); print (n < 1 ? 1 : n) }')
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  echo "$name: batch $batch, $epochs epochs, $((epochs * (images / batch))) steps"
  # shellcheck disable=SC2086
  ( DOTNET_GCgen0size=0x100000 "$trainer" train --dataset "folder:$data" $size_option 16 $channels_option 1 --threads 1 \
      --batch-size "$batch" --epochs "$epochs" --out "$out/$name" $options > "$out/$name.log" 2>&1
    echo $? > "$out/$name.exit" ) &
  echo "$((epochs * (images / batch)))" > "$out/$name.steps"
done
wait

steps=0; errors=0; failed=0
for run in "${runs[@]}"; do
  read -r name _ <<<"$run"
  code=$(cat "$out/$name.exit")
  native=$(grep -ciE 'unknown scalar type|terminate called|fatal error|segmentation|core dumped|c10::|libtorch' "$out/$name.log" || true)
  echo "$name: exit $code, native errors $native, $(cat "$out/$name.steps") steps, $(grep -m1 -o 'Test split:.*' "$out/$name.log" || echo 'no test result')"
  [ "$code" = 0 ] && steps=$((steps + $(cat "$out/$name.steps"))) || failed=$((failed + 1))
  errors=$((errors + native))
done
echo "soak: $steps optimizer steps in finished runs, $errors native errors, $failed failed runs"
[ "$errors" = 0 ] && [ "$failed" = 0 ]
