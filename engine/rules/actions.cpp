// Applying one action (docs/rules.md §10): the checks in their precedence order, then the effect.
// Everything happens on a scratch copy that replaces the state only when the action succeeds, so a
// rejected action leaves the state byte-identical.
#include <cmath>

#include <fmt/format.h>

#include "achievements.hpp"
#include "click_tokens_rules.hpp"
#include "dmath.hpp"
#include "payment.hpp"
#include "prestige.hpp"
#include "limits.hpp"
#include "pricing.hpp"
#include "requirements.hpp"
#include "formats/suggest.hpp"
#include "llamawool/engine.hpp"
#include "llamawool/save.hpp"

namespace llamawool {
namespace {

using detail::describe_unmet;
using detail::first_unmet;

std::vector<std::string_view> building_ids(const Ruleset& rules) {
    std::vector<std::string_view> ids;
    for (const Building& b : rules.buildings) ids.push_back(b.id);
    return ids;
}

std::vector<std::string_view> upgrade_ids(const Ruleset& rules) {
    std::vector<std::string_view> ids;
    for (const Upgrade& u : rules.upgrades) ids.push_back(u.id);
    return ids;
}

using limits::kMaxTimeMs;

ActionResult reject(ErrorCode code, std::string message) {
    ActionResult r;
    r.status = Status::error(code, std::move(message));
    return r;
}

bool differs_relative(double expected, double actual) {
    return std::fabs(expected - actual) > 1e-9 * std::fabs(actual);
}

ActionResult apply_shear(const Ruleset& rules, State& s, const Action& a, ActionResult r) {
    const Constants& c = rules.constants;
    if (a.count < 1 || a.count > c.shearMaxCount)
        return reject(ErrorCode::invalid_quantity,
                      fmt::format("count: must be 1..{}, got {}", c.shearMaxCount, a.count));
    const std::int64_t tokensNeeded = rules::click_tokens_needed_milli<std::int64_t>(a.count);
    if (s.clickTokensMilli < tokensNeeded)
        return reject(ErrorCode::rate_limited,
                      fmt::format("count: shearing {} needs {} click tokens (milli) but only {} have refilled "
                                  "({} clicks/s, burst {})",
                                  a.count, tokensNeeded, s.clickTokensMilli, c.clickTokensPerSecond, c.clickBurst));
    const Production p = compute_production(rules, s, a.t);
    const double wool = static_cast<double>(a.count) * p.clickPower;
    const double value = wool * rules.wool[0].baseValue;
    s.clickTokensMilli -= tokensNeeded;
    s.wool[0] = dmath::saturate(s.wool[0] + wool);
    s.runValue = dmath::saturate(s.runValue + value);
    s.lifetimeValue = dmath::saturate(s.lifetimeValue + value);
    s.totalClicks += a.count;
    r.woolSheared = wool;
    return r;
}

ActionResult apply_buy_building(const Ruleset& rules, State& s, const Action& a, ActionResult r) {
    const Constants& c = rules.constants;
    const int b = rules.find_building(a.target);
    if (b < 0) return reject(ErrorCode::unknown_building, fmt::format("building: unknown building \"{}\"{}", a.target,
                                                                       detail::did_you_mean(a.target, building_ids(rules))));
    const Building& building = rules.buildings[b];
    const std::int64_t level = s.buildings[b];
    const std::int64_t room = c.buildingMaxLevel - level;
    if (a.buyMax) {
        if (room < 1)
            return reject(ErrorCode::invalid_quantity,
                          fmt::format("quantity: \"max\" but {} is at the maximum level {}", building.id, level));
    } else if (a.quantity < 1 || a.quantity > c.buyMaxQuantity) {
        return reject(ErrorCode::invalid_quantity,
                      fmt::format("quantity: must be 1..{} or \"max\", got {}", c.buyMaxQuantity, a.quantity));
    } else if (a.quantity > room) {
        return reject(ErrorCode::invalid_quantity,
                      fmt::format("quantity: {} levels would take {} past the maximum level {} (level {})", a.quantity,
                                  building.id, c.buildingMaxLevel, level));
    }
    if (level == 0) {
        if (const Requirement* unmet = first_unmet(building.requirements, s))
            return reject(ErrorCode::building_locked, fmt::format("building: \"{}\" needs {}", building.id,
                                                                  describe_unmet(rules, *unmet, s)));
    }
    const double costMult = building_cost_multiplier(rules, s, a.t);
    const double funds = spendable_value(rules, s);
    std::int64_t n = a.quantity;
    if (a.buyMax) {
        const std::int64_t limit = room < c.buyMaxQuantity ? room : c.buyMaxQuantity;
        n = detail::max_affordable(building, level, limit, costMult, funds);
        if (n == 0)
            return reject(ErrorCode::insufficient_funds,
                          fmt::format("building: one level of {} costs {} but only {} value is spendable", building.id,
                                      format_amount(detail::bulk_price(building, level, 1, costMult)),
                                      format_amount(funds)));
    }
    const double cost = detail::bulk_price(building, level, n, costMult);
    if (!detail::affordable(cost, funds))
        return reject(ErrorCode::insufficient_funds,
                      fmt::format("quantity: {} level(s) of {} cost {} but only {} value is spendable", n, building.id,
                                  format_amount(cost), format_amount(funds)));
    if (a.expectedCost && differs_relative(*a.expectedCost, cost))
        return reject(ErrorCode::cost_mismatch,
                      fmt::format("expectedCost: {} differs from the price {} of {} level(s) of {}",
                                  format_amount(*a.expectedCost), format_amount(cost), n, building.id));
    detail::pay(rules, s, cost);
    s.buildings[b] = static_cast<std::int32_t>(level + n);
    r.valuePaid = cost;
    r.levelsBought = n;
    return r;
}

ActionResult apply_buy_upgrade(const Ruleset& rules, State& s, const Action& a, ActionResult r) {
    const int u = rules.find_upgrade(a.target);
    if (u < 0) return reject(ErrorCode::unknown_upgrade, fmt::format("upgrade: unknown upgrade \"{}\"{}", a.target,
                                                                     detail::did_you_mean(a.target, upgrade_ids(rules))));
    const Upgrade& upgrade = rules.upgrades[u];
    if (s.owns_upgrade(u))
        return reject(ErrorCode::already_owned, fmt::format("upgrade: \"{}\" is already owned", upgrade.id));
    if (const Requirement* unmet = first_unmet(upgrade.requirements, s))
        return reject(ErrorCode::upgrade_locked,
                      fmt::format("upgrade: \"{}\" needs {}", upgrade.id, describe_unmet(rules, *unmet, s)));
    const double funds = spendable_value(rules, s);
    if (!detail::affordable(upgrade.cost, funds))
        return reject(ErrorCode::insufficient_funds,
                      fmt::format("upgrade: \"{}\" costs {} but only {} value is spendable", upgrade.id,
                                  format_amount(upgrade.cost), format_amount(funds)));
    detail::pay(rules, s, upgrade.cost);
    s.upgrades |= std::uint64_t{1} << u;
    r.valuePaid = upgrade.cost;
    return r;
}

ActionResult apply_prestige(const Ruleset& rules, State& s, const Action& a, ActionResult r) {
    if (!prestige_ready(rules, s, a.t)) {
        const std::int64_t exponent = prestige_threshold_exponent(rules, s);
        return reject(ErrorCode::prestige_not_ready,
                      fmt::format("runValue: {} does not allow prestige {} (needs >= 1e{} and a gain of at least 1)",
                                  format_amount(s.runValue), s.totalPrestiges + 1, exponent));
    }
    const double gain = pending_soul_shears(rules, s, a.t);
    if (a.expectedSoulShears && *a.expectedSoulShears != gain)
        return reject(ErrorCode::soul_shears_mismatch,
                      fmt::format("expectedSoulShears: {} differs from the gain {}", format_amount(*a.expectedSoulShears),
                                  format_amount(gain)));
    detail::reset_for_prestige(rules, s, gain);
    s.soulShears = dmath::saturate(s.soulShears);
    r.soulShearsGained = gain;
    return r;
}

}  // namespace

bool building_unlocked(const Ruleset& rules, const State& state, int building) {
    return state.buildings[building] > 0 || first_unmet(rules.buildings[building].requirements, state) == nullptr;
}

bool upgrade_unlocked(const Ruleset& rules, const State& state, int upgrade) {
    return first_unmet(rules.upgrades[upgrade].requirements, state) == nullptr;
}

ActionResult apply_action(const Ruleset& rules, State& state, const Action& action, const ApplyOptions& options) {
    if (action.t < 0 || action.t > kMaxTimeMs)
        return reject(ErrorCode::malformed, fmt::format("t: must be an integer in [0, 2^53), got {}", action.t));
    if (action.t < state.lastUpdateMs)
        return reject(ErrorCode::time_regression,
                      fmt::format("t: {} is before the state's lastUpdateMs {}", action.t, state.lastUpdateMs));
    if (options.nowMs && action.t > *options.nowMs + limits::kClockToleranceMs)
        return reject(ErrorCode::time_in_future,
                      fmt::format("t: {} is more than {} ms after the host's now {}", action.t, limits::kClockToleranceMs,
                                  *options.nowMs));

    State scratch = state;
    ActionResult result;
    result.advance = advance(rules, scratch, action.t);
    switch (action.type) {
        case ActionType::tick: break;
        case ActionType::shear: result = apply_shear(rules, scratch, action, std::move(result)); break;
        case ActionType::buy_building: result = apply_buy_building(rules, scratch, action, std::move(result)); break;
        case ActionType::buy_upgrade: result = apply_buy_upgrade(rules, scratch, action, std::move(result)); break;
        case ActionType::prestige: result = apply_prestige(rules, scratch, action, std::move(result)); break;
    }
    if (!result.status.ok()) return result;
    result.achievementsUnlocked = detail::unlock_achievements(rules, scratch);
    state = std::move(scratch);
    return result;
}

}  // namespace llamawool
