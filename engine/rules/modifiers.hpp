// The effects of owned upgrades and active events, folded into one set of factors. Products and
// sums run in ruleset table order (upgrades first, then events), so the bits never depend on the
// order in which a player bought things.
#pragma once

#include <cstdint>

#include "llamawool/ruleset.hpp"
#include "llamawool/state.hpp"

namespace llamawool::detail {

struct Modifiers {
    // Owned upgrades.
    double uProduction = 1;
    double uClick = 1;
    double uBuilding = 1;
    double uRare = 1;
    double uBuildingCost = 1;
    double autoClicksPerSecond = 0;
    double upgradeOfflineEfficiency = 0;
    std::int64_t upgradeOfflineCapMs = 0;
    // Events active at the moment asked for.
    double eProduction = 1;
    double ePrestige = 1;
    double eBuildingCost = 1;
    double eOfflineEfficiency = 0;
};

bool event_active(const Event& e, std::int64_t atMs);
Modifiers compute_modifiers(const Ruleset& rules, const State& state, std::int64_t atMs);

}  // namespace llamawool::detail
