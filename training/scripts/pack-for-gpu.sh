#!/bin/bash
# Packs the trainer to run on a machine that has PyTorch with CUDA but no .NET and no network: the framework-dependent
# trainer (its managed assemblies and libLibTorchSharp.so, without this machine's CPU libtorch) and the .NET runtime
# beside it, in one tar.xz. There, libtorch comes from PyTorch's torch/lib:
#   tar xJf edgesearch-trainer.tar.xz -C /tmp/t
#   export LD_LIBRARY_PATH=$(python3 -c "import torch,os;print(os.path.join(os.path.dirname(torch.__file__),'lib'))")
#   /tmp/t/dotnet/dotnet /tmp/t/app/EdgeSearch.Training.dll train --device cuda --threads 1 --dataset ... --out ...
# That libtorch is usually newer than the one TorchSharp was built for: re-evaluate what it trains here
# (`edgesearch eval`, or `EdgeSearch.Training evaluate --checkpoint`) before shipping it.
#   training/scripts/pack-for-gpu.sh [OUT.tar.xz]      (default artifacts/edgesearch-trainer.tar.xz)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=$(realpath -m "${1:-$repo/artifacts/edgesearch-trainer.tar.xz}")
dotnet build "$repo/training/EdgeSearch.Training" -c Release -v q -nologo >/dev/null
bin=$(dirname "$(ls "$repo"/training/EdgeSearch.Training/bin/Release/net10.0/*/EdgeSearch.Training.dll | head -1)")
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
runtime=$(ls -d "$dotnet_root"/shared/Microsoft.NETCore.App/* | sort -V | tail -1)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/app" "$stage/dotnet/shared/Microsoft.NETCore.App"
cp "$bin"/*.dll "$bin"/*.json "$bin"/libLibTorchSharp.so "$bin"/libstdcxx_ios_init.so "$stage/app/"
cp -r "$dotnet_root/dotnet" "$dotnet_root/host" "$stage/dotnet/"
cp -r "$runtime" "$stage/dotnet/shared/Microsoft.NETCore.App/"
mkdir -p "$(dirname "$out")"
tar cf - -C "$stage" app dotnet | xz -6 -T0 > "$out"
echo "packed $(du -h "$out" | cut -f1) into $out (runtime $(basename "$runtime"))"
