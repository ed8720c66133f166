#!/usr/bin/env bash
# Do two fouille binaries answer the same? For every query of the given files, compares
# `fouille search --json` (took_ms dropped) and the text output (snippets) of binary A and
# binary B on one index, with a few option sets. Prints the queries that differ; exit 1 if any.
#
#   benches/same_results.sh A B CORPUS INDEX QUERIES...
set -uo pipefail
a=$1 b=$2 corpus=$3 index=$4
shift 4
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
n=0 bad=0
norm() { sed -E 's/"took_ms": *[0-9.e+-]+/"took_ms":0/; s/[0-9]+(\.[0-9]+)? ?ms\b/T ms/g'; }
for file in "$@"; do
  while IFS= read -r q; do
    case "$q" in ''|'#'*) continue ;; esac
    for opts in "" "--limit 30" "--per-article 1 --limit 5" "--offset 10" "--sort date"; do
      n=$((n + 1))
      for bin in a b; do
        exe=${!bin}
        # shellcheck disable=SC2086
        "$exe" search --corpus "$corpus" --index "$index" --no-refresh --json $opts -- "$q" 2>&1 | norm >"$out/$bin.json"
        # shellcheck disable=SC2086
        "$exe" --color never --width 100 search --corpus "$corpus" --index "$index" --no-refresh $opts -- "$q" 2>&1 | norm >"$out/$bin.txt"
      done
      if ! cmp -s "$out/a.json" "$out/b.json" || ! cmp -s "$out/a.txt" "$out/b.txt"; then
        bad=$((bad + 1))
        echo "DIFFERS: [$opts] $q"
        diff "$out/a.json" "$out/b.json" | head -10
      fi
    done
  done <"$file"
done
echo "$n searches compared, $bad differ"
[ "$bad" -eq 0 ]
