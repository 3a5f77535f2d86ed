#!/usr/bin/env bash
# `-o FILE` (cli/output_file.cpp): a regular file is replaced whole and keeps its mode, a symbolic
# link is written through to its target (and stays a link), and a directory, a device, a named pipe,
# a loop of links, a missing directory or (for a normal user) a file or directory without write
# permission is refused with a clear error before anything is written.
#
# Run as root, the cases run once as root and once more as the unprivileged user `nobody` (the
# permission cases only mean something for a normal user; root bypasses them). Devices are tested
# with a node the test makes itself (mknod, as root) and /dev/null only as `nobody`, who cannot
# replace it even if -o were broken: this test never endangers the machine's /dev/null.
#
# Usage: output-files.sh LLAMAWOOL_BINARY
set -uo pipefail

if [ "${1:-}" = --cases ]; then
  mode=cases bin=$2 work=$3
else
  mode=main bin=$(realpath "$1") self=$(realpath "$0")
fi

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   [$(id -un)] $1"; }
bad() { failed=$((failed + 1)); echo "FAIL [$(id -un)] $1"; }

# expect_refused NAME TARGET STDERR_TEXT: `new -o TARGET` fails, says STDERR_TEXT and prints nothing.
expect_refused() {
  local name=$1 target=$2 text=$3
  if timeout 10 "$bin" new --player p-1 --t 1700000000000 -o "$target" >"$work/stdout" 2>"$work/stderr"; then
    bad "$name: exit code 0"
  elif ! grep -qF -- "$text" "$work/stderr"; then
    bad "$name: stderr lacks '$text': $(cat "$work/stderr")"
  elif [ -s "$work/stdout" ]; then
    bad "$name: printed to stdout: $(head -c 200 "$work/stdout")"
  else
    ok "$name: $(cat "$work/stderr")"
  fi
}

# expect_written NAME TARGET FILE: `new -o TARGET` succeeds and FILE then holds the new save.
expect_written() {
  local name=$1 target=$2 file=$3
  if ! "$bin" new --player p-1 --t 1700000000000 -o "$target" >"$work/stdout" 2>"$work/stderr"; then
    bad "$name: failed: $(cat "$work/stderr")"
  elif ! cmp -s "$file" "$work/expected.json"; then
    bad "$name: $file does not hold the new save"
  else
    ok "$name"
  fi
}

no_stray_files() {  # no temporary file left anywhere under the work folder
  local stray
  stray=$(find "$work" -name '*.tmp.*' | head -5)
  if [ -n "$stray" ]; then bad "temporary files left behind: $stray"; else ok "no temporary file left behind"; fi
}

run_cases() {
  cd "$work" || exit 1
  "$bin" new --player p-1 --t 1700000000000 >"$work/expected.json" || { echo "cannot run $bin"; exit 1; }
  echo '[{"t":1700000001000,"type":"tick"}]' >"$work/actions.json"

  # A new file, and a regular file replaced whole (a new inode) that keeps its permission bits.
  expect_written "creates a new file" "$work/new.json" "$work/new.json"
  echo old >"$work/old.json"
  chmod 0640 "$work/old.json"
  local inode_before
  inode_before=$(stat -c %i "$work/old.json")
  expect_written "replaces a regular file" old.json "$work/old.json"
  if [ "$(stat -c %a "$work/old.json")" = 640 ]; then ok "the replaced file keeps mode 0640"
  else bad "the replaced file has mode $(stat -c %a "$work/old.json"), not 640"; fi
  if [ "$(stat -c %i "$work/old.json")" != "$inode_before" ]; then ok "the file was replaced whole (new inode)"
  else bad "the file was written in place"; fi

  # Symbolic links: relative, absolute, chained and dangling links are written through.
  mkdir -p "$work/saves"
  echo old >"$work/saves/farm.json"
  ln -s saves/farm.json "$work/rel-link.json"
  expect_written "writes through a relative link" rel-link.json "$work/saves/farm.json"
  if [ -L "$work/rel-link.json" ] && [ "$(readlink "$work/rel-link.json")" = saves/farm.json ]; then
    ok "the relative link is still a link to saves/farm.json"
  else bad "the relative link was replaced"; fi
  ln -s "$work/saves/farm.json" "$work/abs-link.json"
  ln -s abs-link.json "$work/chain-link.json"
  echo old >"$work/saves/farm.json"
  expect_written "writes through a chain of links" chain-link.json "$work/saves/farm.json"
  if [ -L "$work/chain-link.json" ] && [ -L "$work/abs-link.json" ]; then ok "both links of the chain are still links"
  else bad "a link of the chain was replaced"; fi
  ln -s saves/created-later.json "$work/dangling.json"
  expect_written "a dangling link creates its target" dangling.json "$work/saves/created-later.json"
  [ -L "$work/dangling.json" ] && ok "the dangling link is still a link" || bad "the dangling link was replaced"

  # Refusals: nothing is written, the node is unchanged.
  mkdir "$work/a-directory"
  expect_refused "a directory" "$work/a-directory" "is a directory; -o writes only regular files"
  ln -s a-directory "$work/dir-link"
  expect_refused "a link to a directory" dir-link "dir-link (a link to ./a-directory): is a directory"
  [ -d "$work/a-directory" ] && [ -z "$(ls -A "$work/a-directory")" ] && ok "the directory is untouched" ||
    bad "the directory changed"
  mkfifo "$work/a-pipe"
  expect_refused "a named pipe" "$work/a-pipe" "is a named pipe"
  [ -p "$work/a-pipe" ] && ok "the pipe is still a pipe" || bad "the pipe was replaced"
  ln -s loop-b "$work/loop-a"
  ln -s loop-a "$work/loop-b"
  expect_refused "a loop of links" loop-a "more than 40 symbolic links"
  expect_refused "a missing directory" "$work/no-such-dir/farm.json" "the directory $work/no-such-dir does not exist"
  expect_refused "an empty name" "" "-o: needs a file name"

  if [ "$(id -u)" -eq 0 ]; then
    mknod "$work/null" c 1 3
    expect_refused "a character device" "$work/null" "is a character device; -o writes only regular files"
    [ -c "$work/null" ] && ok "the device node is still a device" || bad "the device node was replaced"
    ln -s null "$work/null-link"
    expect_refused "a link to a device" null-link "null-link (a link to ./null): is a character device"
  else
    expect_refused "/dev/null" /dev/null "-o /dev/null: is a character device; -o writes only regular files (use '-o -' for standard output)"
    [ -c /dev/null ] && ok "/dev/null is still a device" || bad "/dev/null is not a device any more"
    # Permissions (root bypasses them).
    echo old >"$work/read-only.json"
    chmod 0444 "$work/read-only.json"
    expect_refused "a read-only file" "$work/read-only.json" "read-only.json: Permission denied"
    [ "$(cat "$work/read-only.json")" = old ] && ok "the read-only file is untouched" || bad "the read-only file changed"
    mkdir "$work/locked"
    chmod 0555 "$work/locked"
    expect_refused "a directory without write permission" "$work/locked/farm.json" "the directory $work/locked: Permission denied"
    "$bin" apply "$work/expected.json" "$work/actions.json" -o "$work/locked/farm.json" >"$work/stdout" 2>/dev/null
    if [ -s "$work/stdout" ]; then bad "apply with -o in a locked directory printed: $(head -c 200 "$work/stdout")"
    else ok "apply with -o in a locked directory does nothing"; fi
    [ -z "$(ls -A "$work/locked")" ] && ok "nothing was written in the locked directory" || bad "the locked directory changed"
    chmod 0755 "$work/locked"
  fi

  # A command whose -o cannot be written does no work: apply prints no result line.
  "$bin" apply "$work/expected.json" "$work/actions.json" -o "$work/a-directory" >"$work/stdout" 2>"$work/stderr"
  if [ -s "$work/stdout" ]; then bad "apply with a refused -o printed: $(head -c 200 "$work/stdout")"
  else ok "apply with a refused -o does nothing"; fi

  # Durability: the temporary file is fsynced before the rename, the directory after it.
  if [ "$(id -u)" -eq 0 ]; then
    strace -o "$work/trace" -e trace=openat,fsync,rename,renameat,renameat2 "$bin" new -o "$work/synced.json" >/dev/null 2>&1
    if python3 - "$work/trace" "$work" <<'PY'
import re, sys
trace, work = open(sys.argv[1]).read(), sys.argv[2]
# rename(2) on x86-64; renameat(2) where glibc has no rename syscall, as on aarch64 (run under qemu here)
calls = re.findall(r'^(openat|fsync|rename|renameat2?)\((.*)\)\s+= (-?\d+)', trace, re.M)
steps, fds = [], {}
for name, args, result in calls:
    if name == 'openat':
        path = re.match(r'AT_FDCWD, "([^"]*)"', args).group(1)
        if path.startswith(work):
            fds[result] = path
            steps.append(('open', path))
    elif name == 'fsync':
        steps.append(('fsync', fds.get(args, '?')))
    else:
        steps.append(('rename',) + tuple(re.findall(r'"([^"]*)"', args)))
tmp = next((p for kind, *rest in steps for p in rest[:1] if kind == 'open' and '.tmp.' in p), None)
want = [('open', tmp), ('fsync', tmp), ('rename', tmp, work + '/synced.json'), ('open', work), ('fsync', work)]
sys.exit(0 if tmp and steps == want else f"system calls {steps}")
PY
    then ok "fsync of the file, rename, then fsync of its directory"
    else bad "the save is not made durable as it should (trace above)"; fi
    rm -f "$work/trace"
  fi

  no_stray_files
  echo "output files as $(id -un): $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

if [ "$mode" = cases ]; then
  run_cases
  exit
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run_cases
status=$?
if [ "$(id -u)" -eq 0 ]; then
  # Again as a normal user, in a folder of its own, with copies of the binary and this script that
  # it can read wherever the repository lives.
  user_dir=$(mktemp -d)
  trap 'rm -rf "$work" "$user_dir"' EXIT
  chmod 0755 "$user_dir"
  cp "$bin" "$user_dir/llamawool"
  cp "$self" "$user_dir/output-files.sh"
  mkdir "$user_dir/work"
  chown nobody "$user_dir/work"
  runuser -u nobody -- bash "$user_dir/output-files.sh" --cases "$user_dir/llamawool" "$user_dir/work" || status=1
else
  echo "(not root: the root cases were not run)"
fi
exit $status
