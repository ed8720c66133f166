#!/bin/sh
# Regenerate the example outputs in README.md from the current build: every fenced block
# after a `<!-- example: ARGS -->` line becomes `$ fouille ARGS` and what it prints.
# tests/readme.rs checks them with the same code, so the README cannot drift.
set -eu
cd "$(dirname "$0")/.."
FOUILLE_README_WRITE=1 cargo test --quiet --test readme readme_examples_are_what_the_build_prints
git --no-pager diff --stat -- README.md
