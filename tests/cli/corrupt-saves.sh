#!/usr/bin/env bash
# Every corrupt save fixture must make the CLI fail with a clear message on stderr, exit non-zero
# and write nothing. Usage: corrupt-saves.sh LLAMAWOOL_BINARY REPO_ROOT
set -uo pipefail
bin=$1 root=$(realpath "$2")
saves="$root/tests/data/saves"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fixture -> text that the error message must contain (the field or the offending value)
declare -A expect=(
  [wrong-hash.json]="stateHash"
  [edited-wool.json]="stateHash"
  [negative-amount.json]="negative"
  [nan-amount.json]="NaN"
  [overflow-amount.json]="1e400"
  [unknown-building.json]="windmill"
)
passed=0 failed=0
for fixture in "${!expect[@]}"; do
  out="$work/out-$fixture"
  for cmd in apply inspect; do
    if [ "$cmd" = apply ]; then
      "$bin" apply "$saves/$fixture" "$root/examples/first-minute/actions.json" -o "$out" >"$work/stdout" 2>"$work/stderr"
    else
      "$bin" inspect "$saves/$fixture" >"$work/stdout" 2>"$work/stderr"
    fi
    rc=$?
    problem=""
    [ "$rc" -ne 0 ] || problem="exit code 0"
    grep -q -- "${expect[$fixture]}" "$work/stderr" || problem="$problem; stderr lacks '${expect[$fixture]}'"
    [ ! -e "$out" ] || problem="$problem; wrote $out"
    [ -z "$(ls "$work" | grep -v '^stdout$\|^stderr$')" ] || problem="$problem; left files: $(ls "$work")"
    if [ -z "$problem" ]; then
      passed=$((passed + 1))
      echo "ok   $cmd $fixture: $(cat "$work/stderr")"
    else
      failed=$((failed + 1))
      echo "FAIL $cmd $fixture: $problem"
      cat "$work/stderr"
    fi
  done
done
echo "corrupt saves: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
