#!/usr/bin/env bash
# Installs the build into a temporary prefix and builds examples/c-host against the installed
# files three ways, each run through the hosts' scenario of docs/c-abi.md (examples/run-host.sh):
#  1. as a standalone CMake project, find_package(llamawool) -> llamawool::llamawool (shared);
#  2. with pkg-config --cflags --libs llamawool (shared);
#  3. with the self-contained static archive libllamawool_static.a.
# Usage: install-test.sh BUILD_DIR REPO_ROOT C_COMPILER
set -euo pipefail
build=$(realpath "$1") root=$(realpath "$2") cc=$3
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
echo "install test: 3 hosts built against the installed prefix"
