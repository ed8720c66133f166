#!/usr/bin/env python3
"""Markdown tables of benches/peers.sh: fouille next to the peer engines.

usage: peers_table.py QUERIES_TXT FOUILLE_JSON INDEX_INFO_JSON PEERS_OUTDIR

QUERIES_TXT is benches/queries-peers.txt (`# kind: NAME` lines set the kind of the
queries after them); FOUILLE_JSON is `fouille bench --json`; INDEX_INFO_JSON is written by
peers.sh (corpus bytes, indexing wall time, peak RSS, index bytes); PEERS_OUTDIR holds the
harness's `<system>.latency.json`. One table per kind: median over that kind's queries of
each query's p50 and p95, ratio of the median p50 to fouille's (highlighted).
Standard library only.
"""
import json
import statistics
import sys
from pathlib import Path

# Systems whose runner turns a quoted phrase into a bag of words (checked in the runners:
# Lucene's SimpleSearcher.search and bm25s are bag-of-words OR; the PostgreSQL `_or`
# systems join the query's lexemes with `|`).
NO_PHRASE = ("lucene_", "bm25s_", "pg_french_or", "pg_french_unaccent_or")


def fail(msg):
    print(f"peers_table.py: {msg}", file=sys.stderr)
    sys.exit(1)


def load_json(path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        fail(f"cannot read {path}: {e}")


def read_queries(path):
    kinds, kind = [], "other"
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        fail(f"cannot read {path}: {e}")
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("# kind:"):
            kind = s[len("# kind:"):].strip()
        elif s and not s.startswith("#"):
            kinds.append((s, kind))
    return kinds


def fmt_us(v):
    return "–" if v is None else (f"{v / 1000:.2f} ms" if v >= 1000 else f"{v:.0f} µs")


def fmt_bytes(n):
    return "–" if not n else f"{n / 1e6:.0f} MB"


def main():
    if len(sys.argv) != 5:
        fail("usage: peers_table.py QUERIES_TXT FOUILLE_JSON INDEX_INFO_JSON PEERS_OUTDIR")
    queries = read_queries(sys.argv[1])
    fb = load_json(sys.argv[2])
    info = load_json(sys.argv[3])
    out = Path(sys.argv[4])
    corpus_mb = info["passage_text_bytes"] / 1e6

    # system -> {query text: (p50, p95)}, plus indexing figures
    systems = {}
    fq = {q["query"]: q for q in fb["queries"]}
    systems["fouille (highlighted)"] = (
        {k: (v["p50_us"], v["p95_us"]) for k, v in fq.items()},
        corpus_mb / info["index_wall_s"], info["index_bytes"])
    systems["fouille (no highlight)"] = (
        {k: (v.get("no_highlight_p50_us"), None) for k, v in fq.items()}, None, None)
    systems["tantivy baseline (in fouille bench)"] = (
        {k: (v.get("baseline_p50_us"), None) for k, v in fq.items()},
        (fb.get("baseline") or {}).get("build_mb_s"), None)
    peer_files = sorted(out.glob("*.latency.json"))
    if not peer_files:
        fail(f"no *.latency.json in {out}")
    for p in peer_files:
        d = load_json(p)
        per = {v["query"]: (v["p50_us"], v["p95_us"]) for v in d["queries"].values()}
        build = d.get("build_time_s")
        systems[d["system"]] = (per, corpus_mb / build if build else None,
                                d.get("index_size_bytes"))

    print(f"Passage text {corpus_mb:.1f} MB ({info['passages']} passages); "
          f"fouille indexing {info['index_wall_s']:.1f} s wall, peak RSS "
          f"{info['peak_rss_kb'] / 1024:.0f} MB.")
    for kind in dict.fromkeys(k for _, k in queries):
        qs = [q for q, k in queries if k == kind]
        ref = None
        rows = []
        for name, (per, mbs, size) in systems.items():
            p50s = [per[q][0] for q in qs if q in per and per[q][0] is not None]
            p95s = [per[q][1] for q in qs if q in per and per[q][1] is not None]
            m50 = statistics.median(p50s) if len(p50s) == len(qs) else None
            m95 = statistics.median(p95s) if len(p95s) == len(qs) else None
            if name == "fouille (highlighted)":
                ref = m50
            note = ""
            if kind == "phrase" and name.startswith(NO_PHRASE):
                note = "no phrase: bag of words"
            rows.append((name, m50, m95, mbs, size, note))
        print(f"\n#### {kind} ({len(qs)} queries)\n")
        print("| system | median p50 | median p95 | p50 / fouille | indexing MB/s | index size | note |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for name, m50, m95, mbs, size, note in rows:
            ratio = f"{m50 / ref:.2f}" if m50 and ref else "–"
            mb = f"{mbs:.2f}" if mbs else "–"
            print(f"| {name} | {fmt_us(m50)} | {fmt_us(m95)} | {ratio} | {mb} | "
                  f"{fmt_bytes(size)} | {note} |")


if __name__ == "__main__":
    main()
