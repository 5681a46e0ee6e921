#!/usr/bin/env bash
# Runs the README's curl walk-through as written: every ```bash block between
# <!-- walkthrough:start --> and <!-- walkthrough:end --> (readme_blocks.sh), in order, in one bash -euo pipefail,
# in an empty folder. OME, CTL, OME_USER and OME_PASSWORD come from the environment when set
# (the README's own defaults otherwise).
# Not traced with -x: the login line carries the password.
# Usage: readme_walkthrough.sh README.md
set -euo pipefail
readme=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
script=$("$(dirname "$0")/readme_blocks.sh" script "$readme" walkthrough)
blocks=$(grep -c '^echo "--- README walkthrough block ' <<<"$script" || true)
if [ "$blocks" -lt 5 ]; then
  echo "README walk-through: found $blocks bash blocks between the walkthrough markers, expected the whole flow"
  exit 1
fi
# The README's defaults (its first block) must be serve's own defaults, as `serve --help` states them.
if [ -n "${OMESIM_DLL:-}" ]; then
  first=$(awk '/<!-- walkthrough:start -->/ { inside = 1 } inside && /^```bash/ { block = 1; next }
               block && /^```/ { exit } block { print }' "$readme")
  help=$(dotnet "$OMESIM_DLL" serve --help)
  mapfile -t defaults < <(env -u OME -u CTL -u OME_USER -u OME_PASSWORD bash -c "$first"'
    printf "%s\n" "target=$OME" "(default $CTL)" "(default $OME_USER)" "(default $OME_PASSWORD)"')
  for expected in "${defaults[@]}"; do
    if ! grep -qF -- "$expected" <<<"$help"; then
      echo "README walk-through default '$expected' is not what 'serve --help' says:"
      echo "$help"
      exit 1
    fi
  done
  echo "README defaults match serve's: ${defaults[*]:0:3} (and the password)"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
printf '%s\n' "$script" > walkthrough.sh
echo "running $blocks blocks from $readme"
bash -euo pipefail walkthrough.sh
echo "walk-through finished"
