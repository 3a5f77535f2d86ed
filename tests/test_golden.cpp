// Golden playthroughs: long scripted games whose final state hash is fixed here. `make test` runs
// this file in every configuration (gcc -O2, clang -O0, ASan+UBSan, WebAssembly under Node); one
// differing bit anywhere in the engine changes the hash.
//
// Each playthrough's ruleset and recorded action log are also stored in tests/data/golden/*.json,
// the single script that the npm package's tests (bindings/wasm/tests) replay in Node and in
// Chromium. This test checks that the seeded bot still produces exactly that log, so the fixture
// cannot drift from the bot. To re-derive hashes and fixtures after an intended rule change, run
// the tests with LLAMAWOOL_WRITE_GOLDEN=1 (rewrites tests/data/golden/) and
// LLAMAWOOL_PRINT_GOLDEN=1 (prints the hashes and final saves).
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "bot.hpp"
#include "test_support.hpp"

using namespace lwtest;

namespace {

struct GoldenCase {
    const char* name;
    const char* fixture;  // under tests/data/golden/
    std::uint64_t seed;
    int actions;
    BotProfile profile;
    bool withEvents;
    const char* expectedHash;
};

// Live-ops windows that the playthroughs cross (edges fall inside online and offline spans).
constexpr const char* kEvents = R"([
  {"id": "double_wool_weekend", "startMs": 1700003600000, "endMs": 1700176400000, "effects": {"production": 2}},
  {"id": "summer_fair", "startMs": 1700100000000, "endMs": 1700400000000, "effects": {"buildingCost": 0.75}},
  {"id": "autumn_harvest", "startMs": 1700300000000, "endMs": 1701000000000, "effects": {"offlineEfficiency": 0.1}},
  {"id": "prestige_bonus", "startMs": 1700500000000, "endMs": 1702000000000, "effects": {"prestige": 2}}
])";
constexpr const char* kEventsRulesetId = "llama-wool-farm/1+events";

const GoldenCase kCases[] = {
    {"steady farmer", "steady-farmer.json", 0x11a3a, 600, {8, 2, 60}, false, "8cba63f3f9120ccb"},
    {"live-ops weekend", "live-ops-weekend.json", 0x5eed, 600, {12, 3, 80}, true, "b26dff9674b82fe4"},
    {"weekend player", "weekend-player.json", 0xfa12, 700, {25, 10, 90}, false, "9b6b50f2039a507a"},
};

// The ruleset text a playthrough runs on: null for the default ruleset, else the default one with
// the events (the exact text ruleset_with_events loads, so hosts replaying the fixture load the
// same ruleset bits).
nlohmann::ordered_json ruleset_text(const GoldenCase& g) {
    if (!g.withEvents) return nullptr;
    nlohmann::ordered_json doc = nlohmann::ordered_json::parse(default_ruleset_json());
    doc["id"] = kEventsRulesetId;
    doc["events"] = nlohmann::ordered_json::parse(kEvents);
    return doc.dump();
}

// The fixture: name, player, start time, ruleset, expected hash, and one action per line.
std::string fixture_text(const GoldenCase& g, const Playthrough& log) {
    nlohmann::ordered_json head = {{"name", g.name},
                                   {"player", "golden-player"},
                                   {"t0", kT0},
                                   {"rulesetJson", ruleset_text(g)},
                                   {"expectedHash", g.expectedHash}};
    std::string text = head.dump();
    text.pop_back();  // reopen the object for the action array
    text += ",\n\"actions\": [\n";
    for (std::size_t i = 0; i < log.actions.size(); ++i)
        text += action_to_json(log.actions[i]) + (i + 1 < log.actions.size() ? ",\n" : "\n");
    return text + "]}\n";
}

}  // namespace

TEST_CASE("golden playthroughs reproduce their state hashes") {
    const bool print = std::getenv("LLAMAWOOL_PRINT_GOLDEN") != nullptr;
    const bool write = std::getenv("LLAMAWOOL_WRITE_GOLDEN") != nullptr;
    for (const GoldenCase& g : kCases) {
        const std::string name = g.name;
        CAPTURE(name);
        const Ruleset rs = g.withEvents ? ruleset_with_events(kEvents, kEventsRulesetId) : rules();
        State state = new_game(rs, "golden-player", kT0);
        const Playthrough log = play_bot(rs, state, g.seed, g.actions, g.profile);
        const std::string hash = format_hash(state_hash(rs, state));
        std::printf("golden \"%s\": %d actions (%d accepted, %d rejected), %d prestiges, %d max-buys, "
                    "%d offline gaps -> stateHash %s\n",
                    g.name, g.actions, log.accepted, log.rejected, log.prestiges, log.maxBuys, log.offlineGaps,
                    hash.c_str());
        if (print) {
            for (auto& [code, n] : log.rejections) std::printf("  rejected %s: %d\n", code.c_str(), n);
            std::printf("%s", save_to_json(rs, state).c_str());
        }

        // The playthrough exercises what it claims to.
        CHECK(log.actions.size() >= 500);
        CHECK(log.prestiges >= 2);
        CHECK(log.maxBuys >= 10);
        CHECK(log.offlineGaps >= 10);
        CHECK(hash == g.expectedHash);

        // Replaying the recorded log from a new game gives the same state, and the save round-trips.
        State replayed = new_game(rs, "golden-player", kT0);
        for (const Action& a : log.actions) apply_action(rs, replayed, a);
        CHECK(state_bytes(replayed, rs) == state_bytes(state, rs));
        auto loaded = load_save(rs, save_to_json(rs, state));
        REQUIRE(loaded.ok());
        CHECK(loaded.value() == state);

        // The shared fixture is exactly this playthrough.
        const std::string expectedFixture = fixture_text(g, log);
        if (write) {
            std::ofstream(std::string(LLAMAWOOL_TEST_DATA_DIR) + "/golden/" + g.fixture, std::ios::binary)
                << expectedFixture;
        }
        CHECK_MESSAGE(read_test_file(std::string("golden/") + g.fixture) == expectedFixture,
                      "tests/data/golden/", g.fixture, " differs from the bot's playthrough (LLAMAWOOL_WRITE_GOLDEN=1 rewrites it)");
        // And its ruleset text loads to the ruleset the bot played on.
        const auto fixture = nlohmann::json::parse(read_test_file(std::string("golden/") + g.fixture));
        if (g.withEvents) {
            auto fixtureRules = load_ruleset(fixture["rulesetJson"].get<std::string>());
            REQUIRE(fixtureRules.ok());
            CHECK(fixtureRules.value().contentHash == rs.contentHash);
        }
    }
}
