#!/usr/bin/env bash
# Runs a command and passes only if it exits 0 AND its output (stdout and stderr) matches an
# extended regular expression ('.' also matches newlines). CTest's PASS_REGULAR_EXPRESSION alone
# ignores the exit code, so a sanitizer report or a failure after the expected line would pass.
# Usage: expect-output.sh REGEX COMMAND [ARG...]
set -uo pipefail
regex=$1
shift
output=$("$@" 2>&1)
status=$?
printf '%s\n' "$output"
if [ "$status" -ne 0 ]; then
  echo "expect-output: exit status $status" >&2
  exit 1
fi
if ! grep -Ezq -- "$regex" <<<"$output"; then
  echo "expect-output: the output does not match: $regex" >&2
  exit 1
fi
