# The check helpers of the shell suites (containers, k8s), sourced after setting root (the repository) and out (the
# suite's artifacts folder). Each suite counts in passed and failed and ends with "NAME: N passed, M failed".
passed=0 failed=0
say() { printf '%s\n' "$*"; }
pass() { passed=$((passed + 1)); say "PASS $1"; }
fail() { failed=$((failed + 1)); say "FAIL $1${2:+: $2}"; }
check() { # NAME COMMAND...: pass when the command exits 0; its output goes to $out/NAME.log
  local name=$1 log="${out#"$root"/}/$1.log"; shift
  if "$@" >"$out/$name.log" 2>&1; then pass "$name"; else fail "$name" "see $log"; tail -n 25 "$out/$name.log" | sed 's/^/    /'; fi
}
figure() { printf '%s\n' "$*" >>"$out/figures.txt"; }
