#!/usr/bin/env bash
# Shows that kernel-symbols.sh can fail: it is run on small objects built here, where a "kernel"
# object and another object share a weak (inline) function with different machine code (it must
# fail and name the function), share it with identical code (it must pass, having compared one
# symbol), and on broken argument lists (it must refuse them rather than pass).
#
# Usage: kernel-symbols-selftest.sh CXX   (NM and OBJDUMP are passed through to the script)
set -uo pipefail
cxx=$1
script="$(dirname "$(realpath "$0")")/kernel-symbols.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# scale() is inline, hence a weak symbol in every object that emits it; FACTOR changes its code.
cat >"$work/shared.hpp" <<'EOF'
__attribute__((noinline)) inline double scale(double x) { return x * FACTOR; }
EOF
echo '#include "shared.hpp"
double kernel_entry(double x) { return scale(x); }' >"$work/kernel.cpp"
echo '#include "shared.hpp"
double other_entry(double x) { return scale(x) + 1; }' >"$work/other.cpp"
build() {  # build OUTPUT SOURCE FACTOR
  "$cxx" -O2 -c -DFACTOR="$3" -I"$work" "$work/$2" -o "$work/$1" || { echo "cannot compile $2 with $cxx"; exit 1; }
}
build kernels_fake.cpp.o kernel.cpp 3.0
build other_different.cpp.o other.cpp 2.0
build other_same.cpp.o other.cpp 3.0

passed=0 failed=0
# expect NAME EXIT_CODE OUTPUT_TEXT ARGS...
expect() {
  local name=$1 want=$2 text=$3
  shift 3
  bash "$script" "$@" >"$work/out" 2>&1
  local rc=$?
  if [ "$rc" -eq "$want" ] && grep -qF -- "$text" "$work/out"; then
    passed=$((passed + 1))
    echo "ok   $name (exit $rc)"
  else
    failed=$((failed + 1))
    echo "FAIL $name: exit $rc (want $want), output should contain '$text':"
    sed 's/^/     /' "$work/out"
  fi
}

expect "a weak function with different code in a kernel and another object fails" 1 \
  "kernels_fake.cpp.o and other_different.cpp.o both define, with different code:" \
  "$work/kernels_fake.cpp.o" "$work/other_different.cpp.o"
grep -q "scale(double)" "$work/out" && echo "ok   ... and names scale(double)" ||
  { failed=$((failed + 1)); echo "FAIL the failure does not name scale(double)"; }
expect "identical code is allowed, after comparing it" 0 "defined elsewhere too and compared: 1" \
  "$work/kernels_fake.cpp.o" "$work/other_same.cpp.o"
printf '%s\n' "$work/kernels_fake.cpp.o" "$work/other_different.cpp.o" >"$work/list.txt"
expect "--objects-from reads the list" 1 "both define, with different code" --objects-from "$work/list.txt"
expect "one ';'-joined argument is refused" 2 "no such object file" \
  "$work/kernels_fake.cpp.o;$work/other_different.cpp.o" "$work/other_same.cpp.o"
expect "a missing object is refused" 2 "no such object file" "$work/kernels_fake.cpp.o" "$work/nothing.o"
expect "objects without a kernel are refused" 2 "no kernels_*.o" "$work/other_same.cpp.o" "$work/other_different.cpp.o"
echo garbage >"$work/kernels_broken.cpp.o"
expect "an object nm cannot read is refused" 2 "failed on" "$work/kernels_broken.cpp.o" "$work/other_same.cpp.o"
expect "an empty list is refused" 2 "needs the engine's objects"

echo "kernel-symbols self-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
