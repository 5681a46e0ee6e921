#!/usr/bin/env bash
# Runs the README's curl walk-through as written: every ```bash block between
# <!-- walkthrough:start --> and <!-- walkthrough:end -->, in order, in one bash -euo pipefail,
# in an empty folder. OME, CTL, OME_USER and OME_PASSWORD come from the environment when set
# (the README's own defaults otherwise).
# Not traced with -x: the login line carries the password.
# Usage: readme_walkthrough.sh README.md
set -euo pipefail
readme=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
script=$(awk '
  /<!-- walkthrough:start -->/ { inside = 1; next }
  /<!-- walkthrough:end -->/   { inside = 0; next }
  inside && /^```bash[ \t]*$/  { block = 1; blocks++; print "echo \"--- README block " blocks "\""; next }
  block && /^```[ \t]*$/       { block = 0; next }
  block                        { print }
' "$readme")
blocks=$(grep -c '^echo "--- README block ' <<<"$script" || true)
if [ "$blocks" -lt 5 ]; then
  echo "README walk-through: found $blocks bash blocks between the walkthrough markers, expected the whole flow"
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
printf '%s\n' "$script" > walkthrough.sh
echo "running $blocks blocks from $readme"
bash -euo pipefail walkthrough.sh
echo "walk-through finished"
