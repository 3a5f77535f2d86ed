// The rules of time passing, written once for the scalar engine and the batch kernels
// (docs/rules.md §5): whether a gap is offline, how much of it is credited, at what efficiency,
// play time, and the click tokens that refill. advance.cpp and offline.cpp instantiate them on
// plain numbers (int64 for times, double for amounts); engine/batch/kernels.hpp on
// xsimd::batch<double, Arch> and on the scalar fallback's batch of one double. Each expression is
// evaluated in the order written for both, so every lane gets the scalar engine's bits: change a
// rule here and both paths change.
//
// `pick(condition, a, b)` and the other operations a rule may use besides + - * / and comparisons
// are in rules/lanes.hpp.
//
// Internal linkage (an unnamed namespace), as kernels.hpp: these are compiled into objects built
// with different instruction sets, and the linker must not keep one copy for all of them.
#pragma once

#include <cstdint>

#include "lanes.hpp"
#include "limits.hpp"

namespace llamawool::rules {
namespace {

// A gap longer than onlineGapMaxMs is an absence, credited offline.
template <class Time>
auto is_offline(const Time& gapMs, const Time& onlineGapMaxMs) {
    return gapMs > onlineGapMaxMs;
}

// The offline cap: the base cap plus the upgrades' hours, at most offlineMaxCapMs.
template <class Time>
Time offline_cap_ms(const Time& baseCapMs, const Time& upgradeCapMs, const Time& maxCapMs) {
    const Time cap = baseCapMs + upgradeCapMs;
    return pick(cap < maxCapMs, cap, maxCapMs);
}

// The credited span of an offline gap: at most the cap (the rest is forfeited). An online gap is
// credited whole.
template <class Time>
Time offline_credited_ms(const Time& gapMs, const Time& capMs) {
    return pick(gapMs < capMs, gapMs, capMs);
}

// The offline efficiency: base + upgrades + Soul Shears + events, at most 1.
template <class Amount>
Amount offline_efficiency(const Amount& base, const Amount& upgrades, const Amount& perSoulShear,
                          const Amount& soulShears, const Amount& events) {
    const Amount one(1.0);
    const Amount e = base + upgrades + perSoulShear * soulShears + events;
    return pick(e < one, e, one);
}

// Play time counts online gaps only, saturating at limits::kMaxPlayTimeMs.
template <class Mask, class Time>
Time play_time_after(const Mask& offline, const Time& playTimeMs, const Time& gapMs) {
    const Time most(limits::kMaxPlayTimeMs);
    const Time played = playTimeMs + gapMs;  // both below 2^53: no overflow in int64
    return pick(offline, playTimeMs, pick(played < most, played, most));
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
