// A seeded bot that plays the game the way a person would (shears, buys what it can afford,
// leaves for a few minutes or a few days, prestiges when it pays), used for the golden
// playthroughs. Its choices depend only on the seed and the state, so the same seed always
// produces the same action log.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "llamawool/llamawool.hpp"

namespace lwtest {

// splitmix64: a tiny, fully specified integer PRNG (no std:: distributions, whose output differs
// between standard libraries).
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next();
    // Uniform integer in [lo, hi] (slight modulo bias is irrelevant here).
    std::int64_t range(std::int64_t lo, std::int64_t hi);
    // True with probability percent/100.
    bool chance(int percent) { return range(0, 99) < percent; }

private:
    std::uint64_t state_;
};

struct BotProfile {
    int offlinePercent = 8;      // share of gaps that are offline (> 5 min)
    int longOfflinePercent = 2;  // share of gaps beyond the offline cap
    int prestigePercent = 60;    // chance to prestige when it is allowed
};

struct Playthrough {
    std::vector<llamawool::Action> actions;  // every action sent, accepted or not
    int accepted = 0;
    int rejected = 0;
    int prestiges = 0;
    int maxBuys = 0;
    int offlineGaps = 0;
    std::map<std::string, int> rejections;  // code name -> count
};

// Plays `count` actions on `state` (which it advances) with the given seed.
Playthrough play_bot(const llamawool::Ruleset& rules, llamawool::State& state, std::uint64_t seed, int count,
                     const BotProfile& profile = {});

}  // namespace lwtest
