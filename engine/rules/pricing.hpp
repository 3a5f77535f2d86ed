#pragma once

#include <cstdint>

#include "llamawool/ruleset.hpp"

namespace llamawool::detail {

// A price can be paid from funds: finite (an overflowed price never is) and <= funds.
bool affordable(double price, double funds);

// Price of n levels of `b` bought from `level` with cost multiplier costMult (n >= 1).
double bulk_price(const Building& b, std::int64_t level, std::int64_t n, double costMult);

// The largest n in [1, limit] whose bulk price is <= funds, or 0.
std::int64_t max_affordable(const Building& b, std::int64_t level, std::int64_t limit, double costMult,
                            double funds);

}  // namespace llamawool::detail
