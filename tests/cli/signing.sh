#!/usr/bin/env bash
# Signed snapshots from the command line (docs/signing.md): keygen, sign, verify; a tampered byte
# or another key fails; errors write nothing. The MAC is also recomputed independently with
# Python's hmac module. Usage: signing.sh LLAMAWOOL_BINARY REPO_ROOT
set -uo pipefail
bin=$(realpath "$1") root=$(realpath "$2")
fixture="$root/tests/data/saves/valid-midgame.json"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -s stderr ] && sed 's/^/     stderr: /' stderr; }
# expect_fail NAME TEXT CMD...: CMD must exit non-zero with TEXT on stderr.
expect_fail() {
  local name=$1 text=$2
  shift 2
  if "$@" >stdout 2>stderr; then fail "$name: exit code 0"; return; fi
  if ! grep -qF -- "$text" stderr; then fail "$name: stderr lacks '$text'"; return; fi
  pass "$name: $(cat stderr)"
}
# Only the files named here may exist in the work folder (nothing partial is ever left behind).
expect_files() {
  local actual expected
  actual=$(ls -A | grep -v '^stdout$\|^stderr$' | sort | tr '\n' ' ')
  expected=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
  if [ "$actual" = "$expected" ]; then pass "files: $expected"; else fail "files: expected '$expected', found '$actual'"; fi
}

# keygen: 64 lowercase hex digits and a newline, mode 0600, never replaces a key.
if "$bin" keygen -o key >stdout 2>stderr && grep -qxE '[0-9a-f]{64}' key && [ "$(wc -c <key)" -eq 65 ] &&
   [ "$(stat -c %a key)" = 600 ]; then
  pass "keygen: 65 bytes, mode $(stat -c %a key)"
else
  fail "keygen"
fi
cp key key.before
expect_fail "keygen never replaces a key" "already exists" "$bin" keygen -o key
cmp -s key key.before && pass "key unchanged" || fail "key was changed"
rm key.before
expect_fail "keygen needs -o" "needs -o KEYFILE" "$bin" keygen
"$bin" keygen -o key2 >stdout 2>stderr && pass "second keygen" || fail "second keygen"
if [ -s key ] && [ -s key2 ] && ! cmp -s key key2; then pass "two keys differ"; else fail "two keys differ"; fi

# sign, then verify.
if "$bin" sign "$fixture" --key key -o snap.json >stdout 2>stderr && [ ! -s stdout ]; then
  pass "sign -o snap.json"
else
  fail "sign"
fi
"$bin" sign "$fixture" --key key >stdout.snap 2>stderr && cmp -s stdout.snap snap.json &&
  pass "sign to stdout writes the same bytes" || fail "sign to stdout differs"
rm -f stdout.snap
header='{"format":"llamawool-signed-save","version":1,"hmacSha256":"'
[ "$(head -c ${#header} snap.json)" = "$header" ] &&
  pass "snapshot header" || fail "snapshot header: $(head -c 80 snap.json)"

# The MAC is HMAC-SHA256 under the key over exactly the bytes of the canonical save.
if python3 - key snap.json "$fixture" >stdout 2>stderr <<'EOF'
import hashlib, hmac, json, sys
key = bytes.fromhex(open(sys.argv[1]).read().strip())
snap = open(sys.argv[2], 'rb').read()
fixture = open(sys.argv[3], 'rb').read()
head = b'{"format":"llamawool-signed-save","version":1,"hmacSha256":"'
mac = snap[len(head):len(head) + 64].decode()
save = snap[len(head) + 64 + len(b'","save":'):-2]
assert snap.startswith(head) and snap.endswith(b'}\n'), "layout"
assert save == fixture, "the signed save is not the (canonical) fixture"
assert mac == hmac.new(key, save, hashlib.sha256).hexdigest(), "MAC differs from Python's HMAC-SHA256"
doc = json.loads(snap)
assert list(doc) == ["format", "version", "hmacSha256", "save"] and doc["save"] == json.loads(fixture), "JSON"
EOF
then pass "MAC = Python hmac.new(key, save, sha256)"; else fail "independent MAC check"; fi

if "$bin" verify snap.json --key key >stdout 2>stderr &&
   grep -qxF "snap.json: signature ok; player p-7f3a9c21, lastUpdateMs 1700034500000, stateHash f30eb5bbb5445053" stdout; then
  pass "verify: $(cat stdout)"
else
  fail "verify: $(cat stdout)"
fi
"$bin" verify snap.json --key key -o verified.json >stdout 2>stderr && cmp -s verified.json "$fixture" &&
  pass "verify -o writes the verified save" || fail "verify -o"
rm -f verified.json

# One tampered byte: a building level in the save, a digit of the MAC, the header.
sed 's/"barn": 12,/"barn": 13,/' snap.json >tampered-save.json
sed -E '1s/("hmacSha256":")(.)/\1X/' snap.json >tampered-mac.json
mac_digit=$(head -c $((${#header} + 1)) snap.json | tail -c 1)
other_digit=$([ "$mac_digit" = 0 ] && echo 1 || echo 0)
sed -E "1s/(\"hmacSha256\":\")./\\1$other_digit/" snap.json >tampered-mac2.json
sed '1s/"version":1/"version":2/' snap.json >tampered-header.json
for f in tampered-save.json tampered-mac.json tampered-mac2.json tampered-header.json; do
  [ "$(wc -c <"$f")" -eq "$(wc -c <snap.json)" ] && [ "$(cmp -l snap.json "$f" | wc -l)" -eq 1 ] ||
    fail "$f does not differ from snap.json in exactly one byte"
done
expect_fail "tampered save byte" "signature_mismatch" "$bin" verify tampered-save.json --key key
expect_fail "tampered MAC digit (not hex)" "invalid_snapshot" "$bin" verify tampered-mac.json --key key
expect_fail "tampered MAC digit" "signature_mismatch" "$bin" verify tampered-mac2.json --key key
expect_fail "tampered header" "invalid_snapshot" "$bin" verify tampered-header.json --key key
rm -f tampered-*.json
expect_fail "wrong key" "signature_mismatch" "$bin" verify snap.json --key key2
expect_fail "a plain save is not a snapshot" "invalid_snapshot" "$bin" verify "$fixture" --key key

# Bad keys and bad saves: refused with the reason, nothing written.
printf 'not-a-key\n' >bad.key
expect_fail "malformed key (sign)" "key: must be exactly 64 hex digits (32 bytes), got 9 characters" \
  "$bin" sign "$fixture" --key bad.key -o out.json
expect_fail "malformed key (verify)" "invalid_key" "$bin" verify snap.json --key bad.key
printf 'g%s\n' "$(tail -c +2 key)" >bad.key
expect_fail "non-hex key" "key: character 1 is 'g', not a hex digit" "$bin" sign "$fixture" --key bad.key -o out.json
rm bad.key
expect_fail "missing key file" "cannot read nokey" "$bin" sign "$fixture" --key nokey -o out.json
expect_fail "corrupt save is not signed" "stateHash" "$bin" sign "$root/tests/data/saves/wrong-hash.json" --key key -o out.json
expect_fail "sign needs --key" "needs SAVE" "$bin" sign "$fixture"
expect_fail "verify needs --key" "needs SNAPSHOT" "$bin" verify snap.json
expect_files key key2 snap.json

echo "signing: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
