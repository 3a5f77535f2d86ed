// The production rule (docs/rules.md §4) for one player. The rule itself, with its evaluation
// order, is rules/production_rules.hpp, shared with the batch kernels; this fills the player's
// inputs and the breakdown the views show.
#include <bit>

#include "modifiers.hpp"
#include "rules/production_rules.hpp"
#include "rules/ruleset_table.hpp"
#include "llamawool/engine.hpp"

namespace llamawool {

Production compute_production(const Ruleset& rules, const State& state, std::int64_t atMs) {
    const detail::Modifiers mod = detail::compute_modifiers(rules, state, atMs);
    const rules::RulesetTable table(rules);
    const rules::ProductionInputs<double> inputs{.upgradeProduction = mod.uProduction,
                                                 .upgradeClick = mod.uClick,
                                                 .upgradeBuilding = mod.uBuilding,
                                                 .upgradeRare = mod.uRare,
                                                 .autoClicksPerSecond = mod.autoClicksPerSecond,
                                                 .achievementCount = static_cast<double>(std::popcount(state.achievements)),
                                                 .soulShears = state.soulShears};
    const rules::ProductionBase<double> base =
        rules::production_base(table, inputs, [&](int b) { return static_cast<double>(state.buildings[b]); });
    Production p;
    MultiplierBreakdown& m = p.multipliers;
    m.upgrades = mod.uProduction;
    m.achievements = base.achievements;
    m.prestige = base.prestige;
    m.events = mod.eProduction;
    m.total = rules::global_multiplier(base, mod.eProduction);  // M_global
    m.buildings = base.buildings;                                // B_eff
    m.click = mod.uClick;
    m.rare = mod.uRare;
    p.autoClicksPerSecond = mod.autoClicksPerSecond;
    rules::production_rates(table, base, m.total, state.runValue, p);  // clickPower, rate, valueRate
    for (int w = 0; w < rules.wool_count(); ++w) {
        p.raw[w] = base.raw[w];
        if (rules::is_unlocked(state.runValue, rules.wool[w].unlockValue)) p.unlockedMask |= 1u << w;
    }
    return p;
}

}  // namespace llamawool
