#!/usr/bin/env bash
# The README's command blocks as the tests run them. Every ```bash block of the README sits between
# <!-- NAME:start --> and <!-- NAME:end -->, and the test named in SECTIONS below runs section NAME as written.
# Usage: readme_blocks.sh script README.md NAME...   the sections' bash blocks, in order, as one script
#                                                     (each block announced by: echo "--- README NAME block N")
#        readme_blocks.sh covered README.md          exit 1, naming them, if a bash block is outside every section,
#                                                     or a section is one that no test runs
set -euo pipefail

# Section -> the test that runs it.
declare -A SECTIONS=(
  [first-start]="interop readme-first-start (tests/interop/readme_run.sh)"
  [migration]="interop readme-first-start, against the first-start serve"
  [walkthrough]="interop readme-walkthrough (tests/interop/readme_walkthrough.sh)"
  [on-demand]="interop readme-on-demand (tests/interop/readme_run.sh)"
  [newman]="interop readme-newman (tests/interop/readme_run.sh)"
  [interop]="interop readme-blocks: the line names tests/interop/run.sh, which test.sh runs"
  [test-command]="interop readme-blocks: the line is what .ci/run executes"
  [podman]="containers readme-containers (tests/containers/run.sh)"
  [docker]="containers readme-containers, after the podman section"
)

blocks() { # README NAME: the section's bash blocks
  awk -v name="$2" '
    $0 ~ "^<!-- " name ":start -->" { inside = 1; next }
    $0 ~ "^<!-- " name ":end -->"   { inside = 0; next }
    inside && /^```bash[ \t]*$/     { block = 1; blocks++; print "echo \"--- README " name " block " blocks "\""; next }
    block && /^```[ \t]*$/          { block = 0; next }
    block                           { print }
  ' "$1"
}

case "${1:-}" in
  script)
    readme=$2; shift 2
    for name in "$@"; do
      [ -n "${SECTIONS[$name]:-}" ] || { echo "readme_blocks: no section $name in SECTIONS" >&2; exit 2; }
      script=$(blocks "$readme" "$name")
      [ -n "$script" ] || { echo "readme_blocks: $readme has no bash block in section $name" >&2; exit 1; }
      printf '%s\n' "$script"
    done ;;
  covered)
    readme=$2
    problems=$(awk '
      /^<!-- [a-z0-9-]+:start -->/ { split($2, p, ":"); section = p[1]; next }
      /^<!-- [a-z0-9-]+:end -->/   { section = ""; next }
      /^```bash/ { if (section == "") print "line " NR ": a bash block outside every section"; else print "section " section; }
    ' "$readme" | sort -u | while read -r kind rest; do
      if [ "$kind" = section ]; then
        [ -n "${SECTIONS[$rest]:-}" ] || echo "section $rest: no test runs it (add it to SECTIONS in readme_blocks.sh and run it)"
      else
        echo "$kind $rest"
      fi
    done)
    for name in "${!SECTIONS[@]}"; do
      grep -q "^<!-- $name:start -->" "$readme" || problems+=$'\n'"section $name: missing from $readme"
    done
    problems=$(sed '/^$/d' <<<"$problems")
    if [ -n "$problems" ]; then echo "$problems"; exit 1; fi
    echo "every bash block of $readme is in a section a test runs: $(printf '%s ' "${!SECTIONS[@]}")" ;;
  *) sed -n '2,8p' "$0" >&2; exit 2 ;;
esac
