#include "modifiers.hpp"

#include "event_rules.hpp"

#include "llamawool/engine.hpp"

namespace llamawool {

UpgradeEffects combined_upgrade_effects(const Ruleset& rules, std::uint64_t ownedUpgrades) {
    UpgradeEffects sum;  // multipliers 1, bonuses 0
    for (int u = 0; u < rules.upgrade_count(); ++u) {
        if (!((ownedUpgrades >> u) & 1u)) continue;
        const UpgradeEffects& e = rules.upgrades[u].effects;
        sum.production *= e.production;
        sum.click *= e.click;
        sum.building *= e.building;
        sum.rare *= e.rare;
        sum.buildingCost *= e.buildingCost;
        sum.autoClicksPerSecond += e.autoClicksPerSecond;
        sum.offlineEfficiency += e.offlineEfficiency;
        sum.offlineCapMs += e.offlineCapMs;
    }
    return sum;
}

namespace detail {

bool event_active(const Event& e, std::int64_t atMs) { return rules::event_active(e.startMs, e.endMs, atMs); }

Modifiers compute_modifiers(const Ruleset& rules, const State& state, std::int64_t atMs) {
    const UpgradeEffects owned = combined_upgrade_effects(rules, state.upgrades);
    Modifiers m;
    m.uProduction = owned.production;
    m.uClick = owned.click;
    m.uBuilding = owned.building;
    m.uRare = owned.rare;
    m.uBuildingCost = owned.buildingCost;
    m.autoClicksPerSecond = owned.autoClicksPerSecond;
    m.upgradeOfflineEfficiency = owned.offlineEfficiency;
    m.upgradeOfflineCapMs = owned.offlineCapMs;
    for (const Event& e : rules.events) {  // rules/event_rules.hpp
        const bool active = event_active(e, atMs);
        m.eProduction = rules::with_event_factor(active, m.eProduction, e.production);
        m.ePrestige = rules::with_event_factor(active, m.ePrestige, e.prestige);
        m.eBuildingCost = rules::with_event_factor(active, m.eBuildingCost, e.buildingCost);
        m.eOfflineEfficiency = rules::with_event_bonus(active, m.eOfflineEfficiency, e.offlineEfficiency);
    }
    return m;
}

}  // namespace detail
}  // namespace llamawool
