// Advancing time (docs/rules.md §5): online/offline classification, the credited span, and
// piecewise-linear production with breakpoints at wool unlocks and event window edges.
#include <limits>

#include "dmath.hpp"
#include "modifiers.hpp"
#include "rules/time_rules.hpp"
#include "llamawool/engine.hpp"

namespace llamawool {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

std::uint32_t unlocked_mask(const Ruleset& rules, double runValue) {
    std::uint32_t mask = 0;
    for (int w = 0; w < rules.wool_count(); ++w)
        if (runValue >= rules.wool[w].unlockValue) mask |= 1u << w;
    return mask;
}

// The earliest event edge strictly after `fromMs` and before `limitMs`, or limitMs.
std::int64_t next_event_edge(const Ruleset& rules, std::int64_t fromMs, std::int64_t limitMs) {
    std::int64_t next = limitMs;
    for (const Event& e : rules.events) {
        if (e.startMs > fromMs && e.startMs < next) next = e.startMs;
        if (e.endMs > fromMs && e.endMs < next) next = e.endMs;
    }
    return next;
}

// The lowest unlockValue above runValue among locked wool types (+inf when none is locked).
double next_unlock_value(const Ruleset& rules, double runValue) {
    double next = kInfinity;
    for (const WoolType& w : rules.wool)
        if (w.unlockValue > runValue && w.unlockValue < next) next = w.unlockValue;
    return next;
}

// Length of the linear piece that starts now: up to `remainingMs`, cut at the first whole
// millisecond at which runValue reaches the next unlock value.
std::int64_t piece_length(const Ruleset& rules, const State& state, double valuePerSecond,
                          std::int64_t remainingMs) {
    const double unlock = next_unlock_value(rules, state.runValue);
    if (!(valuePerSecond > 0) || unlock == kInfinity) return remainingMs;
    const double msToUnlock = (unlock - state.runValue) / valuePerSecond * 1000.0;
    std::int64_t ms = dmath::ceil_to_int(msToUnlock, remainingMs);
    return ms < 1 ? 1 : ms;
}

// Produces for `ms` milliseconds at efficiency `e` with rates `p`.
void produce(const Ruleset& rules, State& state, const Production& p, double e, std::int64_t ms,
             AdvanceReport& report) {
    const double seconds = dmath::ms_to_seconds(ms);
    for (int w = 0; w < rules.wool_count(); ++w) {
        const double gained = p.rate[w] * e * seconds;
        state.wool[w] = dmath::saturate(state.wool[w] + gained);
        report.woolGained[w] += gained;
        report.valueGainedByType[w] += gained * rules.wool[w].baseValue;
    }
    const double value = p.valueRate * e * seconds;
    state.runValue = dmath::saturate(state.runValue + value);
    state.lifetimeValue = dmath::saturate(state.lifetimeValue + value);
    report.valueGained += value;
}

}  // namespace

AdvanceReport advance(const Ruleset& rules, State& state, std::int64_t toMs) {
    const Constants& c = rules.constants;
    AdvanceReport report;
    report.fromMs = state.lastUpdateMs;
    report.toMs = toMs;
    const std::int64_t gap = toMs - state.lastUpdateMs;
    // The offline rule (rules/time_rules.hpp, offline.cpp): an online gap is credited whole.
    report.offline = rules::is_offline(gap, c.onlineGapMaxMs);
    if (report.offline) {
        report.creditedMs = rules::offline_credited_ms(gap, offline_cap_ms(rules, state));
        report.forfeitedMs = gap - report.creditedMs;
        report.efficiency = offline_efficiency(rules, state, state.lastUpdateMs);
    } else {
        report.creditedMs = gap;
        report.efficiency = 1.0;
    }

    const std::uint32_t unlockedBefore = unlocked_mask(rules, state.runValue);
    std::int64_t cursor = state.lastUpdateMs;
    const std::int64_t creditedEnd = state.lastUpdateMs + report.creditedMs;
    while (cursor < creditedEnd) {
        const Production p = compute_production(rules, state, cursor);
        const double e = report.offline ? offline_efficiency(rules, state, cursor) : 1.0;
        const std::int64_t edge = next_event_edge(rules, cursor, creditedEnd);
        const std::int64_t ms = piece_length(rules, state, p.valueRate * e, edge - cursor);
        produce(rules, state, p, e, ms, report);
        cursor += ms;
        ++report.pieces;
    }
    report.woolUnlockedMask = unlocked_mask(rules, state.runValue) & ~unlockedBefore;

    state.playTimeMs = rules::play_time_after(report.offline, state.playTimeMs, gap);
    state.clickTokensMilli = rules::click_tokens_after(state.clickTokensMilli, gap, c.clickBurst * 1000,
                                                       c.clickTokensPerSecond);
    state.lastUpdateMs = toMs;
    return report;
}

}  // namespace llamawool
