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
