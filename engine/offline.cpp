// The offline rule (docs/rules.md §5): how much of a long absence is credited and at what
// efficiency.
#include "modifiers.hpp"
#include "llamawool/engine.hpp"

namespace llamawool {

std::int64_t offline_cap_ms(const Ruleset& rules, const State& state) {
    const Constants& c = rules.constants;
    const detail::Modifiers mod = detail::compute_modifiers(rules, state, state.lastUpdateMs);
    std::int64_t cap = c.offlineBaseCapMs + mod.upgradeOfflineCapMs;
    return cap < c.offlineMaxCapMs ? cap : c.offlineMaxCapMs;
}

double offline_efficiency(const Ruleset& rules, const State& state, std::int64_t atMs) {
    const Constants& c = rules.constants;
    const detail::Modifiers mod = detail::compute_modifiers(rules, state, atMs);
    double e = c.offlineBaseEfficiency + mod.upgradeOfflineEfficiency +
               c.offlineEfficiencyPerSoulShear * state.soulShears + mod.eOfflineEfficiency;
    return e < 1.0 ? e : 1.0;
}

}  // namespace llamawool
