// The production rule and the piecewise advance (docs/rules.md §4 and §5), written once for the
// scalar engine (production.cpp, advance.cpp) and the batch kernels (engine/batch/kernels.hpp), as
// rules/offline_rules.hpp is for time. The scalar engine instantiates them on double amounts and
// int64 times, the kernels on their vector of doubles. Each expression is evaluated in the order
// written for both, and sums run in table order, so every lane gets the scalar engine's bits:
// change a rule here and both paths change.
//
// The production rule is split in two: production_base, the factors that stay fixed while a player
// advances (the upgrades', achievements' and Soul Shears' factors, building output, raw(w) *
// productionRate(w)), and global_multiplier with production_rates, the rest (E_production, the
// unlocked types, the rates). The kernels compute the base once per block of players and the rates once per piece.
//
// The ruleset is read through a table `t` (RuleTable below): rules/ruleset_table.hpp's over a
// Ruleset for the scalar engine, kernels.hpp's over its flat KernelRules.
//
// Internal linkage (an unnamed namespace), as kernels.hpp: these are compiled into objects built
// with different instruction sets, and the linker must not keep one copy for all of them.
#pragma once

#include <concepts>

#include "lanes.hpp"
#include "llamawool/ruleset.hpp"

namespace llamawool::rules {
namespace {

// The ruleset as the rules below read it. Numbers are doubles, times int64 (the scalar engine's
// table) or doubles (the kernels'); `for_each_product(b, f)` calls f(w) for each wool type w
// (< wool_count()) that building b produces. `all_unlocked(runValue)` may answer true only when
// every lane has every wool type unlocked: it lets a rule skip the unlock selects, never changes a
// result.
template <class T>
concept RuleTable = requires(const T& t, int i, void (*f)(int)) {
    { t.wool_count() } -> std::convertible_to<int>;
    { t.building_count() } -> std::convertible_to<int>;
    { t.event_count() } -> std::convertible_to<int>;
    { t.starting_llama_basic_per_second() } -> std::convertible_to<double>;
    { t.click_basic_wool() } -> std::convertible_to<double>;
    { t.achievement_production_bonus() } -> std::convertible_to<double>;
    { t.soul_shear_production_bonus() } -> std::convertible_to<double>;
    { t.soul_shear_building_bonus() } -> std::convertible_to<double>;
    { t.base_production(i) } -> std::convertible_to<double>;
    t.for_each_product(i, f);
    { t.production_rate(i) } -> std::convertible_to<double>;
    { t.rare(i) } -> std::convertible_to<bool>;
    { t.base_value(i) } -> std::convertible_to<double>;
    { t.unlock_value(i) } -> std::convertible_to<double>;
    // The values to search for the next unlock: every wool type's, or only the distinct ones.
    { t.unlock_search_count() } -> std::convertible_to<int>;
    { t.unlock_search_value(i) } -> std::convertible_to<double>;
    t.event_start_ms(i);
    t.event_end_ms(i);
};

// A player's inputs to the production rule besides building levels.
template <class Amount>
struct ProductionInputs {
    Amount upgradeProduction;    // U_production
    Amount upgradeClick;         // U_click
    Amount upgradeBuilding;      // U_building
    Amount upgradeRare;          // U_rare
    Amount autoClicksPerSecond;  // the upgrades' auto clicks
    Amount achievementCount;     // A
    Amount soulShears;           // SS
};

// The factors that stay fixed while a player advances.
template <class Amount>
struct ProductionBase {
    Amount achievements;                  // 1 + 0.02 A
    Amount prestige;                      // 1 + 0.10 SS
    Amount buildings;                     // B_eff = U_building * (1 + 0.05 SS)
    Amount upgradesAchievementsPrestige;  // U_production * (1 + 0.02 A) * (1 + 0.10 SS)
    Amount clickBase;                     // clickBasicWool * U_click
    Amount raw[kMaxWoolTypes];            // raw(w)
    Amount rawTimesRate[kMaxWoolTypes];   // raw(w) * productionRate(w)
    Amount upgradeRare;
    Amount autoClicksPerSecond;
};

// `level(b)` is the level of building b as an amount.
template <RuleTable Table, class Amount, class Level>
ProductionBase<Amount> production_base(const Table& t, const ProductionInputs<Amount>& in, Level level) {
    const Amount one(1.0), zero(0.0);
    ProductionBase<Amount> base;
    base.achievements = one + Amount(t.achievement_production_bonus()) * in.achievementCount;
    base.prestige = one + Amount(t.soul_shear_production_bonus()) * in.soulShears;
    base.buildings = in.upgradeBuilding * (one + Amount(t.soul_shear_building_bonus()) * in.soulShears);
    base.upgradesAchievementsPrestige = in.upgradeProduction * base.achievements * base.prestige;
    base.clickBase = Amount(t.click_basic_wool()) * in.upgradeClick;
    // raw(w) = [w = basic] * startingLlama + the sum over the buildings b that produce w, in table
    // order, of baseProduction(b) * level(b) * B_eff (the same for every type that b produces).
    for (int w = 0; w < t.wool_count(); ++w) base.raw[w] = (w == 0) ? Amount(t.starting_llama_basic_per_second()) : zero;
    for (int b = 0; b < t.building_count(); ++b) {
        const Amount output = Amount(t.base_production(b)) * level(b) * base.buildings;
        t.for_each_product(b, [&](int w) { base.raw[w] = base.raw[w] + output; });
    }
    for (int w = 0; w < t.wool_count(); ++w) base.rawTimesRate[w] = base.raw[w] * Amount(t.production_rate(w));
    base.upgradeRare = in.upgradeRare;
    base.autoClicksPerSecond = in.autoClicksPerSecond;
    return base;
}

// M_global = U_production * (1 + 0.02 A) * (1 + 0.10 SS) * E_production.
template <class Amount>
Amount global_multiplier(const ProductionBase<Amount>& base, const Amount& eProduction) {
    return base.upgradesAchievementsPrestige * eProduction;
}

// What production_rates writes (the scalar engine's Production has these members too).
template <class Amount>
struct ProductionRates {
    Amount clickPower;  // basic wool per shear click
    Amount rate[kMaxWoolTypes];
    Amount valueRate;
};

// A wool type is produced while runValue >= its unlockValue.
template <class Amount>
auto is_unlocked(const Amount& runValue, const Amount& unlockValue) {
    return runValue >= unlockValue;
}

// The rates at run value `runValue` with M_global `total` (global_multiplier): out.clickPower,
// out.rate[w] (0 for a locked type) and out.valueRate.
template <RuleTable Table, class Amount, class Rates>
void production_rates(const Table& t, const ProductionBase<Amount>& base, const Amount& total, const Amount& runValue,
                      Rates& out) {
    const Amount zero(0.0);
    const bool allUnlocked = t.all_unlocked(runValue);
    out.clickPower = base.clickBase * total;
    auto rate_of = [&](int w) {
        Amount rate = base.rawTimesRate[w] * total;
        if (t.rare(w)) rate = rate * base.upgradeRare;
        if (w == 0) rate = rate + base.autoClicksPerSecond * out.clickPower;
        return rate;
    };
    for (int w = 0; w < t.wool_count(); ++w) {
        if (allUnlocked) {
            out.rate[w] = rate_of(w);
            continue;
        }
        const auto unlocked = is_unlocked(runValue, Amount(t.unlock_value(w)));
        out.rate[w] = any(unlocked) ? pick(unlocked, rate_of(w), zero) : zero;
    }
    Amount valueRate = zero;
    for (int w = 0; w < t.wool_count(); ++w) valueRate = valueRate + out.rate[w] * Amount(t.base_value(w));
    out.valueRate = valueRate;
}

// The lowest unlockValue above runValue (+inf when none is).
template <RuleTable Table, class Amount>
Amount next_unlock_value(const Table& t, const Amount& runValue) {
    Amount next(kInfinity);
    if (t.all_unlocked(runValue)) return next;
    for (int k = 0; k < t.unlock_search_count(); ++k) {
        const Amount unlock(t.unlock_search_value(k));
        next = pick(both(unlock > runValue, unlock < next), unlock, next);
    }
    return next;
}

// The earliest event edge (start or end) strictly after `fromMs` and before `limitMs`, or limitMs.
template <RuleTable Table, class Time>
Time next_event_edge(const Table& t, const Time& fromMs, const Time& limitMs) {
    Time next = limitMs;
    for (int e = 0; e < t.event_count(); ++e) {
        const Time start(t.event_start_ms(e)), end(t.event_end_ms(e));
        next = pick(both(start > fromMs, start < next), start, next);
        next = pick(both(end > fromMs, end < next), end, next);
    }
    return next;
}

// Length of the linear piece that starts now: up to `remainingMs`, cut at the first whole
// millisecond at which runValue, growing by valuePerSecond, reaches `unlock` (the next unlock
// value, +inf for none); at least 1 ms.
template <class Amount, class Time>
Time piece_length(const Amount& unlock, const Amount& runValue, const Amount& valuePerSecond, const Time& remainingMs) {
    const auto cut = both(valuePerSecond > Amount(0.0), unlock != Amount(kInfinity));
    if (!any(cut)) return remainingMs;
    const Amount msToUnlock = (unlock - runValue) / valuePerSecond * Amount(1000.0);
    const Time ms = ceil_to_limit(msToUnlock, remainingMs);
    const Time one(1);
    return pick(cut, pick(ms < one, one, ms), remainingMs);
}

// Produces for `ms` milliseconds at efficiency `efficiency` with `rates` (anything with rate[w]
// and valueRate): wool, runValue and lifetimeValue grow (saturating), valueGained adds the value.
// `keep(next, now)` gives what is stored (the kernels keep the lanes that are done; the scalar
// engine stores next); `gained(w, amount)` is told each type's gain (the scalar engine's report).
template <RuleTable Table, class Rates, class Amount, class Time, class Keep, class Gained>
void produce(const Table& t, const Rates& rates, const Amount& efficiency, const Time& ms, Amount* wool,
             Amount& runValue, Amount& lifetimeValue, Amount& valueGained, Keep keep, Gained gained) {
    const Amount seconds = to_amount(ms) / Amount(1000.0);
    for (int w = 0; w < t.wool_count(); ++w) {
        const Amount woolGained = rates.rate[w] * efficiency * seconds;
        wool[w] = keep(saturate(wool[w] + woolGained), wool[w]);
        gained(w, woolGained);
    }
    const Amount value = rates.valueRate * efficiency * seconds;
    runValue = keep(saturate(runValue + value), runValue);
    lifetimeValue = keep(saturate(lifetimeValue + value), lifetimeValue);
    valueGained = keep(valueGained + value, valueGained);
}

}  // namespace
}  // namespace llamawool::rules
