#!/usr/bin/env bash
# `llamawool import-pwa`: a PWA GameSave becomes a save that the CLI loads, the report lists what was
# not mapped, and every broken GameSave fails with a message naming the field, exits non-zero and
# writes nothing (an existing output file is left as it was).
# Usage: import-pwa.sh LLAMAWOOL_BINARY REPO_ROOT
set -uo pipefail
bin=$(realpath "$1") root=$(realpath "$2")
pwa="$root/tests/data/pwa"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

passed=0 failed=0
check() {  # check NAME PROBLEM: an empty PROBLEM passes
  if [ -z "$2" ]; then
    passed=$((passed + 1))
    echo "ok   $1"
  else
    failed=$((failed + 1))
    echo "FAIL $1:$2"
  fi
}
contains() { grep -qF -- "$2" "$1"; }

# 1. The mid-game GameSave with -o: the save goes to the file, the report to stdout, stderr stays empty.
problem=""
"$bin" import-pwa "$pwa/mid-game.json" -o farm.json >report.json 2>err.txt || problem+=" exit $?"
[ -s farm.json ] || problem+=" no farm.json"
[ ! -s err.txt ] || problem+=" stderr: $(cat err.txt)"
contains report.json '{"format":"GameSave","unmapped":[{"path":"timestamp","value":1732544125000,' || problem+=" report lacks format or timestamp"
contains report.json '"carried":{"goldenFleece":"3","settings":{' || problem+=" report lacks carried fields"
contains report.json '"colorBlindMode": true,' || problem+=" settings not verbatim"
contains farm.json '"format": "llamawool-save"' || problem+=" not a llamawool save"
"$bin" inspect farm.json >inspect.txt 2>&1 || problem+=" inspect failed: $(cat inspect.txt)"
contains inspect.txt 'player 3f6c2a1e-8b4d-4c7a-9e2f-5a1b7d9c0e42 at t = 1732544125000' || problem+=" inspect: wrong player or time"
grep -Eq '^barn +25 ' inspect.txt || problem+=" inspect: barn is not level 25"
grep -Eq '^factory +2 ' inspect.txt || problem+=" inspect: factory is not level 2"
contains inspect.txt 'upgrades owned: sharp_shears better_tools caffeine_pills auto_clicker smart_scheduling' || problem+=" inspect: upgrades"
contains inspect.txt 'achievements: 8 of 15' || problem+=" inspect: achievements"
contains inspect.txt 'soul shears 1.00 (prestiges 1)' || problem+=" inspect: soul shears"
echo '[{"t": 1732544185000, "type": "tick"}, {"t": 1732544185000, "type": "shear", "count": 20}]' >actions.json
"$bin" apply farm.json actions.json -o farm.json >apply.txt 2>&1 || problem+=" apply failed: $(cat apply.txt)"
contains apply.txt 'applied 2 of 2 actions' || problem+=" apply: $(tail -1 apply.txt)"
check "mid-game.json -o: save loads, plays, report on stdout" "$problem"

# 2. Without -o (and from stdin): the save on stdout, the report on stderr.
problem=""
"$bin" import-pwa - <"$pwa/unknown-ids.json" >stdout.json 2>stderr.json || problem+=" exit $?"
contains stdout.json '"playerId": "b71e4d09-2c5a-4f3e-8d61-0a9c3e7f5b28"' || problem+=" stdout is not the save"
"$bin" inspect stdout.json >/dev/null 2>&1 || problem+=" the save on stdout does not load"
for entry in '"path":"woolCounts.mythic","value":"42"' '"path":"buildings.windmill","value":{"level":3,"unlocked":true}' \
             '"path":"buildings.barn.baseCost","value":"10"' '"path":"purchasedUpgrades[1]","value":"golden_scissors"' \
             '"path":"purchasedUpgrades[3]","value":"sharp_shears"' '"path":"unlockedAchievements[1]","value":"speed_runner"' \
             '"path":"deviceId","value":"ipad-kitchen"'; do
  contains stderr.json "$entry" || problem+=" report lacks $entry"
done
contains stdout.json 'unmapped' && problem+=" the report leaked into the save"
check "unknown-ids.json from stdin: save on stdout, report on stderr" "$problem"

# 3. --now: a lastSaveTime in the host's future is refused.
problem=""
"$bin" import-pwa "$pwa/mid-game.json" --now 1732544000000 -o future.json >out.txt 2>err.txt && problem+=" exit 0"
contains err.txt 'lastSaveTime' || problem+=" stderr lacks lastSaveTime"
[ ! -e future.json ] || problem+=" wrote future.json"
"$bin" import-pwa "$pwa/mid-game.json" --now 1732544125000 -o now.json >/dev/null 2>&1 || problem+=" refused at now = lastSaveTime"
check "--now" "$problem"

# 4. Broken GameSaves: non-zero exit, the field named on stderr, nothing written, nothing replaced.
declare -A expect=(
  [broken-not-json.json]="not valid JSON"
  [broken-version.json]='version: must be "1.0.0"'
  [broken-negative-wool.json]="woolCounts.silver: must not be negative"
  [broken-nan-amount.json]='totalWoolProduced: must be a decimal number string, got "NaN"'
  [broken-missing-player-id.json]="playerId: missing required field"
  [broken-wool-counts-not-object.json]="woolCounts: must be an object"
)
for fixture in "${!expect[@]}"; do
  problem=""
  rm -f out.json stdout.txt
  "$bin" import-pwa "$pwa/$fixture" -o out.json >stdout.txt 2>stderr.txt
  rc=$?
  [ "$rc" -eq 1 ] || problem+=" exit code $rc"
  contains stderr.txt "${expect[$fixture]}" || problem+=" stderr lacks '${expect[$fixture]}': $(cat stderr.txt)"
  [ ! -e out.json ] || problem+=" wrote out.json"
  [ ! -s stdout.txt ] || problem+=" wrote to stdout"
  # Without -o nothing reaches stdout either, and an existing file given to -o keeps its bytes.
  "$bin" import-pwa "$pwa/$fixture" >stdout.txt 2>/dev/null && problem+=" exit 0 without -o"
  [ ! -s stdout.txt ] || problem+=" wrote a save to stdout"
  cp farm.json keep.json
  "$bin" import-pwa "$pwa/$fixture" -o keep.json >/dev/null 2>&1 && problem+=" exit 0 over keep.json"
  cmp -s farm.json keep.json || problem+=" replaced keep.json"
  leftovers=$(ls -a | grep '\.tmp\.' || true)
  [ -z "$leftovers" ] || problem+=" left $leftovers"
  check "$fixture: $(cat stderr.txt)" "$problem"
done

# 5. What the real upstream client writes (tests/data/pwa/upstream-*.json): the SyncEngine's
# initial and merged states import, the format named and the checksum verified or reported.
declare -A upstream=(
  [upstream-sync-initial.json]='{"format":"VersionedGameState","checksum":{"status":"empty","given":"","computed":"-'
  [upstream-sync-merged.json]='{"format":"VersionedGameState (sync-merged)","checksum":{"status":"verified","given":"2bca13ec","computed":"2bca13ec"},'
  [upstream-versioned.json]='{"format":"VersionedGameState","checksum":{"status":"verified","given":"-7aef7ef8","computed":"-7aef7ef8"},'
  [upstream-sync-merged-edited.json]='"checksum":{"status":"mismatch","given":"2bca13ec","computed":"-492a32fd"},'
)
for fixture in "${!upstream[@]}"; do
  problem=""
  rm -f up.json
  "$bin" import-pwa "$pwa/$fixture" -o up.json >report.json 2>err.txt || problem+=" exit $?: $(cat err.txt)"
  contains report.json "${upstream[$fixture]}" || problem+=" report lacks '${upstream[$fixture]}': $(head -c 300 report.json)"
  "$bin" inspect up.json >inspect.txt 2>&1 || problem+=" inspect failed: $(cat inspect.txt)"
  contains inspect.txt 'player player_1732600000000_k2x9q7m1z' || problem+=" inspect: wrong player"
  check "$fixture" "$problem"
done
problem=""
"$bin" import-pwa "$pwa/upstream-sync-initial.json" -o up.json >report.json 2>/dev/null
contains report.json '{"path":"woolCounts.quantum","value":null,"reason":"missing; imported as 0"}' || problem+=" no missing wool entry"
contains report.json '{"path":"buildings.dimensionGate","value":null,"reason":"missing; imported as level 0"}' || problem+=" no missing building entry"
"$bin" import-pwa "$pwa/upstream-sync-merged.json" -o up.json >/dev/null 2>&1
grep -Eq '^barn +7 ' <("$bin" inspect up.json) || problem+=" merged: barn is not level 7"
check "missing entries are zero and reported" "$problem"
problem=""
rm -f old.json
"$bin" import-pwa "$pwa/upstream-savedata.json" -o old.json >stdout.txt 2>stderr.txt && problem+=" exit 0"
contains stderr.txt "gameData: this is the SaveData of the PWA's Phaser SaveSystem (gameData {level, score, lives, time, powerUps, achievements, lastSaved}" || problem+=" no hint: $(cat stderr.txt)"
contains stderr.txt "(invalid_pwa_save)" || problem+=" wrong code"
[ ! -e old.json ] || problem+=" wrote old.json"
check "upstream-savedata.json is refused with what it is" "$problem"

# 6. Usage errors exit 2.
problem=""
"$bin" import-pwa >/dev/null 2>&1; [ $? -eq 2 ] || problem+=" no argument"
"$bin" import-pwa a.json b.json >/dev/null 2>&1; [ $? -eq 2 ] || problem+=" two arguments"
"$bin" import-pwa "$pwa/mid-game.json" --now soon >/dev/null 2>&1; [ $? -eq 2 ] || problem+=" bad --now"
"$bin" import-pwa "$work/missing.json" >/dev/null 2>&1; [ $? -eq 1 ] || problem+=" missing file"
check "usage errors" "$problem"

echo "import-pwa: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
