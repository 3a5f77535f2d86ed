#!/usr/bin/env python3
"""The tables of docs/rules.md (§2 wool, §3 buildings, §6 upgrades, §7 achievements) against the
default ruleset the engine embeds (engine/rulesets/llama-wool-farm-1.json): same ids in the same
order, same numbers, requirements, effects and conditions; and §10's error codes, in precedence
order with their numbers, against the engine's ErrorCode enumeration (include/llamawool/status.hpp). The page is the human-readable
specification; the JSON is what the engine plays, so a change of one without the other fails.
Prints file:line of each disagreement; exit 1 if any.
Usage: check-rules-tables.py REPO_ROOT"""
import json
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "."
RULES = "docs/rules.md"
ruleset = json.load(open(os.path.join(root, "engine/rulesets/llama-wool-farm-1.json"), encoding="utf-8"))
lines = open(os.path.join(root, RULES), encoding="utf-8").read().splitlines()
problems = []
HOUR_MS = 3_600_000


def table(section, which=0):
    """The rows (line number, cells) of the which-th table of section §N."""
    tables, inside, previous = [], False, ""
    for number, line in enumerate(lines, 1):
        if line.startswith("## "):
            inside = line.startswith(f"## {section}. ")
        elif inside and line.startswith("|"):
            if not previous.startswith("|"):
                tables.append([])
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not set("".join(cells)) <= set("-: ") and cells[0] != "#" and cells[0] != "type":
                tables[-1].append((number, cells))
        previous = line
    return tables[which] if len(tables) > which else []


def number(text):
    return float(text.replace(" ", ""))


def expect(line, what, documented, actual):
    if documented != actual:
        problems.append(f"{RULES}:{line}: {what}: the page says {documented!r}, the engine has {actual!r}")


def requirement_of(req):
    """A ruleset requirement as (kind, id, amount)."""
    if "building" in req:
        return ("building", req["building"], float(req["level"]))
    if "wool" in req:
        return ("wool", req["wool"], float(req["count"]))
    if "upgrade" in req:
        return ("upgrade", req["upgrade"], None)
    return ("totalPrestiges", None, float(req["totalPrestiges"]))


def requirements(text):
    """The page's "barn >= 5 and golden wool >= 1e4", "owns auto_clicker" or "—" in the same form."""
    found = []
    for part in ([] if text == "—" else text.split(" and ")):
        m = re.fullmatch(r"owns (\S+)|(\S+)( wool)? >= ([\d.e]+)", part.strip())
        if not m:
            found.append(("unreadable", part, None))
        elif m.group(1):
            found.append(("upgrade", m.group(1), None))
        elif m.group(2) == "totalPrestiges":
            found.append(("totalPrestiges", None, float(m.group(4))))
        else:
            found.append(("wool" if m.group(3) else "building", m.group(2), float(m.group(4))))
    return found


def rows_against(section, entries, what):
    rows = table(section)
    expect(rows[0][0] if rows else 0, f"§{section} {what} ids",
           [cells[1] for _, cells in rows], [e["id"] for e in entries])
    return zip(rows, entries)


for (line, c), w in rows_against(2, ruleset["wool"], "wool"):
    expect(line, f"{w['id']} baseValue, productionRate, unlockValue, rare",
           (number(c[2]), number(c[3]), number(c[4]), c[5] == "yes"),
           (w["baseValue"], w["productionRate"], w["unlockValue"], w["rare"]))

for (line, c), b in rows_against(3, ruleset["buildings"], "building"):
    expect(line, f"{b['id']} baseCost, costMultiplier, baseProduction",
           (number(c[2]), number(c[3]), number(c[4])), (b["baseCost"], b["costMultiplier"], b["baseProduction"]))
    expect(line, f"{b['id']} produces", [p.strip() for p in c[5].split(",")], b["produces"])
    expect(line, f"{b['id']} requires", requirements(c[6]), [requirement_of(r) for r in b["requires"]])

EFFECTS = {"U_production": "production", "U_click": "click", "U_building": "building", "U_rare": "rare",
           "building costMult": "buildingCost", "autoClicksPerSecond": "autoClicksPerSecond",
           "offline efficiency": "offlineEfficiency", "offline cap": "offlineCapMs"}
for (line, c), u in rows_against(6, ruleset["upgrades"], "upgrade"):
    expect(line, f"{u['id']} cost", number(c[2]), u["cost"])
    effects = {}
    for part in c[3].split(", "):
        m = re.fullmatch(r"(.+?) [×+]([\d.]+)( h)?", part)
        if not m or m.group(1) not in EFFECTS:
            problems.append(f"{RULES}:{line}: {u['id']}: cannot read the effect {part!r}")
            continue
        effects[EFFECTS[m.group(1)]] = float(m.group(2)) * (HOUR_MS if m.group(3) else 1)
    expect(line, f"{u['id']} effects", effects, {k: float(v) for k, v in u["effects"].items()})
    expect(line, f"{u['id']} requires", requirements(c[4]), [requirement_of(r) for r in u["requires"]])

METRICS = {"lifetimeValue": "lifetimeValue", "highest building level": "maxBuildingLevel",
           "sum of building levels": "buildingLevelSum", "totalPrestiges": "totalPrestiges",
           "playTimeMs": "playTimeMs"}
for (line, c), a in rows_against(7, ruleset["achievements"], "achievement"):
    when = a["when"]
    m = re.fullmatch(r"owns (.+)", c[2])
    if m:
        documented = {"metric": "ownsUpgrades", "upgrades": m.group(1).split(" and ")}
    else:
        m = re.fullmatch(r"(.+?) (>=|>) ([\d.e]+)( h)?", c[2])
        if not m or m.group(1) not in METRICS:
            problems.append(f"{RULES}:{line}: {a['id']}: cannot read the condition {c[2]!r}")
            continue
        documented = {"metric": METRICS[m.group(1)],
                      "atLeast" if m.group(2) == ">=" else "above": float(m.group(3)) * (HOUR_MS if m.group(4) else 1)}
    actual = {k: (float(v) if isinstance(v, (int, float)) else v) for k, v in when.items()}
    expect(line, f"{a['id']} condition", documented, actual)

# §10: the refusals in precedence order with their numbers, and the codes of documents, are the
# engine's ErrorCode enumeration in order (include/llamawool/status.hpp; the C ABI's numbers).
status = open(os.path.join(root, "include/llamawool/status.hpp"), encoding="utf-8").read()
enum = re.search(r"enum class ErrorCode \{(.*?)\};", status, re.S).group(1)
codes = [m for m in re.findall(r"^\s*(\w+)(?:\s*=\s*\d+)?,", enum, re.M)]
numbers = {name: i for i, name in enumerate(codes)}
refusals = table(10, 1)
expect(refusals[0][0] if refusals else 0, "§10 refusals in precedence order",
       [(int(c[0]), c[1].strip("`")) for _, c in refusals],
       [(numbers[name], name) for name in codes[1:16]])
section10 = "\n".join(lines)
section10 = section10[section10.index("## 10. "):section10.index("## 11. ")]
documented = re.findall(r"`(\w+)`\s+\((\d+)", section10)
expect(refusals[-1][0] if refusals else 0, "§10 codes of documents and their numbers", [(n, int(k)) for n, k in documented],
       [(name, numbers[name]) for name in codes[16:]])

for p in problems:
    print(p)
print(f"{RULES} tables against the default ruleset and the error codes: {len(problems)} disagreements")
sys.exit(1 if problems else 0)
