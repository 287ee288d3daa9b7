#!/usr/bin/env bash
# Publishes trimmed, self-contained linux-arm64 builds of edgesearchd and the edgesearch CLI, in two variants,
# and reports their sizes against the targets:
#   OUTDIR/ort/{edgesearchd,edgesearch}      both engines (ONNX Runtime's native library included)   < 50 MB
#   OUTDIR/managed/{edgesearchd,edgesearch}  managed engine only ("auto" reports ORT unavailable)      < 25 MB
# The CLI may take 13 MB more: it renders the parts scenario (`scenes`, `demo`) with SkiaSharp, whose arm64 native
# library is 12.3 MB; the daemon does not carry it.
# Each app gets its own folder: trimming keeps different parts of the framework for each.
#   deploy/publish-arm64.sh [OUTDIR]          (default: ./artifacts/arm64; package and install with deploy/install.sh OUTDIR/ort)
# RID=linux-x64 publishes for an x64 device instead (the size targets are the Pi's and apply to linux-arm64 only),
# VARIANTS=ort publishes one variant, VERSION=X.Y.Z stamps the builds (what `edgesearchd --version` prints);
# deploy/package-deb.sh uses all three.
# Trim warnings fail the build (warnings are errors); deploy/publish/ holds the settings this script adds.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
out="$(mkdir -p "${1:-$repo/artifacts/arm64}" && cd "${1:-$repo/artifacts/arm64}" && pwd)"
# Separate intermediate files, so a publish never disturbs the worktree's own Debug builds.
artifacts="$out/.artifacts"
rid="${RID:-linux-arm64}"
read -r -a variants <<< "${VARIANTS:-ort managed}"
version=()
[ -z "${VERSION:-}" ] || version=(-p:Version="$VERSION")
declare -A apps=([edgesearchd]=src/EdgeSearch.Daemon [edgesearch]=src/EdgeSearch.Cli)
declare -A limit_mb=([ort]=50 [managed]=25)
declare -A extra_mb=([edgesearchd]=0 [edgesearch]=13)
declare -A with_ort=([ort]=true [managed]=false)
status=0

for variant in "${variants[@]}"; do
  for app in edgesearchd edgesearch; do
    dest="$out/$variant/$app"
    rm -rf "$dest"
    echo "publish-arm64: $variant/$app" >&2
    if ! dotnet publish "$repo/${apps[$app]}" -nologo -v quiet -c Release -r "$rid" --self-contained \
      -p:PublishTrimmed=true "${version[@]}" -p:EdgeSearchOnnxRuntime="${with_ort[$variant]}" \
      -p:CustomAfterMicrosoftCommonTargets="$here/publish/EdgeSearch.Publish.targets" \
      --artifacts-path "$artifacts/$variant" -o "$dest" >&2; then
      printf '%-8s %-12s FAILED (see the errors above)\n' "$variant" "$app"; status=1; continue
    fi
    # Debug symbols are not shipped to the device.
    find "$dest" -name '*.pdb' -delete
    if find "$dest" -iname 'onnxruntime*.dll' | grep -q .; then
      echo "publish-arm64: $variant/$app holds a Windows onnxruntime.dll" >&2; status=1
    fi
    if [ "${with_ort[$variant]}" = false ] && find "$dest" -name 'libonnxruntime*' | grep -q .; then
      echo "publish-arm64: $variant/$app holds ONNX Runtime's native library" >&2; status=1
    fi
    bytes=$(du -sb "$dest" | cut -f1)
    limit=$((limit_mb[$variant] + extra_mb[$app]))
    verdict=ok; [ "$bytes" -lt $((limit * 1000 * 1000)) ] || [ "$rid" != linux-arm64 ] || { verdict="OVER $limit MB"; status=1; }
    printf '%-8s %-12s %6.1f MB  %s\n' "$variant" "$app" "$(echo "$bytes / 1000000" | bc -l)" "$verdict"
  done
done
exit $status
