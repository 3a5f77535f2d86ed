// The production rule (docs/rules.md §4). Evaluation order is part of the contract: each line
// below is evaluated left to right exactly as written, and sums run in table order.
#include <bit>

#include "modifiers.hpp"
#include "llamawool/engine.hpp"

namespace llamawool {

Production compute_production(const Ruleset& rules, const State& state, std::int64_t atMs) {
    const Constants& c = rules.constants;
    const detail::Modifiers mod = detail::compute_modifiers(rules, state, atMs);
    const double achievements = static_cast<double>(std::popcount(state.achievements));
    const double ss = state.soulShears;

    Production p;
    MultiplierBreakdown& m = p.multipliers;
    m.upgrades = mod.uProduction;
    m.achievements = 1.0 + c.achievementProductionBonus * achievements;
    m.prestige = 1.0 + c.soulShearProductionBonus * ss;
    m.events = mod.eProduction;
    m.total = m.upgrades * m.achievements * m.prestige * m.events;        // M_global
    m.buildings = mod.uBuilding * (1.0 + c.soulShearBuildingBonus * ss);  // B_eff
    m.click = mod.uClick;
    m.rare = mod.uRare;

    p.clickPower = c.clickBasicWool * m.click * m.total;
    p.autoClicksPerSecond = mod.autoClicksPerSecond;

    for (int w = 0; w < rules.wool_count(); ++w) {
        const WoolType& type = rules.wool[w];
        double raw = (w == 0) ? c.startingLlamaBasicPerSecond : 0.0;  // the starting llama
        for (int b = 0; b < rules.building_count(); ++b) {
            const Building& building = rules.buildings[b];
            if (!((building.producesMask >> w) & 1u)) continue;
            raw += building.baseProduction * static_cast<double>(state.buildings[b]) * m.buildings;
        }
        p.raw[w] = raw;
        const bool unlocked = state.runValue >= type.unlockValue;
        if (!unlocked) continue;
        p.unlockedMask |= 1u << w;
        double rate = raw * type.productionRate * m.total;
        if (type.rare) rate = rate * m.rare;
        if (w == 0) rate += p.autoClicksPerSecond * p.clickPower;
        p.rate[w] = rate;
    }
    double valueRate = 0;
    for (int w = 0; w < rules.wool_count(); ++w) valueRate += p.rate[w] * rules.wool[w].baseValue;
    p.valueRate = valueRate;
    return p;
}

}  // namespace llamawool
