#!/usr/bin/env bash
# Installs the build into a temporary prefix and builds examples/c-host against the installed
# files three ways, each run through the hosts' scenario of docs/c-abi.md (examples/run-host.sh):
#  1. as a standalone CMake project, find_package(llamawool) -> llamawool::llamawool (shared);
#  2. with pkg-config --cflags --libs llamawool (shared);
#  3. with the self-contained static archive libllamawool_static.a;
# then the C++ host examples/cpp-embed as a standalone CMake project, find_package(llamawool) ->
# llamawool::engine, whose output must be the one its in-tree test expects.
# Usage: install-test.sh BUILD_DIR REPO_ROOT C_COMPILER CXX_COMPILER
set -euo pipefail
build=$(realpath "$1") root=$(realpath "$2") cc=$3 cxx=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"

cmake --install "$build" --prefix "$prefix" >/dev/null
test -f "$prefix/include/llamawool.h"
libdir=$(dirname "$(find "$prefix" -name 'libllamawool.so' | head -n 1)")

echo "--- find_package(llamawool)"
cmake -S "$root/examples/c-host" -B "$work/host-cmake" -G Ninja -DCMAKE_C_COMPILER="$cc" \
      -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/host-cmake" >/dev/null
bash "$root/examples/run-host.sh" "$root" "$work/host-cmake/c-host"

echo "--- pkg-config llamawool"
flags=$(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags --libs llamawool)
# shellcheck disable=SC2086  # the flags are words
"$cc" -std=c99 -Wall -Wextra -Werror -pedantic "$root/examples/c-host/main.c" $flags -Wl,-rpath,"$libdir" \
      -o "$work/c-host-pkgconfig"
bash "$root/examples/run-host.sh" "$root" "$work/c-host-pkgconfig"

echo "--- libllamawool_static.a"
static_libs=$(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --libs-only-l --static llamawool | sed 's/-lllamawool//')
# shellcheck disable=SC2086
"$cc" -std=c99 -Wall -Wextra -Werror -pedantic -I"$prefix/include" "$root/examples/c-host/main.c" \
      "$libdir/libllamawool_static.a" $static_libs -o "$work/c-host-static"
if ldd "$work/c-host-static" | grep -q libllamawool; then echo "the static host links libllamawool.so"; exit 1; fi
bash "$root/examples/run-host.sh" "$root" "$work/c-host-static"

echo "--- find_package(llamawool) -> llamawool::engine (C++)"
cmake -S "$root/examples/cpp-embed" -B "$work/embed-cmake" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
      -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/embed-cmake" >/dev/null
bash "$root/tests/expect-output.sh" \
     "building_locked building: .lab. needs factory >= 3.*barn level 1, basic wool [0-9.]+, stateHash [0-9a-f]+, reload ok" \
     "$work/embed-cmake/cpp_embed_example"
echo "install test: 4 hosts built against the installed prefix"
