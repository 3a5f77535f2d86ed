// The prestige rule (docs/rules.md §9): thresholds, the Soul Shear gain and the reset.
#include "modifiers.hpp"
#include "prestige.hpp"
#include "rules/prestige_rules.hpp"
#include "llamawool/engine.hpp"

namespace llamawool {

std::int64_t prestige_threshold_exponent(const Ruleset& rules, const State& state) {
    const Constants& c = rules.constants;
    return rules::prestige_threshold_exponent(c.prestigeThresholdBaseExponent, c.prestigeThresholdExponentStep,
                                              state.totalPrestiges);
}

// The threshold, the gain and the prestige multiplier of the events active at atMs
// (rules/prestige_rules.hpp); the multiplier is only computed once the threshold is reached.
double pending_soul_shears(const Ruleset& rules, const State& state, std::int64_t atMs) {
    return rules::pending_soul_shears(state.runValue, prestige_threshold_exponent(rules, state),
                                      rules.constants.prestigeGainExponent,
                                      [&] { return detail::compute_modifiers(rules, state, atMs).ePrestige; });
}

// Ready exactly when what a prestige would give is at least one Soul Shear (it is 0 otherwise).
bool prestige_ready(const Ruleset& rules, const State& state, std::int64_t atMs) {
    return pending_soul_shears(rules, state, atMs) >= 1.0;
}

namespace detail {

void reset_for_prestige(const Ruleset& rules, State& state, double soulShearsGained) {
    (void)rules;
    state.soulShears += soulShearsGained;
    state.totalPrestiges += 1;
    state.wool.fill(0.0);
    state.buildings.fill(0);
    state.upgrades = 0;
    state.runValue = 0;
    // Achievements, lifetimeValue, playTimeMs, click tokens and totalClicks stay.
}

}  // namespace detail
}  // namespace llamawool
