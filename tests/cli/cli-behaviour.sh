#!/usr/bin/env bash
# The CLI behaves like one (issue #15, docs/cli.md): every command has its own --help, --name=value
# works, an option given twice is refused, exit codes say what happened (3: actions refused), apply
# without -o leaves only the save on stdout so commands can be piped, typos get a suggestion, JSON
# errors read like the rest, scores --t advances, --ruleset works on every command that plays.
# Usage: cli-behaviour.sh LLAMAWOOL_BINARY REPO_ROOT
bin=$(realpath "$1") root=$(realpath "$2")
# shellcheck source=check-lib.sh
source "$(dirname "$0")/check-lib.sh"

# expect NAME CODE TEXT CMD...: CMD exits CODE and its stderr (or stdout for code 0) contains TEXT.
expect() {
  local name=$1 code=$2 text=$3 rc=0
  shift 3
  "$@" >out.txt 2>err.txt || rc=$?
  if [ "$rc" -ne "$code" ]; then bad "$name: exit code $rc, expected $code; stderr: $(head -c 300 err.txt)"; return; fi
  if [ -n "$text" ] && ! grep -qF -- "$text" out.txt err.txt; then
    bad "$name: output lacks '$text': $(head -c 300 err.txt) $(head -c 300 out.txt)"; return
  fi
  ok "$name"
}

actions=$root/examples/first-minute/actions.json
events=$root/examples/rulesets/live-ops-events.json
"$bin" new --player p-cli --t 1700000000000 -o farm.json || { echo "cannot run $bin"; exit 1; }

# 1. Every command has its own help, on stdout, exit 0, with its usage line and the exit codes.
commands=$("$bin" --help | awk '/^commands:/{on=1; next} /^$/{on=0} on && $1 != "help" && $1 != "version" {print $1 ($2 ~ /^(check|show)$/ ? " " $2 : "")}')
[ "$(echo "$commands" | wc -l)" -ge 15 ] || bad "llamawool --help lists only: $commands"
while IFS= read -r c; do
  # shellcheck disable=SC2086
  if "$bin" $c --help >out.txt 2>err.txt && grep -q "^usage: llamawool $c" out.txt && grep -q "^exit codes:" out.txt &&
     [ ! -s err.txt ]; then ok "$c --help"; else bad "$c --help: $(head -c 200 err.txt)"; fi
done <<<"$commands"
# docs/cli.md shows each command's help as the binary prints it (without the exit-code table).
python3 - "$bin" "$root/docs/cli.md" <<'PY' && ok "docs/cli.md has every command's --help as printed" || bad "docs/cli.md is out of date with --help"
import re, subprocess, sys
binary, doc = sys.argv[1], open(sys.argv[2]).read()
blocks = re.findall(r"### `([a-z -]+)`\n\n```\n(.*?)```", doc, re.S)
problems = []
for name, block in blocks:
    printed = subprocess.run([binary, *name.split(), "--help"], capture_output=True, text=True).stdout
    printed = printed.split("exit codes:")[0].rstrip("\n") + "\n"
    if printed != block:
        problems.append(name)
if len(blocks) < 15 or problems:
    print("docs/cli.md: help differs for", problems, "or too few blocks:", len(blocks))
    sys.exit(1)
PY
expect "help apply = apply --help" 0 "usage: llamawool apply STATE ACTIONS" "$bin" help apply
expect "apply -h" 0 "--trace" "$bin" apply -h

# 2. --name=value is --name value.
"$bin" new --player p-cli --t 1700000000000 >a.json
"$bin" new --player=p-cli --t=1700000000000 >b.json
if cmp -s a.json b.json; then ok "--t=MS and --player=ID"; else bad "--t=MS differs from --t MS"; fi
"$bin" apply farm.json "$actions" --now=1700030000000 -o=x.json >/dev/null 2>err.txt
if [ $? -eq 2 ] && grep -q "no '=' after a one-letter option" err.txt && [ ! -e =x.json ] && [ ! -e x.json ]; then
  ok "-o=FILE is refused, not a file named =FILE"; else bad "-o=FILE: $(cat err.txt)"; fi

# 3. An option given twice is refused (exit 2), and nothing is written.
expect "repeated --t" 2 "--t is given more than once" "$bin" new --t 1700000000000 --t 1700000000001 -o twice.json
[ ! -e twice.json ] && ok "repeated option: nothing written" || bad "repeated option wrote twice.json"
expect "repeated -o" 2 "-o is given more than once" "$bin" apply farm.json "$actions" -o one.json -o two.json
expect "repeated flag" 2 "--trace is given more than once" "$bin" apply farm.json "$actions" --trace --trace
expect "option without its value" 2 "--now needs a value" "$bin" apply farm.json "$actions" --now

# 4. Exit codes: 0 all applied, 3 some refused (the save is still written), 1 bad input, 2 usage.
echo '[{"t":1700000001000,"type":"shear","count":20}]' >good.json
expect "apply, all accepted: exit 0" 0 "" "$bin" apply farm.json good.json -o all.json
expect "apply, 3 of 10 refused: exit 3" 3 "applied 7 of 10 actions" "$bin" apply farm.json "$actions" -o partial.json
[ -s partial.json ] && ok "exit 3 still writes the save" || bad "exit 3 wrote no save"
expect "apply, unreadable actions: exit 1" 1 "cannot read" "$bin" apply farm.json missing.json
expect "apply, one argument: exit 2" 2 "apply needs STATE and ACTIONS" "$bin" apply farm.json
expect "unknown option: exit 2" 2 "unknown option --bogus" "$bin" apply farm.json "$actions" --bogus
expect "client-batch leaving actions out: exit 3" 3 "left out" "$bin" client-batch farm.json "$actions"

# 5. Without -o, apply prints only the save on stdout: commands pipe.
"$bin" new --player p-pipe --t 1700000000000 | "$bin" apply - "$actions" 2>pipe-err.txt | "$bin" inspect - >pipe.txt 2>&1
status="${PIPESTATUS[*]}"
if [ "$status" = "0 3 0" ] && grep -q "^player p-pipe at t = 1700028806000" pipe.txt && grep -q '"status":"rate_limited"' pipe-err.txt; then
  ok "new | apply - ACTIONS | inspect - (result lines on stderr; exit codes $status)"
else
  bad "new | apply | inspect: $(head -3 pipe.txt)"
fi
"$bin" apply farm.json "$actions" >stdout.json 2>/dev/null
"$bin" apply farm.json "$actions" -o file.json >/dev/null 2>&1
if cmp -s stdout.json file.json; then ok "apply's stdout is exactly the save -o writes"; else bad "apply's stdout is not the save"; fi

# 6. Typos get a suggestion.
echo '[{"t":1700000001000,"type":"sheer","count":1}]' >typo.json
expect "unknown action type" 3 'unknown action type \"sheer\" (did you mean \"shear\"?)' "$bin" apply farm.json typo.json -o t.json
echo '[{"t":1700000001000,"type":"buy_building","building":"barm","quantity":1}]' >typo2.json
expect "unknown building" 3 'unknown building \"barm\" (did you mean \"barn\"?)' "$bin" apply farm.json typo2.json -o t.json
echo '[{"t":1700000001000,"type":"shear","cont":1}]' >typo3.json
expect "unknown field" 3 'unknown field (did you mean \"count\"?)' "$bin" apply farm.json typo3.json -o t.json
expect "unknown option" 2 'unknown option --plaeyr (did you mean "--player"?)' "$bin" new --plaeyr x
expect "unknown command" 2 'unknown command "aply" (did you mean "apply"?)' "$bin" aply farm.json "$actions"
expect "unknown ruleset command" 2 'did you mean "check"?' "$bin" ruleset chek x.json

# 7. Malformed JSON: the position and the problem, not the JSON library's exception tag.
printf '[{"t": 1700000001000, "type": "tick"' >broken.json
expect "malformed actions" 1 "actions is not valid JSON: parse error at line 1" "$bin" apply farm.json broken.json
if grep -q "json.exception" err.txt; then bad "malformed JSON message leaks the exception tag: $(cat err.txt)"; else ok "no [json.exception...] tag"; fi
printf '{"format": ' >broken-save.json
expect "malformed save" 1 "save is not valid JSON: parse error" "$bin" inspect broken-save.json
grep -q "json.exception" err.txt && bad "malformed save message leaks the exception tag" || ok "no tag in save errors"

# 8. scores --t advances to that time (a preview, like inspect --t: the save is not changed).
later=1700072000000  # 20 hours after the save
"$bin" apply farm.json "$actions" -o mid.json >/dev/null 2>&1
cp mid.json mid-before.json
"$bin" scores mid.json >now.txt
"$bin" scores mid.json --t $later >later.txt
"$bin" inspect mid.json --t $later --json >inspect-later.json
"$bin" resume mid.json --t $later --preview >resume-later.json 2>/dev/null
python3 - now.txt later.txt inspect-later.json resume-later.json <<'PY' && cmp -s mid.json mid-before.json && ok "scores --t: the farm advanced to t (value/s = inspect --t, lifetime value = resume --t); nothing written" || bad "scores --t: $(cat now.txt) / $(cat later.txt)"
import json, sys
now, later, inspect, resume = (json.load(open(p)) for p in sys.argv[1:5])
gained = float(resume["valueGained"])
ok = (now != later
      and later["valuePerSecond"] == inspect["production"]["valuePerSecond"]
      and float(later["lifetimeValue"]) == float(now["lifetimeValue"]) + gained)
sys.exit(0 if ok else 1)
PY
expect "scores --t before the save" 2 "is before the save's lastUpdateMs" "$bin" scores farm.json --t 1600000000000

# 9. --ruleset on every command that plays: a save made under the events ruleset is refused under
# the default one and accepted under its own.
expect "new --ruleset" 0 "" "$bin" new --player p-ev --t 1700000000000 --ruleset "$events" -o ev.json
grep -q '"ruleset": "llama-wool-farm/1+live-ops-demo"' ev.json && ok "new --ruleset writes the ruleset's id" || bad "new --ruleset: $(grep ruleset ev.json)"
expect "default ruleset refuses the events save" 1 "ruleset" "$bin" inspect ev.json
for cmd in "apply ev.json $actions -o ev2.json" "inspect ev.json --t 1700179300000" "scores ev.json --t 1700179300000" \
           "resume ev.json --t 1700179300000 --preview" "client-batch ev.json $actions" \
           "sync ev.json request-ev.json --now 1700000003000"; do
  [ "${cmd%% *}" = sync ] && "$bin" client-batch ev.json "$root/examples/server/honest-actions.json" --ruleset "$events" -o request-ev.json
  rc=0
  # shellcheck disable=SC2086
  "$bin" $cmd --ruleset "$events" >out.txt 2>err.txt || rc=$?
  if [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ]; then ok "${cmd%% *} --ruleset"; else bad "${cmd%% *} --ruleset: exit $rc: $(head -c 300 err.txt)"; fi
done
# The events ruleset changes the numbers: during the double wool weekend production doubles.
"$bin" inspect ev.json --t 1700179300000 --json --ruleset "$events" >ev-inspect.json
"$bin" inspect farm.json --t 1700179300000 --json >default-inspect.json
python3 - ev-inspect.json default-inspect.json <<'PY' && ok "the events ruleset doubles production in its weekend" || bad "events ruleset has no effect"
import json, sys
ev, base = (json.load(open(p))["production"] for p in sys.argv[1:3])
sys.exit(0 if float(ev["valuePerSecond"]) == 2 * float(base["valuePerSecond"]) else 1)
PY
expect "bad --ruleset: exit 1, path named" 1 "missing.json" "$bin" apply farm.json "$actions" --ruleset missing.json -o never.json
[ ! -e never.json ] && ok "bad --ruleset writes nothing" || bad "bad --ruleset wrote never.json"
"$bin" sign farm.json --key /dev/null --ruleset "$events" >/dev/null 2>&1; [ $? -ne 0 ] && ok "sign --ruleset accepted as an option" || bad "sign --ruleset"

finish "cli behaviour"
