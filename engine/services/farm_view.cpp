// The UI query (include/llamawool/view.hpp): each figure is the engine's own function applied to
// the state advanced to the view's moment, never a second derivation of a rule.
#include "rules/limits.hpp"
#include "llamawool/view.hpp"

#include <string>

#include "rules/dmath.hpp"
#include "rules/modifiers.hpp"
#include "rules/pricing.hpp"
#include "rules/requirements.hpp"

namespace llamawool {
namespace {

using limits::kMaxTimeMs;
// The "if the player is away" preview: the same 8 hours as `llamawool inspect` prints.
constexpr std::int64_t kAwayPreviewMs = 8 * 3600 * 1000;

PriceView price_view(double price, double funds) { return {price, detail::affordable(price, funds)}; }

// What buy_building "max" would buy (actions.cpp, apply_buy_building): the same room, limit and
// search, so maxCount is the number of levels that action adds and maxPrice what it pays.
void max_purchase(const Ruleset& rules, const State& s, int b, double costMult, double funds, BuildingView& v) {
    const Building& building = rules.buildings[b];
    const std::int64_t level = s.buildings[b];
    const std::int64_t room = rules.constants.buildingMaxLevel - level;
    if (!v.unlocked || room < 1) return;
    const std::int64_t limit = room < rules.constants.buyMaxQuantity ? room : rules.constants.buyMaxQuantity;
    v.maxCount = detail::max_affordable(building, level, limit, costMult, funds);
    if (v.maxCount > 0) v.maxPrice = detail::bulk_price(building, level, v.maxCount, costMult);
}

BuildingView building_view(const Ruleset& rules, const State& s, int b, std::int64_t atMs, double costMult,
                           double funds) {
    BuildingView v;
    v.level = s.buildings[b];
    v.unlocked = building_unlocked(rules, s, b);
    if (!v.unlocked)
        if (const Requirement* unmet = detail::first_unmet(rules.buildings[b].requirements, s))
            v.requirement = detail::describe_unmet(rules, *unmet, s);
    v.next1 = price_view(building_price(rules, s, b, atMs), funds);
    v.next10 = price_view(building_bulk_price(rules, s, b, 10, atMs), funds);
    max_purchase(rules, s, b, costMult, funds, v);
    return v;
}

UpgradeView upgrade_view(const Ruleset& rules, const State& s, int u, double funds) {
    UpgradeView v;
    v.cost = rules.upgrades[u].cost;
    v.owned = s.owns_upgrade(u);
    v.unlocked = upgrade_unlocked(rules, s, u);
    if (const Requirement* unmet = detail::first_unmet(rules.upgrades[u].requirements, s))
        v.requirement = detail::describe_unmet(rules, *unmet, s);
    v.affordable = detail::affordable(v.cost, funds);
    return v;
}

PrestigeView prestige_view(const Ruleset& rules, const State& s, std::int64_t atMs) {
    PrestigeView v;
    v.soulShears = s.soulShears;
    v.totalPrestiges = s.totalPrestiges;
    v.pending = pending_soul_shears(rules, s, atMs);
    v.ready = prestige_ready(rules, s, atMs);
    v.thresholdExponent = prestige_threshold_exponent(rules, s);
    // The bound prestige compares runValue with (dmath::at_least_pow10), not a rounded 1e<k>.
    if (v.thresholdExponent >= dmath::kPow10Min && v.thresholdExponent <= dmath::kPow10Max)
        v.threshold = dmath::pow10_lower_bounds()[v.thresholdExponent - dmath::kPow10Min];
    return v;
}

OfflineView offline_view(const Ruleset& rules, const State& s, std::int64_t atMs) {
    OfflineView v;
    v.capMs = offline_cap_ms(rules, s);
    v.efficiency = offline_efficiency(rules, s, atMs);
    v.previewAwayMs = kAwayPreviewMs;
    if (atMs <= kMaxTimeMs - kAwayPreviewMs) {
        auto away = preview_resume(rules, s, atMs + kAwayPreviewMs);
        if (away.ok()) v.ifAway = away.value();
    }
    return v;
}

}  // namespace

Result<FarmView> farm_view(const Ruleset& rules, const State& state, std::int64_t atMs) {
    if (atMs < 0 || atMs > kMaxTimeMs)
        return Status::error(ErrorCode::invalid_argument,
                             "atMs: must be a time in ms in [0, 2^53), got " + std::to_string(atMs));
    if (atMs < state.lastUpdateMs)
        return Status::error(ErrorCode::time_regression, "atMs: " + std::to_string(atMs) +
                                                             " is before the state's lastUpdateMs " +
                                                             std::to_string(state.lastUpdateMs));
    State s;  // the state advanced to atMs as a tick would: the view is of this copy
    auto since = preview_resume(rules, state, atMs, &s);
    if (!since.ok()) return since.status();

    FarmView v;
    v.atMs = atMs;
    v.sinceLastUpdate = since.value();
    v.production = compute_production(rules, s, atMs);
    for (int w = 0; w < rules.wool_count(); ++w)
        v.wool[w] = {s.wool[w], s.wool[w] * rules.wool[w].baseValue, v.production.rate[w],
                     ((v.production.unlockedMask >> w) & 1u) != 0};
    v.spendableValue = spendable_value(rules, s);
    v.runValue = s.runValue;
    v.lifetimeValue = s.lifetimeValue;
    v.clickTokensMilli = s.clickTokensMilli;
    v.clicksAvailable = s.clickTokensMilli / 1000;
    if (v.clicksAvailable > rules.constants.shearMaxCount) v.clicksAvailable = rules.constants.shearMaxCount;
    const double costMult = building_cost_multiplier(rules, s, atMs);
    for (int b = 0; b < rules.building_count(); ++b)
        v.buildings[b] = building_view(rules, s, b, atMs, costMult, v.spendableValue);
    for (int u = 0; u < rules.upgrade_count(); ++u) v.upgrades[u] = upgrade_view(rules, s, u, v.spendableValue);
    v.achievements = s.achievements;
    v.prestige = prestige_view(rules, s, atMs);
    for (int e = 0; e < static_cast<int>(rules.events.size()); ++e)
        if (detail::event_active(rules.events[e], atMs)) v.activeEvents |= std::uint64_t{1} << e;
    v.offline = offline_view(rules, s, atMs);
    return v;
}

}  // namespace llamawool
