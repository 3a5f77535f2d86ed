#!/usr/bin/env bash
# The README is what a newcomer reads first: it must fit on a few screens (issue #14, 12 KB).
# References, hosts, figures and decisions belong in docs/ and the examples' own READMEs.
# Usage: readme-size.sh REPO_ROOT [LIMIT_BYTES]
set -euo pipefail
readme="$1/README.md" limit=${2:-12000}
size=$(wc -c < "$readme")
if [ "$size" -gt "$limit" ]; then
  echo "README.md is $size bytes, over the limit of $limit: move details to docs/"
  exit 1
fi
echo "README.md: $size bytes (limit $limit)"
