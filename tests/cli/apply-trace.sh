#!/usr/bin/env bash
# `llamawool apply --trace` puts the save after each action on the action's result line: the
# last one is the save written with -o, a refused action's save is the one before it, and each
# save loads back (apply with no actions prints it unchanged). Usage: apply-trace.sh LLAMAWOOL_BINARY REPO_ROOT
set -euo pipefail
bin=$1 root=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin" new --player p-trace --t 1700000000000 -o "$work/start.json"
# Three of the ten actions are refused: apply says so with exit code 3 (docs/cli.md).
rc=0
"$bin" apply "$work/start.json" "$root/examples/first-minute/actions.json" --trace -o "$work/end.json" >"$work/trace.jsonl" 2>/dev/null || rc=$?
[ "$rc" -eq 3 ] || { echo "FAIL: apply with refused actions exited $rc, not 3"; exit 1; }
echo '[]' >"$work/none.json"

python3 - "$work" "$bin" <<'PY'
import json, subprocess, sys
work, binary = sys.argv[1], sys.argv[2]
lines = [json.loads(l) for l in open(f"{work}/trace.jsonl")]
start = open(f"{work}/start.json").read()
end = open(f"{work}/end.json").read()
failures = []
if len(lines) != 10: failures.append(f"expected 10 result lines, got {len(lines)}")
previous = start
for line in lines:
    save = line.get("save")
    if not isinstance(save, str): failures.append(f"line {line['index']}: no save"); continue
    if line["status"] != "ok" and save != previous:
        failures.append(f"line {line['index']}: refused ({line['status']}) but the save changed")
    if line["status"] == "ok" and save == previous:
        failures.append(f"line {line['index']}: accepted but the save did not change")
    # Each traced save is a valid save: applying nothing to it prints it back byte for byte.
    with open(f"{work}/step.json", "w") as f: f.write(save)
    out = subprocess.run([binary, "apply", f"{work}/step.json", f"{work}/none.json"], capture_output=True, text=True)
    if out.returncode != 0 or out.stdout != save:
        failures.append(f"line {line['index']}: traced save does not load back: {out.stderr.strip()}")
    previous = save
if lines and lines[-1].get("save") != end: failures.append("last traced save differs from the -o file")
for f in failures: print("FAIL:", f)
sys.exit(1 if failures else 0)
PY
echo "apply --trace: every step checked"
