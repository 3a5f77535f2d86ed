#pragma once

#include "llamawool/ruleset.hpp"
#include "llamawool/state.hpp"

namespace llamawool::detail {

// Applies the prestige reset with a gain already computed by pending_soul_shears.
void reset_for_prestige(const Ruleset& rules, State& state, double soulShearsGained);

}  // namespace llamawool::detail
