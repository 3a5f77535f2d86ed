// The scalar engine's table for the shared rules (rules/production_rules.hpp's RuleTable): a
// Ruleset as it is, read in place (production.cpp and advance.cpp build one per call; nothing is
// copied). The batch kernels have their own over KernelRules (engine/batch/kernels.hpp).
#pragma once

#include <cstdint>

#include "llamawool/ruleset.hpp"

namespace llamawool::rules {
namespace {

class RulesetTable {
public:
    explicit RulesetTable(const Ruleset& rules) : r_(rules), woolMask_((1u << rules.wool_count()) - 1) {}

    int wool_count() const { return r_.wool_count(); }
    int building_count() const { return r_.building_count(); }
    int event_count() const { return static_cast<int>(r_.events.size()); }

    double starting_llama_basic_per_second() const { return r_.constants.startingLlamaBasicPerSecond; }
    double click_basic_wool() const { return r_.constants.clickBasicWool; }
    double achievement_production_bonus() const { return r_.constants.achievementProductionBonus; }
    double soul_shear_production_bonus() const { return r_.constants.soulShearProductionBonus; }
    double soul_shear_building_bonus() const { return r_.constants.soulShearBuildingBonus; }

    double base_production(int b) const { return r_.buildings[b].baseProduction; }
    template <class F>
    void for_each_product(int b, F f) const {
        for (std::uint32_t m = r_.buildings[b].producesMask & woolMask_; m != 0; m &= m - 1) f(__builtin_ctz(m));
    }

    double production_rate(int w) const { return r_.wool[w].productionRate; }
    bool rare(int w) const { return r_.wool[w].rare; }
    double base_value(int w) const { return r_.wool[w].baseValue; }
    double unlock_value(int w) const { return r_.wool[w].unlockValue; }
    // No shortcut for one player: the unlock tests are cheap, and the search runs over every type.
    bool all_unlocked(double) const { return false; }
    int unlock_search_count() const { return wool_count(); }
    double unlock_search_value(int w) const { return unlock_value(w); }

    std::int64_t event_start_ms(int e) const { return r_.events[e].startMs; }
    std::int64_t event_end_ms(int e) const { return r_.events[e].endMs; }

private:
    const Ruleset& r_;
    std::uint32_t woolMask_;  // the bits of the wool types there are (at most 16)
};

}  // namespace
}  // namespace llamawool::rules
