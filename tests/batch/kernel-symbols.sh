#!/usr/bin/env bash
# Checks that no function compiled for one instruction set can stand in for another one.
#
# Each engine/batch/kernels_<arch>.cpp is compiled with its own -m flags. A weak (inline or
# template) function defined both in such an object and in another object is merged by the linker,
# which keeps one copy: an AVX-512 copy could then run on a CPU without AVX-512. So every weak
# symbol a kernel object defines must be defined by no other object of the engine, unless both
# copies are the same machine code (then it does not matter which one the linker keeps).
#
# Every tool failure is fatal, and the script says how many objects and weak symbols it examined,
# so it cannot pass without looking (tests/batch/kernel-symbols-selftest.sh shows it failing).
#
# Usage: kernel-symbols.sh OBJECT...   or   kernel-symbols.sh --objects-from FILE (one per line)
# NM and OBJDUMP name the binutils to use (default nm and objdump; a cross build passes its own).
set -euo pipefail
nm_tool=${NM:-nm} objdump_tool=${OBJDUMP:-objdump}

objects=()
if [ "${1:-}" = --objects-from ]; then
  [ $# -eq 2 ] || { echo "usage: kernel-symbols.sh --objects-from FILE" >&2; exit 2; }
  mapfile -t objects < <(grep -v '^$' "$2")
else
  objects=("$@")
fi
[ ${#objects[@]} -ge 2 ] || { echo "kernel-symbols: needs the engine's objects, got ${#objects[@]}" >&2; exit 2; }

# Shared on purpose, and safe: compiler helpers with no vector code.
allowed='^(DW\.ref\.__gxx_personality_v0|__clang_call_terminate)$'

kernels=() others=()
for o in "${objects[@]}"; do
  [ -f "$o" ] || { echo "kernel-symbols: no such object file: $o" >&2; exit 2; }
  case "$o" in */kernels_*.o) kernels+=("$o") ;; *) others+=("$o") ;; esac
done
[ ${#kernels[@]} -ge 1 ] || { echo "kernel-symbols: no kernels_*.o among the ${#objects[@]} objects" >&2; exit 2; }
[ ${#others[@]} -ge 1 ] || { echo "kernel-symbols: no object besides the kernels" >&2; exit 2; }

# The symbols an object defines (of the given nm types), one per line. nm's failure stops the script.
symbols() {  # symbols OBJECT TYPES_REGEX
  local listing
  listing=$("$nm_tool" --defined-only "$1") || { echo "kernel-symbols: $nm_tool failed on $1" >&2; exit 2; }
  awk -v types="$2" '$2 ~ types {print $3}' <<<"$listing" | sort -u
}
# The instructions of one function, without addresses or relocation offsets.
code() {
  local listing
  listing=$("$objdump_tool" -d --no-show-raw-insn --no-addresses "$1") ||
    { echo "kernel-symbols: $objdump_tool failed on $1" >&2; exit 2; }
  awk -v head="<$2>:" '$0 == head && !done {on = 1; next} on && /^$/ {on = 0; done = 1} on' <<<"$listing"
}

status=0 weak_total=0 compared=0
for k in "${kernels[@]}"; do
  weak=$(symbols "$k" '^[WV]$' | { grep -Ev "$allowed" || true; })
  weak_total=$((weak_total + $(grep -c . <<<"$weak" || true)))
  for o in "${kernels[@]}" "${others[@]}"; do
    [ "$o" = "$k" ] && continue
    defined=$(symbols "$o" '^[TWV]$')
    shared=""
    for sym in $(comm -12 <(echo "$weak") <(echo "$defined")); do
      compared=$((compared + 1))
      mine=$(code "$k" "$sym")
      [ -n "$mine" ] && [ "$mine" = "$(code "$o" "$sym")" ] || shared+="$sym"$'\n'
    done
    shared=$(echo -n "$shared" | { grep -v '^$' || true; })
    if [ -n "$shared" ]; then
      echo "$(basename "$k") and $(basename "$o") both define, with different code:"
      echo "$shared" | c++filt | sed 's/^/  /'
      status=1
    fi
  done
done
echo "kernel objects: ${#kernels[@]}, other objects: ${#others[@]}, weak symbols in kernel objects: $weak_total," \
     "defined elsewhere too and compared: $compared"
[ $status -eq 0 ] && echo "no weak symbol of a kernel object shared with another object (other than identical code)"
exit $status
