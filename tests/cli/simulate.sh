#!/usr/bin/env bash
# `llamawool simulate` (docs/simulate.md): the same seed gives the same bytes, whatever the number
# of threads; another seed gives other bots; every output file is there with one row per sample;
# the progress bar shows on a terminal only; bad options are refused with the option and the value
# named, before anything is written.
# Usage: simulate.sh LLAMAWOOL_BINARY REPO_ROOT
bin=$(realpath "$1") root=$(realpath "$2")
# shellcheck source=check-lib.sh
source "$(dirname "$0")/check-lib.sh"

# Small: 24 bots over 2 days, sampled every 2 hours (25 samples).
sim=(simulate --bots 24 --days 2 --sample-every 120 --compare "$root/examples/rulesets/live-ops-events.json")
for threads in 1 2 3; do
  if ! "$bin" "${sim[@]}" --seed 7 --threads $threads --out "t$threads" >"t$threads.txt" 2>"t$threads.err"; then
    bad "simulate --threads $threads failed: $(cat "t$threads.err")"
  fi
done
if diff -r t1 t2 >/dev/null && diff -r t1 t3 >/dev/null && cmp -s t1.txt t2.txt && cmp -s t1.txt t3.txt; then
  ok "1, 2 and 3 threads: the same files and the same table, byte for byte"
else
  bad "results depend on the thread count: $(diff -r t1 t2 | head -5)"
fi
"$bin" "${sim[@]}" --seed 7 --threads 2 --out again >again.txt 2>/dev/null
diff -r t1 again >/dev/null && cmp -s t1.txt again.txt && ok "the same seed twice: the same bytes" || bad "a second run differs"
"$bin" "${sim[@]}" --seed 8 --threads 2 --out other >/dev/null 2>&1
cmp -s t1/bots.csv other/bots.csv && bad "seeds 7 and 8 gave the same bots" || ok "another seed: other bots"

# The files: one series per strategy with a header and 25 samples, milestones, bots, and the same
# for the compared ruleset.
for dir in t1 t1/compare; do
  for s in greedy idle clicker prestige; do
    f=$dir/series-$s.csv
    if [ -f "$f" ] && [ "$(wc -l <"$f")" -eq 26 ] && head -1 "$f" | grep -q "^tMs,day,lifetimeValue_mean,"; then
      ok "$f: header and 25 samples"; else bad "$f missing or wrong"; fi
  done
  [ "$(wc -l <"$dir/bots.csv")" -eq 25 ] && ok "$dir/bots.csv: 24 bots" || bad "$dir/bots.csv"
  grep -q "^prestige 1,greedy,6," "$dir/milestones.csv" && ok "$dir/milestones.csv has prestige rows" || bad "$dir/milestones.csv: $(head -3 "$dir/milestones.csv")"
done
python3 - t1/simulation.json t1/compare/simulation.json <<'PY' && ok "simulation.json: both rulesets, 25 samples, 4 strategies" || bad "simulation.json"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a["ruleset"]["id"] == "llama-wool-farm/1" and b["ruleset"]["id"] == "llama-wool-farm/1+live-ops-demo"
for d in (a, b):
    assert len(d["sampleMs"]) == 25 and [s["name"] for s in d["strategies"]] == ["greedy", "idle", "clicker", "prestige"]
    assert all(len(s["series"]["lifetimeValue"]["median"]) == 25 for s in d["strategies"])
    assert len(d["players"]) == 24
# The same bots (seeds) under both rulesets, playing differently.
assert [p["seed"] for p in a["players"]] == [p["seed"] for p in b["players"]]
assert [p["stateHash"] for p in a["players"]] != [p["stateHash"] for p in b["players"]]
PY
grep -q "^compared with:" t1.txt && grep -q "^milestone " t1.txt && ok "the table on stdout, for both rulesets" || bad "stdout: $(head -5 t1.txt)"

# The offline stretches and the samples went through the SIMD batch path.
grep -qE "batch path \([a-z0-9_]+\): [1-9][0-9]* offline stretches, 600 sampled farms" t2.err && ok "batch path used: $(cat t2.err | head -1)" || bad "batch path: $(cat t2.err)"

# The progress bar: none when stderr is not a terminal, one on a terminal (script gives a pty).
if grep -q $'\r' t1.err || grep -q '\[#' t1.err; then bad "progress bar written to a file"; else ok "no progress bar when stderr is not a terminal"; fi
if command -v script >/dev/null; then
  script -qec "'$bin' simulate --bots 8 --days 1 --out tty" tty.log >/dev/null 2>&1
  grep -q '\[#*\.*\] *[0-9]*%' tty.log && ok "progress bar on a terminal" || bad "no progress bar on a terminal: $(head -c 300 tty.log)"
fi
"$bin" simulate --bots 8 --days 1 --progress 2>forced.err >/dev/null
grep -q '100%' forced.err && ok "--progress forces it" || bad "--progress: $(cat forced.err)"

# Bad options: exit 2, the option and the value named, nothing written.
expect_usage() {
  local text=$1
  shift
  "$bin" simulate "$@" --out never >out.txt 2>err.txt
  local rc=$?
  if [ "$rc" -eq 2 ] && grep -qF -- "$text" err.txt && [ ! -e never ]; then ok "simulate $*: $(head -1 err.txt)"
  else bad "simulate $*: exit $rc, $(cat err.txt)"; fi
}
expect_usage '--bots: must be a whole number in [1, 1000000], got "0"' --bots 0
expect_usage '--days: must be a whole number in [1, 3650], got "2.5"' --days 2.5
expect_usage 'unknown strategy "idel" (did you mean "idle"?)' --strategies greedy,idel
expect_usage '"greedy" is listed twice' --strategies greedy,greedy
expect_usage '--seed: must be a whole number in [0, 2^64), got "-1"' --seed -1
expect_usage '--threads: must be a whole number in [1, 256], got "0"' --threads 0
expect_usage '--sample-every: 2880 minutes is longer than the 1 days simulated' --days 1 --sample-every 2880
"$bin" simulate --actions >/dev/null 2>err.txt; [ $? -eq 2 ] && grep -q "needs --out" err.txt && ok "--actions without --out" || bad "--actions without --out"
touch plain-file
"$bin" simulate --bots 4 --days 1 --out plain-file >/dev/null 2>err.txt
[ $? -eq 2 ] && grep -q "plain-file exists and is not a folder" err.txt && ok "--out FILE refused" || bad "--out FILE: $(cat err.txt)"

finish "simulate"
