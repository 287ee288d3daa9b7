#!/usr/bin/env bash
# Memory soak: runs edgesearchd on 640x480 camera frames of the parts scenario (parts:7, test split, written by
# `edgesearch scenes`), replayed in a loop through the scenario's region of interest as fast as the pipeline takes
# it, and reads its resident memory and GC numbers from its own Prometheus endpoint at 1k, 10k, 50k and 100k frames,
# once per backend. The criterion is resident memory at the last checkpoint against the first (and, because JIT and
# pools grow it during the first thousands of frames, against the second: the plateau).
#   deploy/soak.sh [BACKENDS] [-- DAEMON ARGS...]     BACKENDS default "managed ort"; e.g. deploy/soak.sh ort -- --Evidence:Directory /tmp/ev
# Environment: CHECKPOINTS ("1000 10000 50000 100000"), MODEL (models/parts.onnx), FRAMES (replayed frames, 400),
# EDGESEARCHD and EDGESEARCH (binaries to run; default: Release builds of this checkout, built first), WORK (scratch folder).
# Needs curl. Each run also writes its JSON Lines decision log, so log rotation is part of the soak.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
backends="managed ort"
if [ $# -gt 0 ] && [ "$1" != "--" ]; then backends="$1"; shift; fi
[ "${1:-}" = "--" ] && shift
read -r -a checkpoints <<< "${CHECKPOINTS:-1000 10000 50000 100000}"
model="${MODEL:-$repo/models/parts.onnx}"
work="${WORK:-$(mktemp -d)}"
mkdir -p "$work"

if [ -z "${EDGESEARCHD:-}" ] || [ -z "${EDGESEARCH:-}" ]; then
  echo "soak: building edgesearchd and edgesearch (Release)" >&2
  dotnet build "$repo/src/EdgeSearch.Daemon" -c Release -nologo -v quiet >&2
  dotnet build "$repo/src/EdgeSearch.Cli" -c Release -nologo -v quiet >&2
fi
daemon="${EDGESEARCHD:-$repo/src/EdgeSearch.Daemon/bin/Release/net10.0/edgesearchd}"
cli="${EDGESEARCH:-$repo/src/EdgeSearch.Cli/bin/Release/net10.0/edgesearch}"

# The gallery: 10 reference frames per label from the train split; the replay: frames of the test split.
roi=(--Roi:X 160 --Roi:Y 80 --Roi:Width 320 --Roi:Height 320)
gallery="$work/gallery.db"
rm -rf "$gallery" "$gallery"-* "$work/references" "$work/frames"
"$cli" scenes --dataset parts:7 --split train --limit 160 --out "$work/references" >&2
"$cli" scenes --dataset parts:7 --split test --limit "${FRAMES:-400}" --flat --out "$work/frames" >&2
"$cli" enroll --gallery "$gallery" --model "$model" --roi 160,80,320,320 --labels-from-folders "$work/references" >&2
"$cli" gallery calibrate --gallery "$gallery" --frr 0.01 >&2

# One sample: the daemon's counters as "frames rss heap committed allocated gen0 gen1 gen2", then the kernel's split
# of resident memory (kB): anonymous (GC heap, native heaps, stacks), file-backed (mapped assemblies and libraries),
# shared (the JIT's code, double-mapped for W^X).
sample() {
  printf '%s %s\n' "$(curl -s --max-time 2 "http://127.0.0.1:$1/metrics" | awk '
    $1 == "edgesearch_frames_total" { f = $2 } $1 == "process_resident_memory_bytes" { r = $2 }
    $1 == "edgesearch_gc_heap_bytes" { h = $2 } $1 == "edgesearch_gc_committed_bytes" { c = $2 }
    $1 == "edgesearch_gc_allocated_bytes_total" { a = $2 } match($1, /generation="[0-9]"/) { g[substr($1, RSTART + 12, 1)] = $2 }
    END { if (f != "") printf "%d %d %d %d %d %d %d %d", f, r, h, c, a, g[0], g[1], g[2] }')" \
    "$(awk '/^Rss(Anon|File|Shmem):/ { printf "%d ", $2 }' "/proc/$2/status" 2>/dev/null)"
}

printf '%-8s %10s %8s %7s %12s %8s %8s %8s %13s %8s  %s\n' backend checkpoint frames rss_MB anon/file/shm gc_heap gc_commit \
  alloc_B/frame gc_0/1/2
status=0
for backend in $backends; do
  port=$((20000 + RANDOM % 20000))
  log="$work/edgesearchd-$backend.log"
  "$daemon" --model "$model" --gallery "$gallery" --source "replay:$work/frames" "${roi[@]}" \
    --Backend "$backend" --Replay:Loop true --Replay:Fps 0 --Trigger:Fps 0 --Metrics:PrometheusPort "$port" \
    --Metrics:IntervalSeconds 30 --decision-log "$work/decisions-$backend.jsonl" "$@" > "$log" 2>&1 &
  pid=$!
  declare -A at=()
  next=0
  while [ $next -lt ${#checkpoints[@]} ] && kill -0 $pid 2>/dev/null; do
    # Until the endpoint answers, a sample holds only the kernel's three numbers.
    current="$(sample $port $pid)"
    if [ "$(wc -w <<< "$current")" -eq 11 ] && read -r frames rest <<< "$current"; then
      while [ $next -lt ${#checkpoints[@]} ] && [ "$frames" -ge "${checkpoints[$next]}" ]; do
        at[${checkpoints[$next]}]="$frames $rest"; next=$((next + 1))
      done
    fi
    sleep 0.1
  done
  kill -TERM $pid 2>/dev/null || true
  wait $pid || true
  if [ $next -lt ${#checkpoints[@]} ]; then
    echo "soak: $backend stopped before ${checkpoints[$next]} frames; see $log" >&2; status=1; continue
  fi
  for checkpoint in "${checkpoints[@]}"; do
    read -r frames rss heap committed allocated g0 g1 g2 anon file shmem <<< "${at[$checkpoint]}"
    printf '%-8s %10d %8d %7.1f %4.1f/%4.1f/%3.1f %8.1f %8.1f %8.0f %13s  %s/%s/%s\n' "$backend" "$checkpoint" "$frames" \
      "$(bc -l <<< "$rss / 1000000")" "$(bc -l <<< "$anon * 1024 / 1000000")" "$(bc -l <<< "$file * 1024 / 1000000")" \
      "$(bc -l <<< "$shmem * 1024 / 1000000")" "$(bc -l <<< "$heap / 1000000")" "$(bc -l <<< "$committed / 1000000")" \
      "$(bc -l <<< "$allocated / $frames")" "" "$g0" "$g1" "$g2"
  done
  first="${checkpoints[0]}"; second="${checkpoints[1]:-$first}"; last="${checkpoints[-1]}"
  rss_of() { cut -d' ' -f2 <<< "${at[$1]}"; }
  printf '%-8s rss growth: %+.1f MB from %d to %d frames, %+.1f MB from %d to %d frames\n' "$backend" \
    "$(bc -l <<< "($(rss_of "$last") - $(rss_of "$first")) / 1000000")" "$first" "$last" \
    "$(bc -l <<< "($(rss_of "$last") - $(rss_of "$second")) / 1000000")" "$second" "$last"
  unset at
done
echo "soak: logs and galleries in $work" >&2
exit $status
