// Never crash on input, never corrupt a state: seeded mutations of saves and actions, and random
// action sequences checked against the state invariants. Run under ASan+UBSan by `make test`.
#include <cmath>

#include "bot.hpp"
#include "test_support.hpp"

using namespace lwtest;

namespace {

// Flips, deletes or duplicates a few bytes, or splices in a JSON-ish token.
std::string mutate(const std::string& text, SplitMix64& rng) {
    static const char* kTokens[] = {"-", "1e400", "NaN", "\"", "{", "}", "[", "]", ",", ":", "null", "0.5",
                                    "9007199254740993", "-0", "\"max\"", "true", "1e-400", "\\u0000"};
    std::string s = text;
    const auto edits = rng.range(1, 4);
    for (std::int64_t e = 0; e < edits && !s.empty(); ++e) {
        const auto pos = static_cast<std::size_t>(rng.range(0, static_cast<std::int64_t>(s.size()) - 1));
        switch (rng.range(0, 3)) {
            case 0: s[pos] = static_cast<char>(rng.range(32, 126)); break;
            case 1: s.erase(pos, static_cast<std::size_t>(rng.range(1, 8))); break;
            case 2: s.insert(pos, s.substr(pos, static_cast<std::size_t>(rng.range(1, 8)))); break;
            default: s.insert(pos, kTokens[rng.range(0, 17)]); break;
        }
    }
    return s;
}

void check_invariants(const State& s) {
    const Ruleset& r = rules();
    for (int w = 0; w < kMaxWoolTypes; ++w) {
        REQUIRE(std::isfinite(s.wool[w]));
        REQUIRE(s.wool[w] >= 0);
        if (w >= r.wool_count()) REQUIRE(s.wool[w] == 0);
    }
    for (int b = 0; b < kMaxBuildings; ++b) {
        REQUIRE(s.buildings[b] >= 0);
        REQUIRE(s.buildings[b] <= r.constants.buildingMaxLevel);
    }
    for (double x : {s.soulShears, s.runValue, s.lifetimeValue}) {
        REQUIRE(std::isfinite(x));
        REQUIRE(x >= 0);
    }
    REQUIRE(s.runValue <= s.lifetimeValue);
    REQUIRE(s.clickTokensMilli >= 0);
    REQUIRE(s.clickTokensMilli <= 20000);
    REQUIRE(s.lastUpdateMs >= s.createdMs);
}

}  // namespace

TEST_CASE("mutated saves are rejected cleanly or load to a state that re-saves identically") {
    State s = new_game(rules(), "fuzz-player", kT0);
    play_bot(rules(), s, 99, 200);
    const std::string valid = save_to_json(rules(), s);
    SplitMix64 rng(2024);
    int loaded = 0;
    for (int i = 0; i < 3000; ++i) {
        const std::string text = mutate(valid, rng);
        auto result = load_save(rules(), text);
        if (!result.ok()) {
            CHECK(!result.status().message.empty());
            continue;
        }
        ++loaded;  // e.g. a mutation inside a string that stays valid, or whitespace
        check_invariants(result.value());
        auto again = load_save(rules(), save_to_json(rules(), result.value()));
        REQUIRE(again.ok());
        CHECK(again.value() == result.value());
    }
    MESSAGE("mutated saves that still loaded: " << loaded << " of 3000");
}

TEST_CASE("mutated actions never crash and rejected ones leave the state untouched") {
    State s = new_game(rules(), "fuzz-player", kT0);
    play_bot(rules(), s, 7, 150);
    const std::string samples[] = {
        R"({"t": 1700100000000, "type": "buy_building", "building": "barn", "quantity": "max", "expectedCost": 12.5})",
        R"({"t": 1700100000000, "type": "shear", "count": 20})",
        R"({"t": 1700100000000, "type": "buy_upgrade", "upgrade": "sharp_shears"})",
        R"({"t": 1700100000000, "type": "prestige", "expectedSoulShears": 3})",
        R"({"t": 1700100000000, "type": "tick"})"};
    SplitMix64 rng(77);
    for (int i = 0; i < 4000; ++i) {
        const std::string text = mutate(samples[i % 5], rng);
        auto parsed = parse_action(text);
        if (!parsed.ok()) {
            const ErrorCode c = parsed.status().code;
            CHECK((c == ErrorCode::malformed || c == ErrorCode::unknown_action));
            continue;
        }
        State copy = s;
        const std::string before = state_bytes(copy);
        ActionResult r = apply_action(rules(), copy, parsed.value());
        if (!r.status.ok()) CHECK(state_bytes(copy) == before);
        check_invariants(copy);
    }
}

TEST_CASE("long random games keep every state invariant") {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        State s = new_game(rules(), "invariant-player", kT0);
        SplitMix64 rng(seed * 1000003);
        for (int i = 0; i < 400; ++i) {
            play_bot(rules(), s, rng.next(), 1, BotProfile{20, 5, 50});
            check_invariants(s);
        }
    }
}

namespace {

// Whether `s` is well-formed UTF-8 (no cut or stray sequence; overlongs are not produced here).
bool valid_utf8(const std::string& s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        for (std::size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += len;
    }
    return true;
}

}  // namespace

TEST_CASE("messages that quote long multi-byte input stay valid UTF-8, and their reports can be written") {
    // Quoted input is shortened for messages; a cut inside a character would make the message,
    // and every JSON report carrying it, invalid (the JSON writer refuses invalid UTF-8).
    State s = new_game(rules(), "utf8-player", kT0);
    for (const char* character : {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x90\x91"}) {  // é, €, 🐑
        for (int offset = 0; offset < 4; ++offset) {
            std::string text = std::string(static_cast<std::size_t>(offset), 'a');
            for (int k = 0; k < 40; ++k) text += character;
            CAPTURE(offset);
            const std::string quoted = "\"" + text + "\"";  // nothing in it needs escaping

            auto action = parse_action(R"({"t": )" + quoted + R"(, "type": "tick"})");
            REQUIRE_FALSE(action.ok());
            CHECK(valid_utf8(action.status().message));

            const std::string request = R"({"baseHash": ")" + format_hash(state_hash(rules(), s)) +
                                        R"(", "actions": [{"t": )" + quoted +
                                        R"(, "type": "tick"}], "claimedHash": "0000000000000000"})";
            auto parsed = parse_sync_request(request);
            REQUIRE(parsed.ok());
            State trusted = s;
            const SyncResponse response = sync(rules(), trusted, parsed.value(), kT0 + 1000);
            const std::string json = sync_response_to_json(rules(), trusted, response);
            CHECK(valid_utf8(json));

            std::string save = save_to_json(rules(), s);
            const std::string field = "\"runValue\": \"0\"";
            REQUIRE(save.find(field) != std::string::npos);
            save.replace(save.find(field), field.size(), "\"runValue\": " + quoted);
            auto loaded = load_save(rules(), save);
            REQUIRE_FALSE(loaded.ok());
            CHECK(valid_utf8(loaded.status().message));
        }
    }
}

TEST_CASE("a parse error that quotes invalid UTF-8 gives a valid UTF-8 message") {
    for (const char* text : {"{\"t\": 1, \"type\": \"ti\xFF\"}", "{\"w\xC3\": 1}", "[\"\xE2\x82\"]"}) {
        auto action = parse_action(text);
        REQUIRE_FALSE(action.ok());
        CHECK(action.status().code == ErrorCode::malformed);
        CHECK(valid_utf8(action.status().message));
        auto save = load_save(rules(), text);
        REQUIRE_FALSE(save.ok());
        CHECK(valid_utf8(save.status().message));
    }
}

TEST_CASE("arrays and objects nested more than 64 deep are refused by every parser, naming the field") {
    // Without a limit, a document 10 000 deep overflowed WebAssembly's stack (not a native one: the
    // two targets answered differently), and each overflow leaked the engine's allocations.
    const auto nested = [](std::size_t depth, const std::string& inner = "1") {
        std::string text;
        for (std::size_t k = 0; k < depth; ++k) text += k % 2 == 0 ? "[" : "{\"k\": ";
        text += inner;
        for (std::size_t k = depth; k-- > 0;) text += k % 2 == 0 ? "]" : "}";
        return text;
    };
    const std::string too_deep = "nested more than 64 deep are refused";
    const State s = new_game(rules(), "deep-player", kT0);
    const std::string hash = format_hash(state_hash(rules(), s));
    for (const std::size_t depth : {std::size_t{65}, std::size_t{1000}, std::size_t{200000}}) {
        CAPTURE(depth);
        const std::string deep = nested(depth);
        auto action = parse_action(R"({"t": 1, "type": "tick", "x": )" + deep + "}");
        CHECK(action.status().code == ErrorCode::malformed);
        CHECK(action.status().message.rfind("x[0].k[0].k", 0) == 0);
        CHECK(action.status().message.find(too_deep) != std::string::npos);
        auto actions = parse_actions(deep);
        CHECK(actions.status().code == ErrorCode::malformed);
        CHECK(actions.status().message.rfind("actions[0].k[0]", 0) == 0);
        auto request = parse_sync_request(R"({"baseHash": ")" + hash + R"(", "actions": [)" + deep +
                                          R"(], "claimedHash": ")" + hash + "\"}");
        CHECK(request.status().code == ErrorCode::invalid_request);
        CHECK(request.status().message.rfind("actions[0][0].k", 0) == 0);
        CHECK(request.status().message.find(too_deep) != std::string::npos);
        auto save = load_save(rules(), R"({"format": )" + deep + "}");
        CHECK(save.status().code == ErrorCode::invalid_save);
        CHECK(save.status().message.rfind("format[0].k", 0) == 0);
        CHECK(save.status().message.find(too_deep) != std::string::npos);
        auto pwa = import_pwa_save(rules(), deep, {});
        CHECK(pwa.status().code == ErrorCode::invalid_pwa_save);
        CHECK(pwa.status().message.find(too_deep) != std::string::npos);
        auto ruleset = load_ruleset(R"({"id": "deep", "events": )" + deep + "}");
        CHECK(ruleset.status().code == ErrorCode::invalid_ruleset);
        CHECK(ruleset.status().message.rfind("events[0].k", 0) == 0);
        CHECK(ruleset.status().message.find(too_deep) != std::string::npos);
        // A long path is cut, and the message stays valid UTF-8 when a key is not ASCII.
        CHECK(action.status().message.size() < 200);
        auto accents = parse_action(std::string(R"({"t": 1, "type": "tick", "é": )") + deep + "}");
        CHECK(valid_utf8(accents.status().message));
    }
    // 64 deep is parsed (and refused for what it holds, not for its depth).
    auto action = parse_action(R"({"t": 1, "type": "tick", "x": )" + nested(63) + "}");
    CHECK(action.status().code == ErrorCode::malformed);
    CHECK(action.status().message.find(too_deep) == std::string::npos);
}
