// Seeded random players and target times for the batch tests and benchmarks: every building,
// upgrade and achievement mix, run values just below wool unlocks, online gaps, offline gaps and
// gaps beyond the offline cap.
#pragma once

#include <cstdint>
#include <vector>

#include "bot.hpp"
#include "llamawool/llamawool.hpp"

namespace lwtest {

struct PlayerMix {
    // false: every wool type already unlocked and nothing to cross, so an advance is one piece
    // (with a ruleset without events).
    bool breakpoints = true;
};

std::vector<llamawool::State> random_players(const llamawool::Ruleset& rules, std::uint64_t seed, std::size_t count,
                                             const PlayerMix& mix = {});

// A target time for each player: the same time, a few online seconds, an offline gap or one
// beyond the offline cap.
std::vector<std::int64_t> random_targets(const std::vector<llamawool::State>& players, std::uint64_t seed);

}  // namespace lwtest
