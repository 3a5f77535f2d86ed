#!/usr/bin/env bash
# Runs a host example (examples/c-host, examples/python-host) through the scenario of docs/c-abi.md
# ("Hosts"), in a fresh folder, and checks that it prints exactly examples/host-output.txt, which
# that page shows.
# The scenario: three players start from examples/server/new-farm.json; alice sends an honest
# batch (accepted) and then the same batch again (rebased), bob shears too fast (rejected), carol
# claims a forged hash (desync).
# Usage: run-host.sh REPO_ROOT HOST_COMMAND [ARG...]
set -euo pipefail
root=$(realpath "$1"); shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ln -s "$root/examples" "$work/examples"
for player in alice bob carol; do cp "$root/examples/server/new-farm.json" "$work/$player.json"; done

(cd "$work" && "$@" 1700000003000 \
    alice.json examples/server/honest-request.json \
    bob.json examples/server/too-fast-request.json \
    carol.json examples/server/forged-request.json \
    alice.json examples/server/honest-request.json) > "$work/output.txt"

diff -u "$root/examples/host-output.txt" "$work/output.txt"
# The saves were written: alice's is the accepted state.
grep -q '"stateHash": "035d8be084489025"' "$work/alice.json"
# docs/c-abi.md shows this output verbatim.
python3 - "$root/docs/c-abi.md" "$root/examples/host-output.txt" <<'PY'
import sys
page, expected = (open(p, encoding="utf-8").read() for p in sys.argv[1:3])
if expected not in page:
    sys.exit("docs/c-abi.md does not show examples/host-output.txt verbatim")
PY
echo "host example: output as expected"
