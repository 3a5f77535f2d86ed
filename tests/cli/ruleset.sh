#!/usr/bin/env bash
# `llamawool ruleset show` prints the embedded ruleset byte for byte and `ruleset check` accepts it
# and the example events ruleset; a broken ruleset is refused with its JSON path and the bad value,
# by `ruleset check` and by `--ruleset` on other commands, which then write nothing.
# Usage: ruleset.sh LLAMAWOOL_BINARY REPO_ROOT
bin=$(realpath "$1") root=$(realpath "$2")
# shellcheck source=check-lib.sh
source "$(dirname "$0")/check-lib.sh"

if "$bin" ruleset show >shown.json && cmp -s shown.json "$root/engine/rulesets/llama-wool-farm-1.json"; then
  ok "ruleset show prints engine/rulesets/llama-wool-farm-1.json"
else
  bad "ruleset show differs from the embedded file"
fi
"$bin" ruleset show -o shown-o.json && cmp -s shown.json shown-o.json && ok "ruleset show -o FILE" || bad "ruleset show -o"
if "$bin" ruleset show | "$bin" ruleset check - >check.txt 2>&1 && grep -q '^-: ok: ruleset "llama-wool-farm/1", contentHash [0-9a-f]\{16\}; 10 wool types, 8 buildings, 13 upgrades, 15 achievements, 0 events$' check.txt; then
  ok "ruleset show | ruleset check -"
else
  bad "ruleset check of the default: $(cat check.txt)"
fi
if "$bin" ruleset check "$root/examples/rulesets/live-ops-events.json" >check.txt 2>&1 && grep -q "4 events" check.txt &&
   grep -q "event double_wool_weekend: \[1700179200000, 1700352000000), 48 h: production x2" check.txt; then
  ok "ruleset check examples/rulesets/live-ops-events.json"
else
  bad "events example: $(cat check.txt)"
fi

# broken NAME EXPECTED PYTHON: the default ruleset changed by PYTHON (on `d`, the parsed document)
# must be refused with EXPECTED (JSON path and value) on stderr, exit code 1.
broken() {
  local name=$1 expected=$2 change=$3
  python3 -c "import json,sys; d=json.load(open('shown.json')); $change; json.dump(d, open('$name.json','w'), indent=1)"
  "$bin" ruleset check "$name.json" >out.txt 2>err.txt
  local rc=$?
  if [ "$rc" -ne 1 ]; then bad "$name: exit code $rc"; return; fi
  if ! grep -qF -- "$expected" err.txt; then bad "$name: stderr lacks '$expected': $(cat err.txt)"; return; fi
  if grep -q "json.exception" err.txt; then bad "$name: exception tag in $(cat err.txt)"; return; fi
  ok "$name: $(cat err.txt)"
}
broken unknown-requirement 'buildings[3].requires[0].building: unknown building "fatcory"' \
  "d['buildings'][3]['requires'][0]['building'] = 'fatcory'"
broken negative-value 'wool[2].baseValue' "d['wool'][2]['baseValue'] = -12"
broken misspelt-field 'upgrades[0].cots: unknown field (did you mean "cost"?)' "d['upgrades'][0]['cots'] = d['upgrades'][0].pop('cost')"
broken event-backwards 'events[0].endMs: must be after startMs (1700179200000), got 1700000000000' \
  "d['events'] = [{'id': 'e', 'startMs': 1700179200000, 'endMs': 1700000000000, 'effects': {'production': 2}}]"
broken event-effect 'events[0].effects.speed: unknown field' \
  "d['events'] = [{'id': 'e', 'startMs': 1, 'endMs': 2, 'effects': {'speed': 2}}]"
broken duplicate-id 'wool[1].id: duplicate id "basic"' "d['wool'][1]['id'] = 'basic'"
broken missing-constant 'constants.clickBurst' "del d['constants']['clickBurst']"
printf '{"format": "llamawool-ruleset", "id": ' >not-json.json
"$bin" ruleset check not-json.json 2>err.txt
if [ $? -eq 1 ] && grep -q "not-json.json: ruleset is not valid JSON: parse error at line 1, column" err.txt && ! grep -q json.exception err.txt; then
  ok "not JSON: $(cat err.txt)"; else bad "not JSON: $(cat err.txt)"; fi

# Several files: each is reported, and the exit code is 1 if any is broken.
"$bin" ruleset check shown.json unknown-requirement.json >out.txt 2>err.txt
if [ $? -eq 1 ] && grep -q "^shown.json: ok" out.txt && grep -q "unknown-requirement.json: buildings\[3\]" err.txt; then
  ok "check of two files, one broken"; else bad "two files: $(cat out.txt err.txt)"; fi
"$bin" ruleset check >/dev/null 2>&1; [ $? -eq 2 ] && ok "ruleset check without FILE: exit 2" || bad "ruleset check without FILE"

# --ruleset with a broken file: exit 1, the path named, nothing written.
"$bin" new --player p-1 --t 1700000000000 --ruleset unknown-requirement.json -o never.json 2>err.txt
if [ $? -eq 1 ] && [ ! -e never.json ] && grep -q "unknown-requirement.json: buildings\[3\].requires\[0\].building" err.txt; then
  ok "new --ruleset BROKEN: refused, nothing written"; else bad "new --ruleset BROKEN: $(cat err.txt)"; fi
"$bin" simulate --bots 4 --days 1 --ruleset negative-value.json --out never-dir 2>err.txt >/dev/null
if [ $? -eq 1 ] && [ ! -e never-dir ] && grep -q "wool\[2\].baseValue" err.txt; then
  ok "simulate --ruleset BROKEN: refused, nothing written"; else bad "simulate --ruleset BROKEN: $(cat err.txt)"; fi
"$bin" simulate --bots 4 --days 1 --compare misspelt-field.json --out never-dir 2>err.txt >/dev/null
if [ $? -eq 1 ] && [ ! -e never-dir ] && grep -q "upgrades\[0\].cots" err.txt; then
  ok "simulate --compare BROKEN: refused, nothing written"; else bad "simulate --compare BROKEN: $(cat err.txt)"; fi

finish "ruleset"
