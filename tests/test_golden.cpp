// Golden playthroughs: long scripted games whose final state hash is fixed here. `make test` runs
// this file in every configuration (gcc -O2, clang -O0, ASan+UBSan, WebAssembly under Node); one
// differing bit anywhere in the engine changes the hash. To re-derive the constants after an
// intended rule change, run the tests with LLAMAWOOL_PRINT_GOLDEN=1 and read the printed hashes.
#include <cstdio>
#include <cstdlib>

#include "bot.hpp"
#include "test_support.hpp"

using namespace lwtest;

namespace {

struct GoldenCase {
    const char* name;
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

const GoldenCase kCases[] = {
    {"steady farmer", 0x11a3a, 600, {8, 2, 60}, false, "8cba63f3f9120ccb"},
    {"live-ops weekend", 0x5eed, 600, {12, 3, 80}, true, "b26dff9674b82fe4"},
    {"weekend player", 0xfa12, 700, {25, 10, 90}, false, "9b6b50f2039a507a"},
};

}  // namespace

TEST_CASE("golden playthroughs reproduce their state hashes") {
    const bool print = std::getenv("LLAMAWOOL_PRINT_GOLDEN") != nullptr;
    for (const GoldenCase& g : kCases) {
        const std::string name = g.name;
        CAPTURE(name);
        const Ruleset rs = g.withEvents ? ruleset_with_events(kEvents) : rules();
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
    }
}
