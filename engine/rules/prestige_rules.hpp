// The prestige rule, written once for the scalar engine (prestige.cpp) and the batch kernels
// (engine/batch/kernels.hpp), as rules/offline_rules.hpp is for time (docs/rules.md §9): prestige
// L + 1 needs runValue >= 10^(base + step * L) and a gain of at least one Soul Shear, the gain
// being floor(log10(runValue / 10^6)) times the prestige multiplier. prestige.cpp instantiates
// them on int64 exponents and double amounts, the kernels on their vector of doubles (exact: the
// exponents are small integers).
#pragma once

#include "lanes.hpp"

namespace llamawool::rules {
namespace {

// Past this exponent no double reaches 10^k (the largest is about 1.8e308): the threshold is
// then never reached, and dmath's power-of-ten table is not consulted.
constexpr int kHighestReachableExponent = 400;

template <class N>
N prestige_threshold_exponent(const N& baseExponent, const N& exponentStep, const N& totalPrestiges) {
    return baseExponent + exponentStep * totalPrestiges;
}

// runValue >= 10^exponent, compared with the exact power of ten.
template <class Amount, class Exponent>
auto prestige_threshold_reached(const Amount& runValue, const Exponent& exponent) {
    return both(exponent <= Exponent(kHighestReachableExponent), at_least_pow10(runValue, exponent));
}

// floor(log10(runValue / 10^gainExponent)) * multiplier, or 0 when runValue is not above 0. The
// quotient is taken exactly, not rounded to a double: floor(log10(x / 10^6)) = floor(log10(x)) - 6
// for the real x. (Rounding first would turn runValue = 1e30, which is above 10^30, into a double
// just below 10^24 and lose a soul shear.)
template <class Amount, class Exponent>
Amount prestige_gain(const Amount& runValue, const Exponent& gainExponent, const Amount& multiplier) {
    const Amount zero(0.0);
    const auto positive = runValue > zero;
    if (!any(positive)) return zero;
    const Amount k = to_amount(floor_log10(runValue) - gainExponent);
    return pick(positive, k * multiplier, zero);
}

// What a prestige now would give: the gain when the threshold is reached and the gain is at least
// one Soul Shear (prestige is ready), 0 otherwise. So prestige is ready exactly when this is >= 1.
// `multiplier()` gives the prestige multiplier; it is asked only when some lane reaches the
// threshold.
template <class Amount, class Exponent, class Multiplier>
Amount pending_soul_shears(const Amount& runValue, const Exponent& thresholdExponent, const Exponent& gainExponent,
                           Multiplier multiplier) {
    const Amount zero(0.0);
    const auto reached = prestige_threshold_reached(runValue, thresholdExponent);
    if (!any(reached)) return zero;
    const Amount gain = prestige_gain(runValue, gainExponent, multiplier());
    return pick(both(reached, gain >= Amount(1.0)), gain, zero);
}

}  // namespace
}  // namespace llamawool::rules
