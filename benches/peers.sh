#!/usr/bin/env bash
# fouille next to the peer engines on the same ~1 M French passages and the same 40 queries.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
usage() {
    cat >&2 <<USAGE
usage: benches/peers.sh        (run from anywhere; settings through the environment)

Builds a French corpus (cached), indexes it with fouille (/usr/bin/time -v), exports
fouille's passages, runs the peer harness (PostgreSQL, Lucene, Xapian, tantivy-py, bm25s)
and fouille bench on the 40 queries of benches/queries-peers.txt, and prints one markdown
table per query kind.

The peer harness and the corpus builder are NOT part of this repository: point PEERS_DIR
and CORPUS_TOOLS at them (run \$PEERS_DIR/setup.sh once, as root, before).

  PEERS_DIR     peer harness (run_all.sh, setup.sh)   default: $REPO/../shared/peers
  CORPUS_TOOLS  folder holding build-fr-corpus        default: $REPO/../shared/corpus-tools
  SIZE_MB       corpus size (build-fr-corpus --seed 1) default: 126 (~1 M passages)
  WORKDIR       corpus, index, outputs (cached)        default: /tmp/fouille-peers
  PEERS_REUSE   an earlier peers OUTDIR: do not re-run the peers, reuse its JSON
  ITERATIONS    fouille bench --iterations            default: 200
  FOUILLE       the fouille binary                    default: $REPO/target/release/fouille
USAGE
}
if [ $# -gt 0 ]; then usage; exit 2; fi

PEERS_DIR="${PEERS_DIR:-$REPO/../shared/peers}"
CORPUS_TOOLS="${CORPUS_TOOLS:-$REPO/../shared/corpus-tools}"
SIZE_MB="${SIZE_MB:-126}"
WORKDIR="${WORKDIR:-/tmp/fouille-peers}"
ITERATIONS="${ITERATIONS:-200}"
QUERIES="$REPO/benches/queries-peers.txt"
FOUILLE="${FOUILLE:-$REPO/target/release/fouille}"

if [ -z "${PEERS_REUSE:-}" ] && [ ! -x "$PEERS_DIR/run_all.sh" ]; then
    echo "peers.sh: no peer harness at $PEERS_DIR (set PEERS_DIR)" >&2; usage; exit 1
fi
if [ ! -x "$CORPUS_TOOLS/build-fr-corpus" ] && [ ! -f "$WORKDIR/corpus/manifest.tsv" ]; then
    echo "peers.sh: no build-fr-corpus in $CORPUS_TOOLS (set CORPUS_TOOLS)" >&2; usage; exit 1
fi
mkdir -p "$WORKDIR"
CORPUS="$WORKDIR/corpus"
INDEX="$WORKDIR/index"
STAMP="$(date -u +%Y%m%dT%H%MZ)"

if [ "$FOUILLE" = "$REPO/target/release/fouille" ]; then
    echo "== fouille build" >&2
    (cd "$REPO" && cargo build --release --quiet)
fi

if [ ! -f "$CORPUS/manifest.tsv" ]; then
    echo "== corpus ($SIZE_MB MB, seed 1) -> $CORPUS" >&2
    nice -n 10 "$CORPUS_TOOLS/build-fr-corpus" --out "$CORPUS" --size-mb "$SIZE_MB" --seed 1
fi

echo "== fouille index (full rebuild)" >&2
rm -rf "$INDEX"
/usr/bin/time -v "$FOUILLE" index --corpus "$CORPUS" --index "$INDEX" --full \
    >"$WORKDIR/index.out" 2>"$WORKDIR/index.time"
cat "$WORKDIR/index.out" >&2

echo "== export passages" >&2
"$FOUILLE" export --corpus "$CORPUS" --index "$INDEX" --no-refresh --jsonl \
    -o "$WORKDIR/passages.jsonl"

# One JSON with what the table needs from the indexing run.
python3 - "$WORKDIR" <<'PY'
import json, re, sys
from pathlib import Path
w = Path(sys.argv[1])
t = (w / "index.time").read_text()
def field(name):
    m = re.search(re.escape(name) + r": (.*)", t)
    if not m:
        sys.exit(f"peers.sh: no '{name}' in {w / 'index.time'}")
    return m.group(1).strip()
wall = 0.0
for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
    wall = wall * 60 + float(part)
text_bytes, passages = 0, 0
with open(w / "passages.jsonl", encoding="utf-8") as f:
    for line in f:
        if line.strip():
            text_bytes += len(json.loads(line)["text"].encode("utf-8"))
            passages += 1
index_bytes = sum(p.stat().st_size for p in (w / "index").rglob("*") if p.is_file())
(w / "index-info.json").write_text(json.dumps({
    "index_wall_s": wall, "peak_rss_kb": int(field("Maximum resident set size (kbytes)")),
    "passage_text_bytes": text_bytes, "passages": passages, "index_bytes": index_bytes}))
PY

# The harness reads qid<TAB>query; generated from the one query list.
TSV="$WORKDIR/queries-peers.tsv"
grep -v '^#' "$QUERIES" | grep -v '^[[:space:]]*$' | awk '{printf "q%02d\t%s\n", NR, $0}' >"$TSV"

if [ -n "${PEERS_REUSE:-}" ]; then
    PEERS_OUT="$PEERS_REUSE"
    echo "== peers: reusing $PEERS_OUT" >&2
else
    PEERS_OUT="$WORKDIR/peers-$STAMP"
    echo "== peers -> $PEERS_OUT (several minutes per engine)" >&2
    PEERS_PASSAGES="$WORKDIR/passages.jsonl" PEERS_WORKDIR="$WORKDIR/peers-work" \
        nice -n 10 "$PEERS_DIR/run_all.sh" "$TSV" "$PEERS_OUT" \
        || echo "peers.sh: some peer failed, see $PEERS_OUT/logs" >&2
fi

echo "== fouille bench" >&2
"$FOUILLE" bench --corpus "$CORPUS" --index "$INDEX" --no-refresh --queries "$QUERIES" \
    --iterations "$ITERATIONS" --warmup 3 --json >"$WORKDIR/fouille-bench-$STAMP.json"

python3 "$REPO/benches/peers_table.py" "$QUERIES" "$WORKDIR/fouille-bench-$STAMP.json" \
    "$WORKDIR/index-info.json" "$PEERS_OUT" | tee "$WORKDIR/table-$STAMP.md"
