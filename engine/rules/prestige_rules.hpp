// The prestige threshold, written once for the scalar engine (prestige.cpp) and the batch kernels
// (engine/batch/kernels.hpp), as rules/time_rules.hpp is for time (docs/rules.md §9): prestige
// L + 1 needs runValue >= 10^(base + step * L). prestige.cpp instantiates it on int64, the kernels
// on their vector of doubles (exact: both operands are small integers).
#pragma once

namespace llamawool::rules {
namespace {

// Past this exponent no double reaches 10^k (the largest is about 1.8e308): the threshold is
// then never reached, and dmath's power-of-ten table is not consulted.
constexpr int kHighestReachableExponent = 400;

template <class N>
N prestige_threshold_exponent(const N& baseExponent, const N& exponentStep, const N& totalPrestiges) {
    return baseExponent + exponentStep * totalPrestiges;
}

}  // namespace
}  // namespace llamawool::rules
