#include "modifiers.hpp"

namespace llamawool::detail {

bool event_active(const Event& e, std::int64_t atMs) { return e.startMs <= atMs && atMs < e.endMs; }

Modifiers compute_modifiers(const Ruleset& rules, const State& state, std::int64_t atMs) {
    Modifiers m;
    for (int u = 0; u < rules.upgrade_count(); ++u) {
        if (!state.owns_upgrade(u)) continue;
        const UpgradeEffects& e = rules.upgrades[u].effects;
        m.uProduction *= e.production;
        m.uClick *= e.click;
        m.uBuilding *= e.building;
        m.uRare *= e.rare;
        m.uBuildingCost *= e.buildingCost;
        m.autoClicksPerSecond += e.autoClicksPerSecond;
        m.upgradeOfflineEfficiency += e.offlineEfficiency;
        m.upgradeOfflineCapMs += e.offlineCapMs;
    }
    for (const Event& e : rules.events) {
        if (!event_active(e, atMs)) continue;
        m.eProduction *= e.production;
        m.ePrestige *= e.prestige;
        m.eBuildingCost *= e.buildingCost;
        m.eOfflineEfficiency += e.offlineEfficiency;
    }
    return m;
}

}  // namespace llamawool::detail
