#!/usr/bin/env bash
# The Core tests on linux-arm64: publishes tests/EdgeSearch.Core.Tests (an xunit v3 executable) self-contained for
# linux-arm64 and runs it under qemu user emulation as a Raspberry Pi 4 (Cortex-A72), so the NEON kernels are tested
# on the instruction set they were written for, then the int8 kernel tests as a Pi 5 (Cortex-A76, SDOT). On a Pi,
# run the published EdgeSearch.Core.Tests directly (or `dotnet test EdgeSearch.Device.slnf`). Emulated timings are
# not performance numbers.
#   deploy/test-arm64.sh [OUTDIR]       (default: ./artifacts/test-arm64); extra xunit arguments after OUTDIR
set -euo pipefail
started=$(date +%s)
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
out="$(mkdir -p "${1:-$repo/artifacts/test-arm64}" && cd "${1:-$repo/artifacts/test-arm64}" && pwd)"
shift || true

echo "test-arm64: publishing EdgeSearch.Core.Tests for linux-arm64" >&2
dotnet publish "$repo/tests/EdgeSearch.Core.Tests" -nologo -v quiet -c Release -r linux-arm64 --self-contained \
  --artifacts-path "$out/.artifacts" -o "$out/EdgeSearch.Core.Tests" >&2
bash "$here/fetch-emulator.sh" >/dev/null
# shellcheck source=deploy/emulator-env.sh
source "$here/emulator-env.sh"
qemu_arm64 "$out/EdgeSearch.Core.Tests/EdgeSearch.Core.Tests" -noColor "$@"
# The int8 kernels again as a Pi 5 (Cortex-A76), whose SDOT path the A72 lacks: exact against the reference there too.
QEMU_CPU=cortex-a76 qemu_arm64 "$out/EdgeSearch.Core.Tests/EdgeSearch.Core.Tests" -noColor -class EdgeSearch.Core.Tests.Inference.Kernels.Int8KernelTests
echo "test-arm64: passed in $(( $(date +%s) - started )) s (publish and emulated run)"
