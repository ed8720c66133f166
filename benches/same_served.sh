#!/usr/bin/env bash
# Do two fouille binaries serve the same answers, also once their per-generation caches are
# warm? Starts `fouille serve --no-cache --no-refresh` from binary A and binary B on copies
# of one index, asks /api/search for every query of the files three times in a row (with a
# few option sets) and compares the JSON bodies (took_ms dropped). Exit 1 if any differ.
#
#   benches/same_served.sh A B CORPUS INDEX QUERIES...
set -uo pipefail
a=$1 b=$2 corpus=$3 index=$4
shift 4
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT
port=7811
for bin in "$a" "$b"; do
  cp -r "$index" "$work/index$port"
  "$bin" serve --corpus "$corpus" --index "$work/index$port" --addr "127.0.0.1:$port" \
    --no-cache --no-refresh 2>"$work/log$port" &
  pids+=($!)
  port=$((port + 1))
done
for port in 7811 7812; do
  for _ in $(seq 600); do curl -fs "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break; sleep 0.2; done
done
n=0 bad=0
for file in "$@"; do
  while IFS= read -r q; do
    case "$q" in ''|'#'*) continue ;; esac
    for opts in "" "&limit=30" "&per_article=1&limit=5" "&offset=10" "&sort=date"; do
      for round in 1 2 3; do
        n=$((n + 1))
        for port in 7811 7812; do
          curl -s -G "http://127.0.0.1:$port/api/search" --data-urlencode "q=$q" \
            -d "${opts#&}" | sed -E 's/"took_ms":[0-9.e+-]+/"took_ms":0/' >"$work/$port.json"
        done
        if ! cmp -s "$work/7811.json" "$work/7812.json"; then
          bad=$((bad + 1))
          echo "DIFFERS (round $round): [$opts] $q"
        fi
      done
    done
  done <"$file"
done
echo "$n requests compared, $bad differ"
[ "$bad" -eq 0 ]
