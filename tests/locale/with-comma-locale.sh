#!/usr/bin/env bash
# Runs a command in a locale whose decimal point is a comma (de_DE.UTF-8), to check that a host
# which calls setlocale(LC_ALL, "") gets the same bytes as in the "C" locale.
#
# The locale is compiled with localedef (Debian's `locales` package has its source) into
# $LLAMAWOOL_LOCALE_DIR (kept between runs; the build tree's comma-locale/ under ctest) or else a
# temporary folder, so the machine needs no generated locales and no root. The script first proves
# that the locale is in effect (a C-level setlocale in it gives "," as the decimal point), so the
# command's test cannot pass merely because the locale silently failed to load.
#
# Usage: with-comma-locale.sh COMMAND [ARG...]
set -euo pipefail

dir=${LLAMAWOOL_LOCALE_DIR:-}
if [ -z "$dir" ]; then
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
fi
if [ ! -d "$dir/de_DE.UTF-8" ]; then
  mkdir -p "$dir"
  staging=$(mktemp -d "$dir/.staging.XXXXXX")
  # localedef exits 1 on warnings it still compiles through; the check below is what counts.
  localedef -i de_DE -f UTF-8 "$staging/de_DE.UTF-8" >/dev/null 2>&1 || true
  mv -T "$staging/de_DE.UTF-8" "$dir/de_DE.UTF-8" 2>/dev/null || true  # another run may have won
  rm -rf "$staging"
fi

# LANGUAGE=en keeps the messages of the tools a test calls (ls, diff) untranslated; numbers still
# follow de_DE.
in_locale=(env LANGUAGE=en LOCPATH="$dir" LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8)
point=$("${in_locale[@]}" locale -k decimal_point 2>&1)
if [ "$point" != 'decimal_point=","' ]; then
  echo "with-comma-locale: could not make de_DE.UTF-8 with a comma decimal point (locale says: $point)" >&2
  exit 1
fi
echo "with-comma-locale: LC_ALL=de_DE.UTF-8 (decimal point ','): $*"
"${in_locale[@]}" "$@"
