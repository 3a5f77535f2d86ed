#!/usr/bin/env bash
# Checks the dynamic symbol table of libllamawool.so: it exports exactly the functions that
# llamawool.h declares with LW_API, every one with the lw_ prefix, and nothing else (no engine
# C++ symbols, no C++ runtime template instantiations).
# Usage: check-exports.sh LIBRARY HEADER
set -euo pipefail
lib=$1 header=$2

exported=$(nm -D --defined-only "$lib" | awk '{print $NF}' | sort)
declared=$(grep -oE '^LW_API [^(]*\(' "$header" | sed -E 's/.*[ *]([A-Za-z_0-9]+)\($/\1/' | sort)

status=0
foreign=$(grep -v '^lw_' <<<"$exported" || true)
if [ -n "$foreign" ]; then
  echo "exported symbols without the lw_ prefix:"; echo "$foreign"; status=1
fi
missing=$(comm -23 <(echo "$declared") <(echo "$exported"))
if [ -n "$missing" ]; then
  echo "declared in $(basename "$header") but not exported:"; echo "$missing"; status=1
fi
extra=$(comm -13 <(echo "$declared") <(echo "$exported"))
if [ -n "$extra" ]; then
  echo "exported but not declared in $(basename "$header"):"; echo "$extra"; status=1
fi
echo "exports: $(wc -l <<<"$exported") symbols, $(wc -l <<<"$declared") declared"
exit "$status"
