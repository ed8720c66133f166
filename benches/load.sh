#!/usr/bin/env bash
# Load benchmark of `fouille serve`: wrk against /api/search with the bench queries at 1, 16
# and 64 connections, then 64 connections while the corpus is being re-indexed.
#
#   benches/load.sh [CORPUS [QUERIES]]      (defaults: corpus/, benches/queries.txt)
#   env: FOUILLE (binary, default target/release/fouille), DURATION (s per run, default 10),
#        PORT (default 7790), INDEX (default: a temporary folder), REFRESH (seconds between
#        background refreshes, default 1), SERVE_ARGS (more `fouille serve` flags, e.g.
#        --no-cache to time every request as a full search)
#
# Prints a markdown table: connections, requests/s, p50, p99, errors.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${1:-corpus}
QUERIES=${2:-benches/queries.txt}
FOUILLE=${FOUILLE:-target/release/fouille}
DURATION=${DURATION:-10}
PORT=${PORT:-7790}
REFRESH=${REFRESH:-1}
command -v wrk >/dev/null || { echo "load.sh: wrk not found (apt-get install wrk)" >&2; exit 1; }
[ -x "$FOUILLE" ] || { echo "load.sh: no $FOUILLE: cargo build --release" >&2; exit 1; }

work=$(mktemp -d)
INDEX=${INDEX:-$work/index}
# The re-indexing run changes the corpus: work on a copy of small corpora; big ones are
# used in place and only get one extra file, removed afterwards.
if [ "$(du -sm "$CORPUS" | cut -f1)" -lt 50 ]; then
  cp -r "$CORPUS" "$work/corpus"
  CORPUS=$work/corpus
fi
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -f "$CORPUS/zz-load-bench.txt"
  rm -rf "$work"
}
trap cleanup EXIT

"$FOUILLE" index --corpus "$CORPUS" --index "$INDEX" >&2
"$FOUILLE" serve --corpus "$CORPUS" --index "$INDEX" --addr "127.0.0.1:$PORT" \
  --refresh-every "$REFRESH" ${SERVE_ARGS:-} 2>"$work/serve.log" &
server=$!
for _ in $(seq 600); do
  curl -fs "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break
  sleep 0.2
done

run() { # connections label
  local c=$1 threads=$(( $1 < 2 ? 1 : 2 ))
  QUERIES=$QUERIES wrk -t"$threads" -c"$c" -d"${DURATION}s" --latency \
    -s benches/load.lua "http://127.0.0.1:$PORT" | grep '^RESULT' |
    sed -E 's/RESULT rps=([0-9]+) p50_ms=([0-9.]+) p99_ms=([0-9.]+) errors=([0-9]+).*/\1 \2 \3 \4/' |
    { read -r rps p50 p99 err; echo "| $2 | $rps | $p50 | $p99 | $err |"; }
}

echo "| connections | requests/s | p50 ms | p99 ms | errors |"
echo "|---|---:|---:|---:|---:|"
curl -fs "http://127.0.0.1:$PORT/api/search?q=warmup" >/dev/null
for c in 1 16 64; do run "$c" "$c"; done

# The same at 64 connections while an article is written, changed and removed every 0.5 s
# (the server re-indexes it in the background and swaps in the new index).
(
  i=0
  while true; do
    i=$((i + 1))
    printf 'Article de charge %d\n\nLe fourmilier numéro %d traverse la steppe.\n' "$i" "$i" \
      > "$CORPUS/zz-load-bench.txt"
    sleep 0.5
    [ $((i % 3)) -eq 0 ] && rm -f "$CORPUS/zz-load-bench.txt"
    sleep 0.5
  done
) &
writer=$!
reloads_before=$(curl -fs "http://127.0.0.1:$PORT/api/health" | grep -o '"reloads":[0-9]*' | cut -d: -f2)
run 64 "64, re-indexing"
kill "$writer" 2>/dev/null; wait "$writer" 2>/dev/null || true
reloads_after=$(curl -fs "http://127.0.0.1:$PORT/api/health" | grep -o '"reloads":[0-9]*' | cut -d: -f2)
echo
echo "index reloads during the re-indexing run: $((reloads_after - reloads_before))"
