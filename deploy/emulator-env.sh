# Source this after deploy/fetch-emulator.sh: runs linux-arm64 binaries through qemu user emulation.
# QEMU_CPU=cortex-a72 emulates a Raspberry Pi 4, cortex-a76 a Pi 5. Emulated timings are not performance numbers.
_edgesearch_arm64="${EDGESEARCH_EMULATOR_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools/arm64}"
export QEMU_LD_PREFIX="$_edgesearch_arm64/sysroot"
export QEMU_CPU="${QEMU_CPU:-cortex-a72}"
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
qemu_arm64() { "$_edgesearch_arm64/qemu/usr/bin/qemu-aarch64" "$@"; }
