// Advancing time (docs/rules.md §5): online/offline classification, the credited span, and
// piecewise-linear production with breakpoints at wool unlocks and event window edges. The rules
// (offline_rules.hpp and click_tokens_rules.hpp for time; production_rules.hpp for the breakpoints and production over a piece)
// are shared with the batch kernels.
#include "rules/production_rules.hpp"
#include "rules/ruleset_table.hpp"
#include "rules/click_tokens_rules.hpp"
#include "rules/offline_rules.hpp"
#include "llamawool/engine.hpp"

namespace llamawool {
namespace {

std::uint32_t unlocked_mask(const Ruleset& rules, double runValue) {
    std::uint32_t mask = 0;
    for (int w = 0; w < rules.wool_count(); ++w)
        if (rules::is_unlocked(runValue, rules.wool[w].unlockValue)) mask |= 1u << w;
    return mask;
}

}  // namespace

AdvanceReport advance(const Ruleset& rules, State& state, std::int64_t toMs) {
    const Constants& c = rules.constants;
    AdvanceReport report;
    report.fromMs = state.lastUpdateMs;
    report.toMs = toMs;
    const std::int64_t gap = toMs - state.lastUpdateMs;
    // The offline rule (rules/offline_rules.hpp): an online gap is credited whole.
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
    const rules::RulesetTable table(rules);
    const auto storeNext = [](double next, double) { return next; };
    const auto addToReport = [&](int w, double gained) {
        report.woolGained[w] += gained;
        report.valueGainedByType[w] += gained * rules.wool[w].baseValue;
    };
    while (cursor < creditedEnd) {
        const Production p = compute_production(rules, state, cursor);
        const double e = report.offline ? offline_efficiency(rules, state, cursor) : 1.0;
        const std::int64_t edge = rules::next_event_edge(table, cursor, creditedEnd);
        const std::int64_t ms = rules::piece_length(rules::next_unlock_value(table, state.runValue), state.runValue,
                                                    p.valueRate * e, edge - cursor);
        rules::produce(table, p, e, ms, state.wool.data(), state.runValue, state.lifetimeValue, report.valueGained,
                       storeNext, addToReport);
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
