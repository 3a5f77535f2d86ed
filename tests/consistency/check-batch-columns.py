#!/usr/bin/env python3
"""The batch path's player columns, one list: the C++ struct PlayerColumns (include/llamawool/batch.hpp)
is the source; every other place that lists the columns must give the same names in the same order:
  - for_each_common_column in the same header (which column the advance kernels write),
  - the C ABI's lw_batch_columns (bindings/c/include/llamawool.h, snake_case; its layout is the ABI),
  - the C ABI's copy into the C++ struct (bindings/c/src/batch.cpp, to_cpp),
  - the npm package's COMMON_COLUMNS (bindings/wasm/package/batch.js), which computes the offsets
    of the C struct in wasm memory from that order.
Fails naming the file and the first difference.  Usage: check-batch-columns.py REPO_ROOT"""
import os
import re
import sys

root = sys.argv[1]


def read(path):
    with open(os.path.join(root, path), encoding="utf-8") as f:
        return f.read()


def block(text, start, end, what):
    m = re.search(re.escape(start) + r"(.*?)" + re.escape(end), text, re.S)
    if not m:
        sys.exit(f"check-batch-columns: {what}: cannot find the block starting with {start!r}")
    return m.group(1)


def snake(name):
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


header = read("include/llamawool/batch.hpp")
struct = block(header, "struct PlayerColumns {", "\n};", "include/llamawool/batch.hpp")
source = re.findall(r"double\*\s+(\w+)\s*=\s*nullptr;", struct)  # wool[] and buildingLevels[] are arrays
if len(source) < 10:
    sys.exit(f"check-batch-columns: include/llamawool/batch.hpp: found only {source} in PlayerColumns")

lists = {
    "include/llamawool/batch.hpp (for_each_common_column)":
        re.findall(r"fn\(c\.(\w+),", block(header, "void for_each_common_column(Columns& c, Fn fn) {", "}", "for_each_common_column")),
    "bindings/c/include/llamawool.h (lw_batch_columns, snake_case)":
        re.findall(r"double \*(\w+);", block(read("bindings/c/include/llamawool.h"), "typedef struct lw_batch_columns {", "} lw_batch_columns;", "llamawool.h")),
    "bindings/c/src/batch.cpp (to_cpp)":
        re.findall(r"p\.(?!count\b)(\w+) = c\.\w+;", block(read("bindings/c/src/batch.cpp"), "llamawool::PlayerColumns to_cpp(", "return p;", "batch.cpp")),
    "bindings/wasm/package/batch.js (COMMON_COLUMNS)":
        re.findall(r"'(\w+)'", block(read("bindings/wasm/package/batch.js"), "export const COMMON_COLUMNS = [", "];", "batch.js")),
}
# to_cpp also copies each C field into its C++ namesake: p.soulShears = c.soul_shears.
pairs = re.findall(r"p\.(\w+) = c\.(\w+);", block(read("bindings/c/src/batch.cpp"), "llamawool::PlayerColumns to_cpp(", "return p;", "batch.cpp"))

failures = []
for where, names in lists.items():
    expected = [snake(n) for n in source] if "snake_case" in where else source
    if names != expected:
        first = next((i for i, (a, b) in enumerate(zip(names, expected)) if a != b), min(len(names), len(expected)))
        got = names[first] if first < len(names) else "(end)"
        want = expected[first] if first < len(expected) else "(end)"
        failures.append(f"{where}: column {first} is {got}, PlayerColumns has {want}")
for cpp, c in pairs:
    if snake(cpp) != c:
        failures.append(f"bindings/c/src/batch.cpp (to_cpp): p.{cpp} is copied from c.{c}, not c.{snake(cpp)}")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"batch columns: {len(source)} columns agree in {len(lists)} places")
