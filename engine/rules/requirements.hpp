// Requirements of buildings and upgrades (docs/rules.md §3, §6): whether they hold, and the
// words that say which one does not. Shared by the actions (the building_locked and
// upgrade_locked messages) and the view (why a shop entry is greyed out), so both say the same.
#pragma once

#include <string>
#include <vector>

#include "llamawool/ruleset.hpp"
#include "llamawool/state.hpp"

namespace llamawool::detail {

bool requirement_met(const Requirement& req, const State& s);

// The first unmet requirement of the list, in ruleset order, or nullptr.
const Requirement* first_unmet(const std::vector<Requirement>& reqs, const State& s);

// "barn >= 5 (have 1)", "golden wool >= 10000 (have 12.5)", "upgrade auto_clicker", ...
std::string describe_unmet(const Ruleset& rules, const Requirement& req, const State& s);

}  // namespace llamawool::detail
