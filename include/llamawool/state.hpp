// The state of one player's farm (docs/rules.md §11). Plain data: copying it is cheap and a copy is
// a complete snapshot. Arrays are indexed like the ruleset's tables; entries past the ruleset's
// counts stay zero.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "llamawool/ruleset.hpp"

namespace llamawool {

struct State {
    std::string playerId;
    std::int64_t createdMs = 0;
    std::int64_t lastUpdateMs = 0;
    std::array<double, kMaxWoolTypes> wool{};       // units of each wool type
    std::array<std::int32_t, kMaxBuildings> buildings{};  // level of each building
    std::uint64_t upgrades = 0;      // bit u set: owns upgrade u
    std::uint64_t achievements = 0;  // bit a set: achievement a unlocked
    double soulShears = 0;
    std::int64_t totalPrestiges = 0;
    double runValue = 0;       // value produced since the last prestige
    double lifetimeValue = 0;  // value produced ever
    std::int64_t playTimeMs = 0;
    std::int64_t clickTokensMilli = 0;
    std::int64_t totalClicks = 0;

    bool owns_upgrade(int u) const { return (upgrades >> u) & 1u; }
    bool has_achievement(int a) const { return (achievements >> a) & 1u; }
    bool operator==(const State&) const = default;
};

// A new game started at time t (ms): everything zero, full click tokens.
State new_game(const Ruleset& rules, std::string playerId, std::int64_t t);

// True when playerId is 1-128 characters from letters, digits and `_ - . :`.
bool is_valid_player_id(const std::string& playerId);

}  // namespace llamawool
