// The offline rule (docs/rules.md §5), written once for the scalar engine and the batch kernels:
// whether a gap is an absence, the cap and the credited span (the rest is forfeited), the
// efficiency, and play time, which only online gaps add to. offline.cpp gathers one player's
// inputs (upgrades, Soul Shears, events) from the ruleset and the state; advance.cpp applies the
// rule to a gap. advance.cpp and offline.cpp instantiate these on plain numbers (int64 for times,
// double for amounts), engine/batch/kernels.hpp on xsimd::batch<double, Arch> and on the scalar
// fallback's batch of one double. Each expression is evaluated in the order written for both, so
// every lane gets the scalar engine's bits: change a rule here and both paths change.
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

}  // namespace
}  // namespace llamawool::rules
