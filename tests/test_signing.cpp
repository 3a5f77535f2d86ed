// Signed save snapshots (llamawool/signing.hpp, docs/signing.md). Native builds only: the
// WebAssembly build has no signing library (tests/CMakeLists.txt adds this file if(NOT EMSCRIPTEN)).
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "llamawool/signing.hpp"
#include "test_support.hpp"

using namespace lwtest;

namespace {

const std::string kKeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const std::string kOtherKeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1e";
const std::string kHeader = R"({"format":"llamawool-signed-save","version":1,"hmacSha256":")";

SigningKey key_from(const std::string& hex) {
    Result<SigningKey> k = parse_signing_key(hex);
    INFO(k.status().message);
    REQUIRE(k.ok());
    return k.value();
}

// A key given as fewer than 32 bytes (RFC 4231), zero-padded to 32 bytes: HMAC pads every key
// shorter than the 64-byte block with zeros, so the MAC is the RFC's.
SigningKey rfc_key(const std::string& shortHex) {
    REQUIRE(shortHex.size() <= 64);
    return key_from(shortHex + std::string(64 - shortHex.size(), '0'));
}

State midgame() {
    Result<State> s = load_save(rules(), read_test_file("saves/valid-midgame.json"));
    INFO(s.status().message);
    REQUIRE(s.ok());
    return s.value();
}

// A snapshot assembled by hand from the layout documented in docs/signing.md, over any bytes.
std::string assemble(const std::string& macHex, const std::string& saveBytes) {
    return kHeader + macHex + R"(","save":)" + saveBytes + "}\n";
}

}  // namespace

TEST_CASE("signing: HMAC-SHA256 known answers of RFC 4231 through hmac_sha256_hex") {
    // Test case 1: key 0x0b x 20, "Hi There".
    CHECK(hmac_sha256_hex(rfc_key("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                          "Hi There") == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    // Test case 2: key "Jefe", "what do ya want for nothing?".
    CHECK(hmac_sha256_hex(rfc_key("4a656665"), "what do ya want for nothing?") ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // Test case 4: key 0x01..0x19, 50 bytes of 0xcd.
    CHECK(hmac_sha256_hex(rfc_key("0102030405060708090a0b0c0d0e0f10111213141516171819"), std::string(50, '\xcd')) ==
          "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
}

TEST_CASE("signing: the signature is the HMAC of the canonical save text, and deterministic") {
    const State s = midgame();
    const SigningKey key = key_from(kKeyHex);
    const std::string sig = sign_save(rules(), s, key);
    CHECK(sig.size() == 64);
    CHECK(sig.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(sig == hmac_sha256_hex(key, save_to_json(rules(), s)));

    // Same state (a copy, reloaded from its save) and the same key (parsed again, uppercase): same bits.
    const State copy = load_save(rules(), save_to_json(rules(), s)).value();
    std::string upper = kKeyHex;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(sign_save(rules(), copy, key_from(upper)) == sig);
    CHECK(signed_snapshot(rules(), copy, key) == signed_snapshot(rules(), s, key));

    // Any change of state or key changes it.
    State more = s;
    more.totalClicks += 1;
    CHECK(sign_save(rules(), more, key) != sig);
    CHECK(sign_save(rules(), s, key_from(kOtherKeyHex)) != sig);
}

TEST_CASE("signing: snapshot layout, and a round trip through verify_snapshot") {
    const State s = midgame();
    const SigningKey key = key_from(kKeyHex);
    const std::string save = save_to_json(rules(), s);
    const std::string snap = signed_snapshot(rules(), s, key);
    CHECK(snap == assemble(sign_save(rules(), s, key), save));

    // It is JSON with the four fields, and its "save" is the save document.
    const auto doc = nlohmann::ordered_json::parse(snap, nullptr, false);
    REQUIRE_FALSE(doc.is_discarded());
    CHECK(doc.size() == 4);
    CHECK(doc["format"] == "llamawool-signed-save");
    CHECK(doc["version"] == 1);
    CHECK(doc["hmacSha256"] == sign_save(rules(), s, key));
    CHECK(doc["save"] == nlohmann::ordered_json::parse(save));

    Result<State> back = verify_snapshot(rules(), snap, key);
    INFO(back.status().message);
    REQUIRE(back.ok());
    CHECK(back.value() == s);
    CHECK(save_to_json(rules(), back.value()) == save);

    // A new game signs and verifies too.
    const State fresh = new_game(rules(), "p-new", kT0);
    Result<State> freshBack = verify_snapshot(rules(), signed_snapshot(rules(), fresh, key), key);
    REQUIRE(freshBack.ok());
    CHECK(freshBack.value() == fresh);
}

TEST_CASE("signing: changing, deleting or inserting any single byte of a snapshot never verifies") {
    const SigningKey key = key_from(kKeyHex);
    const std::string snap = signed_snapshot(rules(), midgame(), key);
    REQUIRE(verify_snapshot(rules(), snap, key).ok());

    std::map<std::string, int> codes;
    int attempts = 0;
    auto must_fail = [&](const std::string& tampered, const std::string& what) {
        if (tampered == snap) return;
        ++attempts;
        const Result<State> r = verify_snapshot(rules(), tampered, key);
        if (r.ok()) FAIL_CHECK("verified after " << what);
        else ++codes[error_code_name(r.status().code)];
    };
    // XOR 0x20 swaps letter case (a MAC digit 'a' -> 'A'), 0x01 the low bit, 0x80 the top bit.
    const unsigned char flips[] = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80};
    for (std::size_t i = 0; i < snap.size(); ++i) {
        for (unsigned char f : flips) {
            std::string t = snap;
            t[i] = static_cast<char>(static_cast<unsigned char>(t[i]) ^ f);
            must_fail(t, "flipping bit mask " + std::to_string(f) + " of byte " + std::to_string(i));
        }
        std::string space = snap;
        space[i] = ' ';
        must_fail(space, "replacing byte " + std::to_string(i) + " with a space");
        std::string deleted = snap;
        deleted.erase(i, 1);
        must_fail(deleted, "deleting byte " + std::to_string(i));
        std::string inserted = snap;
        inserted.insert(i, 1, ' ');
        must_fail(inserted, "inserting a space before byte " + std::to_string(i));
    }
    must_fail(snap + " ", "appending a space");
    must_fail(snap.substr(0, snap.size() - 1), "dropping the final newline");
    MESSAGE("tampered snapshots: " << attempts << " (invalid_snapshot " << codes["invalid_snapshot"]
                                   << ", signature_mismatch " << codes["signature_mismatch"] << ")");
    CHECK(attempts > 10 * static_cast<int>(snap.size()));
    // Both guards do work: the fixed layout and the MAC.
    CHECK(codes["invalid_snapshot"] > 0);
    CHECK(codes["signature_mismatch"] > 0);
    CHECK(codes.size() == 2);
}

TEST_CASE("signing: another key does not verify") {
    const State s = midgame();
    const std::string snap = signed_snapshot(rules(), s, key_from(kKeyHex));
    const Result<State> r = verify_snapshot(rules(), snap, key_from(kOtherKeyHex));
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code == ErrorCode::signature_mismatch);
    CHECK(r.status().message.find("hmacSha256") != std::string::npos);

    const Result<SigningKey> random = generate_signing_key();
    REQUIRE(random.ok());
    CHECK_FALSE(verify_snapshot(rules(), snap, random.value()).ok());
}

TEST_CASE("signing: keys are 64 hex digits; malformed keys are refused with what is wrong") {
    struct Case {
        std::string text;
        std::string expect;
    };
    const std::vector<Case> cases = {
        {"", "got 0 characters"},
        {kKeyHex.substr(0, 63), "got 63 characters"},
        {kKeyHex + "0", "got 65 characters"},
        {kKeyHex + "\n", "got 65 characters"},
        {"g" + kKeyHex.substr(1), "character 1 is 'g', not a hex digit"},
        {kKeyHex.substr(0, 40) + " " + kKeyHex.substr(41), "character 41 is ' ', not a hex digit"},
        {kKeyHex.substr(0, 63) + "\x01", "character 64 is byte \\x01, not a hex digit"},
    };
    for (const Case& c : cases) {
        const Result<SigningKey> k = parse_signing_key(c.text);
        INFO("key text \"", c.text, "\" -> ", k.status().message);
        REQUIRE_FALSE(k.ok());
        CHECK(k.status().code == ErrorCode::invalid_key);
        CHECK(k.status().message.rfind("key: ", 0) == 0);
        CHECK(k.status().message.find(c.expect) != std::string::npos);
    }
    // format_signing_key is the inverse of parse_signing_key.
    const SigningKey key = key_from(kKeyHex);
    CHECK(key.bytes[0] == 0x00);
    CHECK(key.bytes[31] == 0x1f);
    CHECK(format_signing_key(key) == kKeyHex);
}

TEST_CASE("signing: generated keys are random 32-byte keys") {
    std::set<std::string> seen;
    for (int i = 0; i < 8; ++i) {
        const Result<SigningKey> k = generate_signing_key();
        REQUIRE(k.ok());
        const std::string hex = format_signing_key(k.value());
        CHECK(parse_signing_key(hex).ok());
        seen.insert(hex);
    }
    CHECK(seen.size() == 8);
}

TEST_CASE("signing: a correctly signed but invalid save is refused with the save's own error") {
    const SigningKey key = key_from(kKeyHex);
    struct Case {
        const char* fixture;
        ErrorCode code;
        const char* expect;
    };
    const Case cases[] = {
        {"saves/edited-wool.json", ErrorCode::state_hash_mismatch, "stateHash"},
        {"saves/foreign-ruleset.json", ErrorCode::ruleset_mismatch, "ruleset"},
        {"saves/negative-amount.json", ErrorCode::invalid_save, "negative"},
        {"saves/not-json.json", ErrorCode::invalid_json, ""},
    };
    for (const Case& c : cases) {
        const std::string bytes = read_test_file(c.fixture);
        const std::string snap = assemble(hmac_sha256_hex(key, bytes), bytes);
        const Result<State> r = verify_snapshot(rules(), snap, key);
        INFO(c.fixture, " -> ", r.status().message);
        REQUIRE_FALSE(r.ok());
        CHECK(r.status().code == c.code);
        CHECK(r.status().message.rfind("save: ", 0) == 0);
        CHECK(r.status().message.find(c.expect) != std::string::npos);
    }
    // The same bytes with a MAC from another key fail on the signature first.
    const std::string bytes = read_test_file("saves/edited-wool.json");
    const Result<State> r = verify_snapshot(rules(), assemble(hmac_sha256_hex(key_from(kOtherKeyHex), bytes), bytes), key);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code == ErrorCode::signature_mismatch);
}

TEST_CASE("signing: documents that are not signed snapshots are refused with the offending byte") {
    const SigningKey key = key_from(kKeyHex);
    const State s = midgame();
    const std::string snap = signed_snapshot(rules(), s, key);
    const std::string mac = sign_save(rules(), s, key);
    std::string upperMac = mac;
    for (char& c : upperMac) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    REQUIRE(upperMac != mac);
    struct Case {
        std::string text;
        std::string expect;
    };
    const std::vector<Case> cases = {
        {"", "byte 0: ends early"},
        {save_to_json(rules(), s), "byte 1: is byte \\x0a, expected '\"'"},  // a plain save: `{\n  "format"`
        {snap.substr(0, kHeader.size() + 10), "ends early"},
        {assemble(upperMac, save_to_json(rules(), s)), "lowercase hex"},
        {assemble(mac.substr(0, 63), save_to_json(rules(), s)), "character 64 is '\"'; expected 64 lowercase hex"},
        {assemble(mac + "0", save_to_json(rules(), s)), "is '0', expected '\"'"},
        {snap.substr(0, snap.size() - 2) + "]\n", R"(ends with "}\n")"},
    };
    for (const Case& c : cases) {
        const Result<State> r = verify_snapshot(rules(), c.text, key);
        INFO("expect \"", c.expect, "\", got: ", r.status().message);
        REQUIRE_FALSE(r.ok());
        CHECK(r.status().code == ErrorCode::invalid_snapshot);
        CHECK(r.status().message.rfind("snapshot: byte ", 0) == 0);
        CHECK(r.status().message.find(c.expect) != std::string::npos);
    }
}
