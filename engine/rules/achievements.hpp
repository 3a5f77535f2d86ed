// Achievements (docs/rules.md §7): evaluated once at the end of each successful action.
#pragma once

#include <cstdint>

#include "llamawool/ruleset.hpp"
#include "llamawool/state.hpp"

namespace llamawool::detail {

// Unlocks every achievement whose condition now holds; returns the newly set bits.
std::uint64_t unlock_achievements(const Ruleset& rules, State& state);

}  // namespace llamawool::detail
