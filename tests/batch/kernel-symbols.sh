#!/usr/bin/env bash
# Checks that no function compiled for one instruction set can stand in for another one.
#
# Each engine/batch/kernels_<arch>.cpp is compiled with its own -m flags. A weak (inline or
# template) function defined both in such an object and in another object is merged by the linker,
# which keeps one copy: an AVX-512 copy could then run on a CPU without AVX-512. So every weak
# symbol a kernel object defines must be defined by no other object of the engine, unless both
# copies are the same machine code (then it does not matter which one the linker keeps).
#
# Usage: kernel-symbols.sh OBJECT...   (all objects of llamawool_engine)
set -euo pipefail

# Shared on purpose, and safe: compiler helpers with no vector code.
allowed='^(DW\.ref\.__gxx_personality_v0|__clang_call_terminate)$'

kernels=() others=()
for o in "$@"; do
  case "$o" in */kernels_*.o) kernels+=("$o") ;; *) others+=("$o") ;; esac
done
[ ${#kernels[@]} -ge 1 ] || { echo "no kernels_*.o among the objects" >&2; exit 1; }

defined() { nm --defined-only "$1" | awk '$2 ~ /^[TWV]$/ {print $3}' | sort -u; }
# The instructions of one function, without addresses or relocation offsets.
code() { objdump -d --no-show-raw-insn --no-addresses "$1" | awk -v head="<$2>:" '$0 == head && !done {on = 1; next} on && /^$/ {on = 0; done = 1} on'; }

status=0
for k in "${kernels[@]}"; do
  weak=$(nm --defined-only "$k" | awk '$2 ~ /^[WV]$/ {print $3}' | grep -Ev "$allowed" | sort -u || true)
  for o in "${kernels[@]}" "${others[@]}"; do
    [ "$o" = "$k" ] && continue
    shared=""
    for sym in $(comm -12 <(echo "$weak") <(defined "$o")); do
      mine=$(code "$k" "$sym")
      [ -n "$mine" ] && [ "$mine" = "$(code "$o" "$sym")" ] || shared+="$sym"$'\n'
    done
    shared=$(echo -n "$shared" | grep -v '^$' || true)
    if [ -n "$shared" ]; then
      echo "$(basename "$k") and $(basename "$o") both define:"
      echo "$shared" | c++filt | sed 's/^/  /'
      status=1
    fi
  done
done
[ $status -eq 0 ] && echo "kernel objects (${#kernels[@]}): no weak symbol shared with another object"
exit $status
