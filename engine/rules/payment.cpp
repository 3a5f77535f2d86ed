#include "payment.hpp"

#include "payment_rules.hpp"

#include "llamawool/engine.hpp"

namespace llamawool {

double spendable_value(const Ruleset& rules, const State& state) {
    return rules::wool_value<double>(rules.wool_count(), [&](int w) { return state.wool[w]; },
                                     [&](int w) { return rules.wool[w].baseValue; });
}

namespace detail {

void pay(const Ruleset& rules, State& state, double cost) {
    double remaining = cost;
    for (int w = 0; w < rules.wool_count() && remaining > 0; ++w) {
        const double baseValue = rules.wool[w].baseValue;
        const double value = state.wool[w] * baseValue;
        if (value <= remaining) {
            remaining -= value;
            state.wool[w] = 0;
        } else {
            const double left = state.wool[w] - remaining / baseValue;
            state.wool[w] = left > 0 ? left : 0.0;  // rounding never leaves a negative amount
            remaining = 0;
        }
    }
    // A rounding remainder after the last type is dropped (the rules allow it).
}

}  // namespace detail
}  // namespace llamawool
