// JSON renderings of what the engine computed, for hosts and tools: the result of an action, an
// advance report and the production breakdown. Amounts are shortest round-trip decimals.
#pragma once

#include <string>

#include "llamawool/engine.hpp"

namespace llamawool {

std::string advance_report_to_json(const Ruleset& rules, const AdvanceReport& report);
std::string production_to_json(const Ruleset& rules, const Production& production);
// {"status":"ok", "advance":{...}, ...} or {"status":"<code>","message":"..."}
std::string action_result_to_json(const Ruleset& rules, const ActionResult& result);

}  // namespace llamawool
