#!/usr/bin/env bash
# Engine parity on arm64: publishes deploy/parity/EngineParity for linux-arm64 (trimmed, self-contained, with ONNX
# Runtime, as deploy/publish-arm64.sh publishes the apps), embeds the bundled Fashion-MNIST sample (400 test images)
# on x64 with each engine, then again under qemu user emulation as a Raspberry Pi 4 (Cortex-A72) and a Pi 5
# (Cortex-A76), and compares every arm64 embedding with every x64 one: max |diff| ≤ 1e-4. Each run prints the
# instruction sets it has; the arm64 runs must have AdvSimd (the NEON kernels) active. The int8 model
# (models/hybrid1-fashion-mnist.int8.onnx) is compared engine by engine (the two engines may requantise a value on
# the edge between two int8 steps to different sides), and must run the A72's widening multiply-accumulate path and
# the A76's SDOT path. Where the full Fashion-MNIST test split is installed (FASHION_MNIST, default
# /usr/share/datasets/fashion-mnist), it also checks on x64 that the managed engine and ONNX Runtime give the same
# nearest neighbour for >= 99.9 % of its 10,000 images, for the fp32 and the int8 model.
#   deploy/parity-arm64.sh [OUTDIR]       (default: ./artifacts/parity-arm64; the published console lands there)
# Emulated timings are not performance numbers.
set -euo pipefail
started=$(date +%s.%N)
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
out="$(mkdir -p "${1:-$repo/artifacts/parity-arm64}" && cd "${1:-$repo/artifacts/parity-arm64}" && pwd)"
model="$repo/models/hybrid1-fashion-mnist.onnx"
int8_model="$repo/models/hybrid1-fashion-mnist.int8.onnx"
samples="fashion-mnist:$repo/models/samples"
work="$(mktemp -d -t edgesearch-parity.XXXXXX)"
trap 'rm -rf "$work"' EXIT

echo "parity-arm64: publishing EngineParity for linux-arm64" >&2
dotnet publish "$here/parity/EngineParity" -nologo -v quiet -c Release -r linux-arm64 --self-contained \
  -p:PublishTrimmed=true -p:CustomAfterMicrosoftCommonTargets="$here/publish/EdgeSearch.Publish.targets" \
  --artifacts-path "$out/.artifacts" -o "$out/EngineParity" >&2
bash "$here/fetch-emulator.sh" >/dev/null
# shellcheck source=deploy/emulator-env.sh
source "$here/emulator-env.sh"

echo "== x64 reference"
dotnet run --project "$here/parity/EngineParity" -c Release -- write "$model" "$samples" "$work/x64"
echo "== x64 reference, int8 model"
dotnet run --no-build --project "$here/parity/EngineParity" -c Release -- write "$int8_model" "$samples" "$work/x64-int8"
fashion="${FASHION_MNIST:-/usr/share/datasets/fashion-mnist}"
if [ -f "$fashion/t10k-images-idx3-ubyte.gz" ] || [ -f "$fashion/t10k-images-idx3-ubyte" ]; then
  echo "== x64 nearest neighbours, managed vs ORT, full test split"
  dotnet run --no-build --project "$here/parity/EngineParity" -c Release -- neighbours "$model" "fashion-mnist:$fashion"
  echo "== x64 nearest neighbours, managed vs ORT, full test split, int8 model"
  dotnet run --no-build --project "$here/parity/EngineParity" -c Release -- neighbours "$int8_model" "fashion-mnist:$fashion"
else
  echo "== x64 nearest neighbours skipped: no Fashion-MNIST test split in $fashion"
fi
# The int8 kernels: widening multiply-accumulate (SMULL/SADALP) on the A72, SDOT on the A76.
declare -A int8_path=([cortex-a72]=AdvSimd [cortex-a76]=AdvSimdDot)
for cpu in cortex-a72 cortex-a76; do
  echo "== arm64 under qemu as $cpu"
  QEMU_CPU="$cpu" qemu_arm64 "$out/EngineParity/EngineParity" compare "$model" "$samples" "$work/x64" | tee "$work/$cpu.log"
  grep -q "AdvSimd True" "$work/$cpu.log" || { echo "parity-arm64: AdvSimd is not active as $cpu" >&2; exit 1; }
  echo "== arm64 under qemu as $cpu, int8 model"
  QEMU_CPU="$cpu" qemu_arm64 "$out/EngineParity/EngineParity" compare "$int8_model" "$samples" "$work/x64-int8" | tee "$work/$cpu-int8.log"
  grep -q "int8 path ${int8_path[$cpu]}\$" "$work/$cpu-int8.log" ||
    { echo "parity-arm64: the int8 path as $cpu is not ${int8_path[$cpu]}" >&2; exit 1; }
done
printf 'parity-arm64: passed in %.0f s (publish, x64 runs, two emulated runs)\n' "$(echo "$(date +%s.%N) - $started" | bc -l)"
