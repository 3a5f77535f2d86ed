#!/usr/bin/env bash
# Runs the worked example of README.md (the console block between the readme-example markers)
# and checks that every command prints exactly what the README shows.
# Usage: readme-example.sh LLAMAWOOL_BINARY REPO_ROOT
set -euo pipefail
bin=$1 root=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
ln -s "$(realpath "$bin")" "$work/bin/llamawool"
ln -s "$root/examples" "$work/examples"
ln -s "$root/tests" "$work/tests"

# Split the block into commands ("$ ...") and the output expected after each.
awk '/<!-- readme-example:begin -->/{on=1; next} /<!-- readme-example:end -->/{on=0} on' "$root/README.md" \
  | grep -v '^```' > "$work/block.txt"
[ -s "$work/block.txt" ] || { echo "README.md has no readme-example block"; exit 1; }

n=0 failed=0
cmd="" expected=""
run_one() {
  [ -z "$cmd" ] && return 0
  n=$((n + 1))
  actual=$(cd "$work" && PATH="$work/bin:$PATH" bash -c "$cmd" 2>&1) || true
  if [ "$actual" != "$expected" ]; then
    echo "README example command differs: \$ $cmd"
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
[ "$n" -ge 5 ] || { echo "README.md's example block has only $n commands: was it cut?"; exit 1; }
echo "README example: $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
