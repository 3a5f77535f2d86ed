// Paying a cost in value units with wool, cheapest type first (docs/rules.md §10).
#pragma once

#include "llamawool/ruleset.hpp"
#include "llamawool/state.hpp"

namespace llamawool::detail {

// Takes `cost` value units of wool from `state`; the caller has checked spendable_value >= cost.
void pay(const Ruleset& rules, State& state, double cost);

}  // namespace llamawool::detail
