// What a player's wool is worth (docs/rules.md §1, §10): Σ_w count(w) × baseValue(w), summed in
// table order. It decides whether a price is affordable (actions.cpp) and is the leaderboard's
// current wool value (services/scores.cpp, and the batch kernels' scores in
// engine/batch/kernels.hpp): written once for both, on double for the scalar engine and on the
// kernels' vectors, so every lane gets the scalar bits. Paying itself is payment.cpp.
//
// Internal linkage (an unnamed namespace), as kernels.hpp: these are compiled into objects built
// with different instruction sets, and the linker must not keep one copy for all of them.
#pragma once

namespace llamawool::rules {
namespace {

// countOf(w) and baseValueOf(w) give wool type w's count and base value as Amounts.
template <class Amount, class CountOf, class BaseValueOf>
Amount wool_value(int woolCount, CountOf countOf, BaseValueOf baseValueOf) {
    Amount total(0.0);
    for (int w = 0; w < woolCount; ++w) total = total + countOf(w) * baseValueOf(w);
    return total;
}

}  // namespace
}  // namespace llamawool::rules
