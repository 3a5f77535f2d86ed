// Building prices (docs/rules.md §3): single levels, bulk purchases and the "max" quantity.
#include <cmath>

#include "dmath.hpp"
#include "modifiers.hpp"
#include "pricing.hpp"
#include "llamawool/engine.hpp"

namespace llamawool {

double building_cost_multiplier(const Ruleset& rules, const State& state, std::int64_t atMs) {
    const detail::Modifiers mod = detail::compute_modifiers(rules, state, atMs);
    return mod.uBuildingCost * mod.eBuildingCost;
}

namespace detail {

bool affordable(double price, double funds) { return std::isfinite(price) && price <= funds; }

// Sum of the prices of levels L+1 .. L+n in closed form:
//   baseCost * r^L * (r^n - 1) / (r - 1) * costMult
// which agrees with the plain sum of single prices to ~1e-12 relative (tests check 1e-9).
double bulk_price(const Building& b, std::int64_t level, std::int64_t n, double costMult) {
    const double r = b.costMultiplier;
    if (n == 1) return b.baseCost * dmath::pow_int(r, level) * costMult;
    const double geometric = (dmath::pow_int(r, n) - 1.0) / (r - 1.0);
    return b.baseCost * dmath::pow_int(r, level) * geometric * costMult;
}

std::int64_t max_affordable(const Building& b, std::int64_t level, std::int64_t limit, double costMult,
                            double funds) {
    // Binary search for the largest n in [1, limit] with bulk_price(n) <= funds; 0 if none.
    // Deterministic even where rounding makes the price not strictly increasing in n.
    if (limit < 1 || !affordable(bulk_price(b, level, 1, costMult), funds)) return 0;
    std::int64_t lo = 1, hi = limit;  // bulk_price(lo) <= funds
    while (lo < hi) {
        std::int64_t mid = lo + (hi - lo + 1) / 2;
        if (affordable(bulk_price(b, level, mid, costMult), funds)) lo = mid; else hi = mid - 1;
    }
    return lo;
}

}  // namespace detail

double building_price(const Ruleset& rules, const State& state, int building, std::int64_t atMs) {
    return building_bulk_price(rules, state, building, 1, atMs);
}

double building_bulk_price(const Ruleset& rules, const State& state, int building, std::int64_t quantity,
                           std::int64_t atMs) {
    if (building < 0 || building >= rules.building_count() || quantity < 1) return 0;
    return detail::bulk_price(rules.buildings[building], state.buildings[building], quantity,
                              building_cost_multiplier(rules, state, atMs));
}

}  // namespace llamawool
