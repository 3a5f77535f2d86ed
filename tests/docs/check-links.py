#!/usr/bin/env python3
"""Fails on a broken reference anywhere in the repository's tracked text files:
- Markdown links and images ([text](target), [id]: target) whose relative target does not exist,
  or whose #anchor is not a heading (or an <a id/name>) of the target Markdown file;
- paths of repository files cited in code, comments and prose (`docs/rules.md`, `engine/rules/advance.cpp`,
  `tests/cli/readme-example.sh`): a path that starts with one of the repository's top-level folders
  must exist (a glob must match something), and a relative path may not leave the repository
  (nothing may refer to a file outside it);
- rule sections: every §N (and "rules.md section N") must be a numbered section of docs/rules.md,
  the specification the code cites by section.
Prints file:line and the missing target for each; exit 1 if any.
Usage: check-links.py REPO_ROOT [FILE...]   (default: every file git tracks)"""
import glob
import os
import re
import subprocess
import sys

root = os.path.realpath(sys.argv[1] if len(sys.argv) > 1 else ".")
RULES = "docs/rules.md"
TEXT_SUFFIXES = (".md", ".cpp", ".hpp", ".h", ".c", ".inc", ".js", ".mjs", ".cjs", ".ts", ".py", ".sh",
                 ".cmake", ".txt", ".yaml", ".yml", ".json", ".html", ".css")
TEXT_NAMES = ("Makefile", "run-tests", "install-deps", "update-readme-examples", "balance-report",
              "run-fuzzer", "run")


def tracked_files():
    if len(sys.argv) > 2:
        return [os.path.relpath(os.path.realpath(p), root) for p in sys.argv[2:]]
    out = subprocess.run(["git", "-C", root, "ls-files", "-z"], check=True, stdout=subprocess.PIPE).stdout
    return [p for p in out.decode().split("\0") if p]


def is_text(path):
    name = os.path.basename(path)
    return name.endswith(TEXT_SUFFIXES) or name in TEXT_NAMES


def slug(heading):
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`|\*\*|__", "", heading.strip()).lower()
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link in a heading keeps its text
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


anchor_cache = {}


def anchors(md_path):
    if md_path not in anchor_cache:
        found, seen, fence = set(), {}, False
        for line in open(os.path.join(root, md_path), encoding="utf-8"):
            if line.startswith("```"):
                fence = not fence
            if fence:
                continue
            m = re.match(r"#{1,6} (.*)", line)
            if m:
                s = slug(m.group(1))
                n = seen.get(s, 0)
                seen[s] = n + 1
                found.add(s if n == 0 else f"{s}-{n}")
            found.update(re.findall(r"<a (?:id|name)=\"([^\"]+)\"", line))
        anchor_cache[md_path] = found
    return anchor_cache[md_path]


def rule_sections():
    return {m for line in open(os.path.join(root, RULES), encoding="utf-8")
            for m in re.findall(r"^## (\d+)\. ", line)}


top_folders = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)) and not d.startswith(".")
                     and d not in ("build", "node_modules"))
PATH_RE = re.compile(r"(?<![\w./$-])((?:%s)/[\w.*/@+-]*[\w*/])" % "|".join(map(re.escape, top_folders)))
LINK_RE = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFDEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
UP_RE = re.compile(r"(?<![\w/}.])((?:\.\./)+(?!\.\.?(?:/|\W|$))[\w.-]+(?:/[\w.-]+)*)")
SECTION_RE = re.compile(r"§(\d+)(?:\s*[-–]\s*§?(\d+))?")
SECTION_WORD_RE = re.compile(r"rules\.md,? sections? (\d+)")

problems = []


def problem(where, what):
    problems.append(f"{where}: {what}")


def exists(rel):
    full = os.path.join(root, rel)
    return bool(glob.glob(full)) if any(c in rel for c in "*?[") else os.path.exists(full)


def check_link(where, md_file, target):
    if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("//"):
        return  # http:, https:, mailto: ... are not checked (no network in tests)
    path, _, anchor = target.partition("#")
    if path:
        rel = os.path.normpath(path.lstrip("/") if path.startswith("/")
                               else os.path.join(os.path.dirname(md_file), path))
        if rel.startswith(".."):
            return problem(where, f"link to {target} leaves the repository")
        if not exists(rel):
            return problem(where, f"link target {target} does not exist ({rel})")
    else:
        rel = md_file
    if anchor and rel.endswith(".md") and anchor.lower() not in anchors(rel):
        problem(where, f"anchor #{anchor} is not a heading of {rel}")


def git_ignored(rel):
    """Paths the programs create at run time (data/, node_modules/) are ignored by git."""
    return any(subprocess.run(["git", "-C", root, "check-ignore", "-q", p]).returncode == 0
               for p in (rel, rel.rstrip("/") + "/"))


def resolve_cited(citing_file, cited):
    """The cited path relative to the repository root, or to a folder above the citing file (a
    subproject such as examples/game-server cites files of its own bench folder); None if it names
    nothing. An
    upper-case segment is a placeholder (corpus/TARGET), a trailing _ a prefix (kernels_), and a
    name without extension a target named after its source (tests/fuzz/fuzz_batch_rows)."""
    pattern = "/".join("*" if re.fullmatch(r"[A-Z][A-Z_]+", seg) else seg for seg in cited.split("/"))
    candidates = [pattern, pattern + "*"] if pattern.endswith("_") else [pattern, pattern + ".*"]
    folder = os.path.dirname(citing_file)
    while True:
        for c in candidates:
            rel = os.path.normpath(os.path.join(folder, c))
            if exists(rel):
                return rel
        if not folder:
            return None
        folder = os.path.dirname(folder)


def check_path(where, citing_file, cited):
    cited = cited.rstrip(".")
    anchor = None
    if "#" in cited:
        cited, anchor = cited.split("#", 1)
    rel = resolve_cited(citing_file, cited)
    if rel is None:
        if not git_ignored(cited):
            problem(where, f"cites {cited}, which does not exist")
    elif anchor and rel.endswith(".md") and anchor.lower() not in anchors(rel):
        problem(where, f"anchor #{anchor} is not a heading of {rel}")


def strip_code_spans(line):
    return re.sub(r"`[^`]*`", "", line)


def check_file(rel, sections):
    is_md = rel.endswith(".md")
    fence = False
    try:
        lines = open(os.path.join(root, rel), encoding="utf-8").read().splitlines()
    except (UnicodeDecodeError, FileNotFoundError):
        return
    for number, line in enumerate(lines, 1):
        where = f"{rel}:{number}"
        if is_md and line.lstrip().startswith("```"):
            fence = not fence
            continue
        if is_md and not fence:
            prose = strip_code_spans(line)
            for target in LINK_RE.findall(prose):
                check_link(where, rel, target)
            m = REFDEF_RE.match(prose)
            if m:
                check_link(where, rel, m.group(1))
        # A path up from the file, or (when that names nothing) up from the root, as README.md's
        # citation of the original specification did.
        for up in UP_RE.findall(line):
            from_file = os.path.normpath(os.path.join(os.path.dirname(rel), up))
            if from_file.startswith("..") or (not exists(from_file) and not git_ignored(from_file)
                                              and os.path.normpath(up).startswith("..")):
                problem(where, f"refers to {up}, outside the repository")
        if not (is_md and fence):  # console blocks name files that the commands create
            for cited in PATH_RE.findall(line):
                check_path(where, rel, cited)
        for lo, hi in SECTION_RE.findall(line):
            for n in {lo, hi or lo}:
                if n not in sections:
                    problem(where, f"§{n} is not a section of {RULES}")
        for n in SECTION_WORD_RE.findall(line):
            if n not in sections:
                problem(where, f"section {n} is not a section of {RULES}")


def main():
    if not os.path.exists(os.path.join(root, RULES)):
        sys.exit(f"{RULES} is missing: the code cites it by section")
    sections = rule_sections()
    files = [f for f in tracked_files() if is_text(f) and "node_modules/" not in f]
    for rel in files:
        check_file(rel, sections)
    for p in problems:
        print(p)
    print(f"links and citations: {len(files)} files checked, {len(problems)} broken")
    return 1 if problems else 0


sys.exit(main())
