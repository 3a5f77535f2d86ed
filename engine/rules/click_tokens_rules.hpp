// The click tokens (docs/rules.md §5 and §10): a shear of `count` clicks spends count tokens, which refill
// with time up to a burst. Written once for the scalar engine (advance.cpp refills, actions.cpp
// spends) and the batch kernels (engine/batch/kernels.hpp refills), as rules/offline_rules.hpp is;
// the same internal linkage and evaluation order.
#pragma once

#include <cstdint>

#include "lanes.hpp"
#include "limits.hpp"

namespace llamawool::rules {
namespace {

// The tokens (thousandths) a shear of `count` clicks needs.
template <class Count>
Count click_tokens_needed_milli(const Count& count) {
    return count * Count(1000);
}

// Click tokens (thousandths) refill at clickTokensPerSecond (>= 1 a second, the ruleset's range)
// up to the burst: a gap of `burstMilli` ms or more refills completely whatever the rate. The
// product is taken on the gap clamped to the burst, which changes nothing where it is picked and
// keeps gap * rate from overflowing an int64 for gaps near 2^53 where it is not.
template <class Time>
Time click_tokens_after(const Time& tokensMilli, const Time& gapMs, const Time& burstMilli, const Time& tokensPerSecond) {
    const auto full = gapMs >= burstMilli;
    const Time refilled = pick(full, burstMilli, tokensMilli + pick(full, burstMilli, gapMs) * tokensPerSecond);
    return pick(refilled < burstMilli, refilled, burstMilli);
}

}  // namespace
}  // namespace llamawool::rules
