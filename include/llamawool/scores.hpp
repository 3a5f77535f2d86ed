// Leaderboard scores that hosts push into their own store.
#pragma once

#include <cstdint>
#include <string>

#include "llamawool/ruleset.hpp"
#include "llamawool/state.hpp"

namespace llamawool {

struct LeaderboardScores {
    double lifetimeValue = 0;      // value produced ever
    double currentWoolValue = 0;   // value of the wool held now (what purchases can spend)
    std::int64_t prestigeLevel = 0;  // totalPrestiges
    double soulShears = 0;
    double valuePerSecond = 0;     // production rate with the events active at atMs
};

LeaderboardScores leaderboard_scores(const Ruleset& rules, const State& state, std::int64_t atMs);
std::string leaderboard_scores_to_json(const LeaderboardScores& scores);

}  // namespace llamawool
