#!/usr/bin/env python3
"""The balance report is produced, and its numbers equal a direct replay of the same bots.

Runs `llamawool simulate --actions` on a small population under two rulesets, makes the report with
tools/balance-report, then replays every bot's action log with `llamawool new` + `llamawool apply
--trace` and asks `llamawool scores SAVE --t T` for every sample time T (the save after the bot's
last action at or before T). The statistics computed here from those replayed scores (mean in bot
order, nearest-rank p10, median, p90) must equal, exactly, the series in the report's report.json;
the prestige milestones must equal the prestiges the replay accepted; and every replayed bot must
end on the stateHash the simulation reported.

Usage: simulate-report.py LLAMAWOOL_BINARY REPO_ROOT
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

binary, root = sys.argv[1], os.path.realpath(sys.argv[2])
work = tempfile.mkdtemp()
events = os.path.join(root, "examples", "rulesets", "live-ops-events.json")
failures = []


def fail(message):
    failures.append(message)
    print("FAIL", message)


def run(*args, ok=(0,)):
    p = subprocess.run([binary, *args], capture_output=True, text=True)
    if p.returncode not in ok:
        raise SystemExit(f"llamawool {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return p


def percentile(sorted_values, percent):
    rank = (len(sorted_values) * percent + 99) // 100
    return sorted_values[max(rank, 1) - 1]


def stats(values):
    s = sorted(values)
    total = 0.0
    for v in values:  # in bot order, as the simulation sums
        total += v
    return {"mean": total / len(values), "p10": percentile(s, 10), "median": percentile(s, 50), "p90": percentile(s, 90)}


sim = os.path.join(work, "sim")
run("simulate", "--bots", "8", "--days", "2", "--sample-every", "180", "--seed", "3", "--actions",
    "--compare", events, "--out", sim, "--no-progress")
report_dir = os.path.join(work, "report")
tool = os.path.join(root, "tools", "balance-report")
p = subprocess.run(["/usr/bin/python3", tool, "--from", sim, "--out", report_dir], capture_output=True, text=True)
if p.returncode != 0:
    raise SystemExit(f"balance-report failed: {p.stderr}")

# The report is there: the HTML page, the charts as PNG (a real image of the size drawn) and SVG.
for name in ("report.html", "report.json", "overview.png", "overview.svg", "progression.png", "unlocks.png", "prestige.png"):
    path = os.path.join(report_dir, name)
    if not os.path.isfile(path) or os.path.getsize(path) < 1000:
        fail(f"{name} missing or nearly empty")
with open(os.path.join(report_dir, "overview.png"), "rb") as f:
    head = f.read(24)
if head[:8] != b"\x89PNG\r\n\x1a\n" or struct.unpack(">II", head[16:24]) != (1500, 1050):
    fail(f"overview.png is not a 1500x1050 PNG: {head!r}")
page = open(os.path.join(report_dir, "report.html"), encoding="utf-8").read()
for text in ("<img src='overview.png'", "llama-wool-farm/1+live-ops-demo", "prestige 1", "wool golden"):
    if text not in page:
        fail(f"report.html lacks {text!r}")
report = json.load(open(os.path.join(report_dir, "report.json")))
if [r["ruleset"]["id"] for r in report["runs"]] != ["llama-wool-farm/1", "llama-wool-farm/1+live-ops-demo"]:
    fail("report.json does not hold both rulesets")

checked = 0
for run_index, (data_dir, ruleset) in enumerate(((sim, None), (os.path.join(sim, "compare"), events))):
    sim_doc = json.load(open(os.path.join(data_dir, "simulation.json")))
    rep = report["runs"][run_index]
    extra = ["--ruleset", ruleset] if ruleset else []
    metrics = sim_doc["metrics"]
    names = [s["name"] for s in sim_doc["strategies"]]
    per_bot = []  # per bot: {metric: [value per sample]}, prestige times and gains
    for player in sim_doc["players"]:
        pid = player["player"]
        start = os.path.join(work, f"{run_index}-{pid}-start.json")
        run("new", "--player", pid, "--t", str(sim_doc["startMs"]), "-o", start, *extra)
        trace = run("apply", start, os.path.join(data_dir, "actions", pid + ".json"), "--trace", "-o",
                    os.path.join(work, "end.json"), *extra).stdout.splitlines()
        lines = [json.loads(line) for line in trace]
        refused = [line for line in lines if line["status"] != "ok"]
        if refused:
            fail(f"{pid}: the replay refused {len(refused)} actions, first {refused[0]}")
        end_hash = run("inspect", os.path.join(work, "end.json"), *extra).stdout.split("stateHash ")[-1].strip()
        if end_hash != player["stateHash"]:
            fail(f"{pid}: replay ends on {end_hash}, the simulation on {player['stateHash']}")
        values = {m: [] for m in metrics}
        i = -1
        for t in sim_doc["sampleMs"]:
            while i + 1 < len(lines) and lines[i + 1]["action"]["t"] <= t:
                i += 1
            save = os.path.join(work, "sample.json")
            with open(save, "w") as f:
                f.write(lines[i]["save"])
            s = json.loads(run("scores", save, "--t", str(t), *extra).stdout)
            values["lifetimeValue"].append(float(s["lifetimeValue"]))
            values["currentWoolValue"].append(float(s["currentWoolValue"]))
            values["valuePerSecond"].append(float(s["valuePerSecond"]))
            values["soulShears"].append(float(s["soulShears"]))
            values["prestiges"].append(float(s["prestigeLevel"]))
        prestiges = [(line["action"]["t"] - sim_doc["startMs"], float(line["soulShearsGained"]))
                     for line in lines if line["action"]["type"] == "prestige" and line["status"] == "ok"]
        per_bot.append({"values": values, "prestiges": prestiges})

    for si, name in enumerate(names):
        bots = per_bot[si::len(names)]
        strategy = next(s for s in rep["strategies"] if s["name"] == name)
        for m in metrics:
            for k in range(len(sim_doc["sampleMs"])):
                want = stats([b["values"][m][k] for b in bots])
                for key in ("mean", "p10", "median", "p90"):
                    got = strategy["series"][m][key][k]
                    checked += 1
                    if got != want[key]:
                        fail(f"{rep['ruleset']['id']} {name} {m} {key} at sample {k}: report {got!r}, replay {want[key]!r}")
        most = max(len(b["prestiges"]) for b in bots)
        rows = {r["milestone"]: r for r in strategy["milestones"]}
        for n in range(most):
            times = [b["prestiges"][n][0] for b in bots if len(b["prestiges"]) > n]
            gains = [b["prestiges"][n][1] for b in bots if len(b["prestiges"]) > n]
            row = rows.get(f"prestige {n + 1}", {})
            checked += 1
            if (row.get("reached"), row.get("medianMs"), row.get("soulShearsMedian")) != (
                    len(times), percentile(sorted(times), 50), percentile(sorted(gains), 50)):
                fail(f"{name} prestige {n + 1}: report {row}, replay {len(times)} bots, {sorted(times)}, {sorted(gains)}")

print(f"simulate report: {checked} numbers equal the replay; {len(failures)} failed")
sys.exit(1 if failures else 0)
