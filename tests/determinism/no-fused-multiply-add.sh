#!/usr/bin/env bash
# Fails if any of the given objects contains a fused multiply-add instruction. A fused a*b+c rounds
# once where the engine's rules round twice (docs/determinism.md), so the engine's objects must
# hold none: -ffp-contract=off keeps the compiler from fusing, and the code never asks for it.
# GCC on AArch64 fuses by default (fmadd), so this is what would catch a lost flag.
#
# Usage: no-fused-multiply-add.sh OBJDUMP OBJECT...   (an OBJECT argument may be a ;-separated list)
#   OBJDUMP: an objdump that can disassemble the objects (aarch64-linux-gnu-objdump in the cross
#   build). Matched mnemonics: x86 FMA3/FMA4 (vfmadd*, vfmsub*, vfnmadd*, vfnmsub*, vfmaddsub*...),
#   AArch64 scalar (fmadd, fmsub, fnmadd, fnmsub), Advanced SIMD (fmla, fmls, fmlal*, fmlsl*) and
#   SVE (fmad, fmsb, fnmad, fnmsb, fnmla, fnmls).
set -euo pipefail
objdump=$1
shift
# ctest passes $<TARGET_OBJECTS:...> as one argument with the objects joined by ';' (add_test has
# no list expansion in CMake 3.25): split every argument on ';'.
objects=()
for arg in "$@"; do
  IFS=';' read -r -a parts <<<"$arg"
  objects+=("${parts[@]}")
done
[ ${#objects[@]} -ge 1 ] || { echo "no objects given" >&2; exit 2; }

fused='^v?fn?m(add|sub|la|ls|ad|sb)[a-z0-9]*$'
status=0 checked=0 instructions=0
for o in "${objects[@]}"; do
  [ -f "$o" ] || { echo "$o: no such object" >&2; exit 2; }
  # The mnemonic of every instruction line of the disassembly: GNU objdump prints
  # "   addr:<TAB>mnemonic operands", llvm-objdump (CMAKE_OBJDUMP with clang) "   addr:   <TAB>mnemonic<TAB>operands".
  # A failing objdump (wrong architecture, unreadable file) is an error, not an empty listing.
  listing=$("$objdump" -d --no-show-raw-insn "$o") || { echo "$objdump -d $o failed" >&2; exit 2; }
  mnemonics=$(awk '/^ *[0-9a-f]+:[ ]*\t/ {sub(/^ *[0-9a-f]+:[ ]*\t/, ""); split($0, m, /[ \t]+/); if (m[1] != "") print m[1]}' <<<"$listing")
  n=$(grep -c . <<<"$mnemonics" || true)
  instructions=$((instructions + n))
  checked=$((checked + 1))
  hits=$(grep -E "$fused" <<<"$mnemonics" | sort | uniq -c || true)
  if [ -n "$hits" ]; then
    echo "$(basename "$o"): fused multiply-add instructions:"
    echo "$hits" | sed 's/^/  /'
    status=1
  fi
done
# An empty disassembly would prove nothing (e.g. an objdump for another architecture).
[ "$instructions" -gt 0 ] || { echo "no instructions found in ${checked} objects: wrong objdump?" >&2; exit 2; }
[ $status -eq 0 ] && echo "${checked} objects, ${instructions} instructions: no fused multiply-add"
exit $status
