#!/usr/bin/env bash
# Rebuilds dist/ and fails if the committed dist/ differs from what the sources produce.
# `git status --porcelain` (not `git diff`) so new or deleted files are caught too.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
changes="$(git status --porcelain -- dist)"
if [ -n "$changes" ]; then
  echo "dist/ is out of date with the sources; run 'npm run build' and commit dist/:" >&2
  echo "$changes" >&2
  exit 1
fi
echo "dist/ is up to date"
