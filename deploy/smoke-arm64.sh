#!/usr/bin/env bash
# Emulation smoke test: runs the linux-arm64 edgesearchd under qemu user emulation as a Raspberry Pi 4 (Cortex-A72)
# and a Pi 5 (Cortex-A76), on both engines, over 200 replayed 640x480 camera frames of the parts scenario (through its
# region of interest), and compares each decision log
# with an x64 run of the same sources: same frames, labels and outcomes; similarities and margins within 1e-4.
# Also checks that the managed-only build, asked for "auto", reports ONNX Runtime unavailable and runs managed.
#   deploy/smoke-arm64.sh [PUBLISH_DIR]     as deploy/publish-arm64.sh lays it out (published there when missing)
# The model is models/parts.onnx (MODEL to change it). Emulated timings are not performance numbers.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
publish="${1:-$repo/artifacts/arm64}"
frames=200
work="$(mktemp -d -t edgesearch-smoke.XXXXXX)"
trap 'rm -rf "$work"' EXIT

[ -x "$publish/ort/edgesearchd/edgesearchd" ] && [ -x "$publish/managed/edgesearchd/edgesearchd" ] \
  || bash "$here/publish-arm64.sh" "$publish"
emulator="$(bash "$here/fetch-emulator.sh")"
# shellcheck source=deploy/emulator-env.sh
source "$here/emulator-env.sh"

model="${MODEL:-$repo/models/parts.onnx}"
roi=(--Roi:X 160 --Roi:Y 80 --Roi:Width 320 --Roi:Height 320)
# The gallery holds 10 frames per label of the train split; the replay is 200 frames of the test split.
dotnet build "$repo/src/EdgeSearch.Cli" -nologo -v quiet -c Release -o "$work/cli" >/dev/null
dotnet build "$repo/src/EdgeSearch.Daemon" -nologo -v quiet -c Release -o "$work/x64" >/dev/null
"$work/cli/edgesearch" scenes --dataset parts:7 --split train --limit 160 --out "$work/references" >/dev/null
"$work/cli/edgesearch" scenes --dataset parts:7 --split test --limit "$frames" --flat --out "$work/frames" >/dev/null
"$work/cli/edgesearch" enroll --gallery "$work/gallery.db" --model "$model" --roi 160,80,320,320 --labels-from-folders "$work/references" >/dev/null
"$work/cli/edgesearch" gallery calibrate --gallery "$work/gallery.db" --frr 0.01 >/dev/null

seconds() { date +%s.%N; }
run() { # NAME BACKEND COMMAND...: one daemon run, its decisions in NAME.jsonl, its log in NAME.log
  local name="$1" backend="$2"; shift 2
  local start; start=$(seconds)
  "$@" --model "$model" --gallery "$work/gallery.db" --source "replay:$work/frames" "${roi[@]}" --max-frames "$frames" \
    --Backend "$backend" --decision-log "$work/$name.jsonl" >"$work/$name.log" 2>&1 \
    || { echo "smoke-arm64: $name failed:" >&2; cat "$work/$name.log" >&2; exit 1; }
  printf '%-22s %6.1f s\n' "$name" "$(echo "$(seconds) - $start" | bc -l)"
}
same() { # REFERENCE OTHER: the two decision logs agree
  python3 - "$work/$1.jsonl" "$work/$2.jsonl" <<'PY'
import json, sys
a, b = ([json.loads(line) for line in open(path)] for path in sys.argv[1:3])
assert len(a) == len(b) == 200, f"{len(a)} and {len(b)} decisions, not 200"
worst = 0.0
for x, y in zip(a, b):
    for key in ("frame", "label", "outcome"):
        assert x[key] == y[key], f"frame {x['frame']}: {key} {x[key]!r} vs {y[key]!r}"
    for key in ("similarity", "margin"):
        worst = max(worst, abs(x[key] - y[key]))
assert worst <= 1e-4, f"similarity or margin differs by {worst}"
print(f"  {sys.argv[2].rsplit('/', 1)[1]}: same as x64, largest difference {worst:.2e}")
PY
}

for backend in managed ort; do
  run "x64-$backend" "$backend" "$work/x64/edgesearchd"
  for cpu in cortex-a72 cortex-a76; do
    QEMU_CPU="$cpu" run "arm64-$cpu-$backend" "$backend" qemu_arm64 "$publish/ort/edgesearchd/edgesearchd"
    same "x64-$backend" "arm64-$cpu-$backend"
  done
done
QEMU_CPU=cortex-a76 run "arm64-managed-only-auto" auto qemu_arm64 "$publish/managed/edgesearchd/edgesearchd"
same x64-managed arm64-managed-only-auto
grep -q "ONNX Runtime unavailable" "$work/arm64-managed-only-auto.log" \
  || { echo "smoke-arm64: the managed-only build did not report ONNX Runtime unavailable" >&2; exit 1; }
echo "smoke-arm64: passed ($(grep -o 'Inference engine: .*' "$work/arm64-managed-only-auto.log" | head -n 1))"
