#!/usr/bin/env bash
# Runs the worked command-line examples of the documentation (the console blocks between
# <!-- cli-example:begin --> and <!-- cli-example:end -->; they were the README's until it was cut
# to a newcomer's page) and checks that every command prints exactly what the page shows.
# Each page runs in a fresh folder, with the repository's examples/ and tests/ beside it, as if
# from the repository root. Every tracked Markdown file with a block must be among the pages, so
# that no example goes unchecked; scripts/update-readme-examples rewrites the blocks.
# Usage: readme-example.sh LLAMAWOOL_BINARY REPO_ROOT PAGE.md...   (pages relative to REPO_ROOT)
set -euo pipefail
bin=$(realpath "$1") root=$(realpath "$2")
shift 2
[ $# -ge 1 ] || { echo "usage: readme-example.sh LLAMAWOOL_BINARY REPO_ROOT PAGE.md..."; exit 2; }

# Blocks in pages the test was not told about would go unchecked.
for page in $(cd "$root" && git ls-files '*.md' | xargs grep -lx '<!-- cli-example:begin -->' || true); do
  case " $* " in *" $page "*) ;; *) echo "$page has a cli-example block that no test runs: add it"; exit 1 ;; esac
done

total_failed=0
for page in "$@"; do
  work=$(mktemp -d)
  mkdir -p "$work/bin"
  ln -s "$bin" "$work/bin/llamawool"
  ln -s "$root/examples" "$work/examples"
  ln -s "$root/tests" "$work/tests"

  # Split the blocks into commands ("$ ...") and the output expected after each.
  awk '/<!-- cli-example:begin -->/{on=1; next} /<!-- cli-example:end -->/{on=0} on' "$root/$page" \
    | grep -v '^```' > "$work/block.txt" || true
  [ -s "$work/block.txt" ] || { echo "$page has no cli-example block"; rm -rf "$work"; exit 1; }

  n=0 failed=0
  cmd="" expected=""
  run_one() {
    [ -z "$cmd" ] && return 0
    n=$((n + 1))
    actual=$(cd "$work" && PATH="$work/bin:$PATH" bash -c "$cmd" 2>&1) || true
    if [ "$actual" != "$expected" ]; then
      echo "$page: example command differs: \$ $cmd"
      diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") | head -20 || true
      failed=$((failed + 1))
    fi
  }
  while IFS= read -r line; do
    if [[ "$line" == '$ '* ]]; then
      run_one
      cmd=${line#\$ } expected=""
    else
      expected+="${expected:+$'\n'}$line"
    fi
  done < "$work/block.txt"
  run_one
  rm -rf "$work"
  [ "$n" -ge 3 ] || { echo "$page: its example block has only $n commands: was it cut?"; exit 1; }
  echo "$page: $((n - failed)) example commands passed, $failed failed"
  total_failed=$((total_failed + failed))
done
[ "$total_failed" -eq 0 ]
