// The prestige rule (docs/rules.md §9): thresholds, the Soul Shear gain and the reset.
#include "dmath.hpp"
#include "modifiers.hpp"
#include "prestige.hpp"
#include "rules/prestige_rules.hpp"
#include "llamawool/engine.hpp"

namespace llamawool {
namespace {

// runValue >= 10^(base + step * L), compared with the exact power of ten. Once the exponent
// passes the binary64 range no runValue reaches it.
bool threshold_reached(const Ruleset& rules, const State& state) {
    const std::int64_t exponent = prestige_threshold_exponent(rules, state);
    if (exponent > rules::kHighestReachableExponent) return false;
    return dmath::at_least_pow10(state.runValue, static_cast<int>(exponent));
}

// floor(log10(runValue / 10^6)) * prestigeMultiplier, or 0 when runValue is 0. The quotient is
// taken exactly, not rounded to a double: floor(log10(x / 10^6)) = floor(log10(x)) - 6 for the
// real x. (Rounding first would turn runValue = 1e30, which is above 10^30, into a double just
// below 10^24 and lose a soul shear.)
double gain(const Ruleset& rules, const State& state, std::int64_t atMs) {
    if (!(state.runValue > 0)) return 0;
    const std::int64_t k = dmath::floor_log10(state.runValue) - rules.constants.prestigeGainExponent;
    const double multiplier = detail::compute_modifiers(rules, state, atMs).ePrestige;
    return static_cast<double>(k) * multiplier;
}

}  // namespace

std::int64_t prestige_threshold_exponent(const Ruleset& rules, const State& state) {
    const Constants& c = rules.constants;
    return rules::prestige_threshold_exponent(c.prestigeThresholdBaseExponent, c.prestigeThresholdExponentStep,
                                              state.totalPrestiges);
}

bool prestige_ready(const Ruleset& rules, const State& state, std::int64_t atMs) {
    return threshold_reached(rules, state) && gain(rules, state, atMs) >= 1.0;
}

double pending_soul_shears(const Ruleset& rules, const State& state, std::int64_t atMs) {
    return prestige_ready(rules, state, atMs) ? gain(rules, state, atMs) : 0.0;
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
