// The inputs of the offline rule (rules/offline_rules.hpp, docs/rules.md §5) for one player: the
// cap and the efficiency from the player's upgrades, Soul Shears and the events.
#include "modifiers.hpp"
#include "rules/offline_rules.hpp"
#include "llamawool/engine.hpp"

namespace llamawool {

std::int64_t offline_cap_ms(const Ruleset& rules, const State& state) {
    const Constants& c = rules.constants;
    const detail::Modifiers mod = detail::compute_modifiers(rules, state, state.lastUpdateMs);
    return rules::offline_cap_ms(c.offlineBaseCapMs, mod.upgradeOfflineCapMs, c.offlineMaxCapMs);
}

double offline_efficiency(const Ruleset& rules, const State& state, std::int64_t atMs) {
    const Constants& c = rules.constants;
    const detail::Modifiers mod = detail::compute_modifiers(rules, state, atMs);
    return rules::offline_efficiency(c.offlineBaseEfficiency, mod.upgradeOfflineEfficiency,
                                     c.offlineEfficiencyPerSoulShear, state.soulShears, mod.eOfflineEfficiency);
}

}  // namespace llamawool
