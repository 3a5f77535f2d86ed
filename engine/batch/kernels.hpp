// The batch kernels, written once over xsimd::batch<double, Arch> and compiled once per
// instruction set (kernels_<arch>.cpp); the scalar fallback runs the same source on a batch of one
// double (scalar_batch.hpp). The rules of time passing (offline, credited span, efficiency, play
// time, click tokens) are the scalar engine's own, from rules/time_rules.hpp; the other lines
// repeat the scalar engine's expression in the scalar engine's order (production.cpp,
// prestige.cpp, scores.cpp), with comparisons and select() where the scalar code branches, so
// every lane gets the scalar bits.
// Only +, -, *, / and comparisons touch state: no xsimd math functions, no min/max (their NaN and
// -0 behaviour differs between instruction sets), no FMA.
//
// Everything here has internal linkage or depends on Arch: a helper shared by two of the per-arch
// objects would be compiled with two different instruction sets, and the linker would keep one.
#pragma once

#include <cstddef>

#include <xsimd/xsimd.hpp>

#include "rules/dmath.hpp"
#include "kernel_rules.hpp"
#include "rules/limits.hpp"
#include "rules/prestige_rules.hpp"
#include "rules/time_rules.hpp"
#include "scalar_batch.hpp"

namespace llamawool::batch_detail {
namespace {

// The vector types of an architecture: xsimd's for a SIMD instruction set, one double for the
// scalar fallback. The kernels call select(), any() and all() unqualified, so that argument-dependent
// lookup finds xsimd's for xsimd types and scalar_batch.hpp's for the scalar ones.
template <class Arch>
struct VectorTypes {
    using Batch = xsimd::batch<double, Arch>;
    using Mask = xsimd::batch_bool<double, Arch>;
};
template <>
struct VectorTypes<scalar_arch> {
    using Batch = ScalarBatch;
    using Mask = ScalarMask;
};

// Constants as literals: std::numeric_limits' functions are out-of-line at -O0, and a copy compiled
// for AVX-512 could be the one the linker keeps for everybody.
constexpr double kInfinity = __builtin_inf();
constexpr double kSmallestSubnormal = 0x1p-1074;
constexpr double kLargest = 1.7976931348623157e308;

template <class Arch>
struct Kernels {
    using B = typename VectorTypes<Arch>::Batch;
    using Mask = typename VectorTypes<Arch>::Mask;
    static constexpr std::size_t kLanes = B::size;

    static B load(const double* column, std::size_t i) { return B::load_unaligned(column + i); }
    static void store(double* column, std::size_t i, const B& value) {
        if (column) value.store_unaligned(column + i);
    }
    static B pick(const Mask& m, const B& yes, const B& no) { return select(m, yes, no); }

    // dmath::saturate: x > DBL_MAX ? DBL_MAX : x (NaN stays NaN, as in the scalar code).
    static B saturate(const B& x) {
        const B largest(kLargest);
        return pick(x > largest, largest, x);
    }

    // dmath::ceil_to_int for x >= 0 (or NaN) and a whole `limit` <= 2^53, as a double.
    static B ceil_to_limit(const B& x, const B& limit) {
        // Below 2^52, (x + 2^52) - 2^52 is x rounded to a whole number; one step up if that went
        // down. From 2^52 on every double is whole already.
        const B two52(4503599627370496.0);
        const B rounded = (x + two52) - two52;
        const B ceiled = pick(rounded < x, rounded + B(1.0), rounded);
        const B whole = pick(x < two52, ceiled, x);
        return pick(x < limit, whole, limit);  // !(x < limit) -> limit, NaN included
    }

    // The parts of compute_production that stay fixed while a player advances: everything except
    // the event factor and the set of unlocked wool types. Same operations in the same order as
    // production.cpp, computed once per block of players instead of once per piece.
    struct ProductionBase {
        B upgradesAchievementsPrestige;  // U_production * (1 + 0.02 A) * (1 + 0.10 SS)
        B clickBase;                     // clickBasicWool * U_click
        B rawTimesRate[kMaxWoolTypes];   // raw(w) * productionRate(w)
        B upgradeRare;
        B autoClicksPerSecond;
    };

    static ProductionBase production_base(const KernelRules& r, const PlayerColumns& c, std::size_t i) {
        const B one(1.0), zero(0.0);
        const B soulShears = load(c.soulShears, i);
        const B achievements = one + B(r.achievementProductionBonus) * load(c.achievementCount, i);
        const B prestige = one + B(r.soulShearProductionBonus) * soulShears;
        const B buildings = load(c.upgradeBuilding, i) * (one + B(r.soulShearBuildingBonus) * soulShears);
        // baseProduction(b) * level(b) * B_eff: the same for every wool type that b produces.
        B output[kMaxBuildings];
        for (int b = 0; b < r.buildingCount; ++b)
            output[b] = B(r.buildingBaseProduction[b]) * load(c.buildingLevels[b], i) * buildings;

        ProductionBase base;
        base.upgradesAchievementsPrestige = load(c.upgradeProduction, i) * achievements * prestige;
        base.clickBase = B(r.clickBasicWool) * load(c.upgradeClick, i);
        for (int w = 0; w < r.woolCount; ++w) {
            B raw = (w == 0) ? B(r.startingLlamaBasicPerSecond) : zero;
            for (int k = 0; k < r.producerCount[w]; ++k) raw = raw + output[r.producer[w][k]];
            base.rawTimesRate[w] = raw * B(r.productionRate[w]);
        }
        base.upgradeRare = load(c.upgradeRare, i);
        base.autoClicksPerSecond = load(c.upgradeAutoClicksPerSecond, i);
        return base;
    }

    struct Rates {
        B rate[kMaxWoolTypes];
        B valueRate;
    };

    // True when every lane has every wool type unlocked (the usual case after the early game):
    // then no lane needs the unlock selects below, nor the search for the next unlock.
    static bool all_unlocked(const KernelRules& r, const B& runValue) {
        return r.unlockValueCount > 0 && all(runValue >= B(r.unlockValuesDescending[0]));
    }

    // compute_production's rates with E_production `eProduction` at run value `runValue`.
    static void production(const KernelRules& r, const ProductionBase& base, const B& runValue,
                           const B& eProduction, Rates& out) {
        const B zero(0.0);
        const bool allUnlocked = all_unlocked(r, runValue);
        const B total = base.upgradesAchievementsPrestige * eProduction;  // M_global
        const B clickPower = base.clickBase * total;
        for (int w = 0; w < r.woolCount; ++w) {
            B rate = base.rawTimesRate[w] * total;
            if (r.rare[w]) rate = rate * base.upgradeRare;
            if (w == 0) rate = rate + base.autoClicksPerSecond * clickPower;
            out.rate[w] = allUnlocked ? rate : pick(runValue >= B(r.unlockValue[w]), rate, zero);
        }
        B valueRate = zero;
        for (int w = 0; w < r.woolCount; ++w) valueRate = valueRate + out.rate[w] * B(r.baseValue[w]);
        out.valueRate = valueRate;
    }

    // The lowest unlockValue above runValue (+inf when every type is unlocked): scanning the
    // distinct unlock values from the highest down, the last one above runValue is the lowest.
    static B next_unlock_value(const KernelRules& r, const B& runValue) {
        B next(kInfinity);
        if (all_unlocked(r, runValue)) return next;
        for (int k = 0; k < r.unlockValueCount; ++k) {
            const B unlock(r.unlockValuesDescending[k]);
            next = pick(unlock > runValue, unlock, next);
        }
        return next;
    }

    // advance() (advance.cpp) for `count` players from index 0, `kLanes` at a time.
    static void advance(const KernelRules& r, const PlayerColumns& c, const double* toMs, double commonToMs,
                        const AdvanceColumns& report, std::size_t count) {
        const B zero(0.0), one(1.0), thousand(1000.0);
        for (std::size_t i = 0; i < count; i += kLanes) {
            const ProductionBase base = production_base(r, c, i);
            const B soulShears = load(c.soulShears, i);
            const B upgradeOfflineEfficiency = load(c.upgradeOfflineEfficiency, i);
            const B last = load(c.lastUpdateMs, i);
            const B to = toMs ? load(toMs, i) : B(commonToMs);
            const B gap = to - last;

            // Online or offline, and the credited span (rules/time_rules.hpp).
            const Mask offline = rules::is_offline(gap, B(r.onlineGapMaxMs));
            const B cap = rules::offline_cap_ms(B(r.offlineBaseCapMs), load(c.upgradeOfflineCapMs, i), B(r.offlineMaxCapMs));
            const B credited = pick(offline, rules::offline_credited_ms(gap, cap), gap);
            const B creditedEnd = last + credited;

            B wool[kMaxWoolTypes];
            for (int w = 0; w < r.woolCount; ++w) wool[w] = load(c.wool[w], i);
            B runValue = load(c.runValue, i);
            B lifetimeValue = load(c.lifetimeValue, i);
            B valueGained = zero;
            B cursor = last;
            Mask active = cursor < creditedEnd;
            Rates rates;
            while (any(active)) {
                // Events active at each lane's cursor, and the next event edge before creditedEnd.
                B eProduction = one, eOffline = zero, edge = creditedEnd;
                for (int e = 0; e < r.eventCount; ++e) {
                    const B start(r.eventStartMs[e]), end(r.eventEndMs[e]);
                    const Mask on = (start <= cursor) & (cursor < end);
                    eProduction = pick(on, eProduction * B(r.eventProduction[e]), eProduction);
                    eOffline = pick(on, eOffline + B(r.eventOfflineEfficiency[e]), eOffline);
                    edge = pick((start > cursor) & (start < edge), start, edge);
                    edge = pick((end > cursor) & (end < edge), end, edge);
                }
                production(r, base, runValue, eProduction, rates);
                const B efficiency = pick(offline, rules::offline_efficiency(B(r.offlineBaseEfficiency), upgradeOfflineEfficiency,
                                                                             B(r.offlineEfficiencyPerSoulShear), soulShears, eOffline),
                                          one);

                // piece_length: up to the edge, cut where runValue reaches the next unlock.
                const B remaining = edge - cursor;
                const B valuePerSecond = rates.valueRate * efficiency;
                const B unlock = next_unlock_value(r, runValue);
                const Mask cut = (valuePerSecond > zero) & (unlock != B(kInfinity));
                B ms = remaining;
                if (any(cut)) {
                    const B msToUnlock = (unlock - runValue) / valuePerSecond * thousand;
                    B msCut = ceil_to_limit(msToUnlock, remaining);
                    msCut = pick(msCut < one, one, msCut);
                    ms = pick(cut, msCut, remaining);
                }

                // produce(); lanes that are done keep their values (most blocks have none).
                const bool allActive = all(active);
                auto keep_done = [&](const B& next, const B& now) { return allActive ? next : pick(active, next, now); };
                const B seconds = ms / thousand;
                for (int w = 0; w < r.woolCount; ++w) {
                    const B gained = rates.rate[w] * efficiency * seconds;
                    wool[w] = keep_done(saturate(wool[w] + gained), wool[w]);
                }
                const B value = rates.valueRate * efficiency * seconds;
                runValue = keep_done(saturate(runValue + value), runValue);
                lifetimeValue = keep_done(saturate(lifetimeValue + value), lifetimeValue);
                valueGained = keep_done(valueGained + value, valueGained);
                cursor = keep_done(cursor + ms, cursor);
                active = cursor < creditedEnd;
            }
            for (int w = 0; w < r.woolCount; ++w) store(c.wool[w], i, wool[w]);
            store(c.runValue, i, runValue);
            store(c.lifetimeValue, i, lifetimeValue);

            // Play time and click tokens (rules/time_rules.hpp), as advance() does in int64.
            store(c.playTimeMs, i, rules::play_time_after(offline, load(c.playTimeMs, i), gap));
            store(c.clickTokensMilli, i, rules::click_tokens_after(load(c.clickTokensMilli, i), gap, B(r.clickBurstMilli),
                                                                   B(r.clickTokensPerSecond)));
            store(c.lastUpdateMs, i, to);

            store(report.creditedMs, i, credited);
            store(report.forfeitedMs, i, gap - credited);
            store(report.valueGained, i, valueGained);
        }
    }

    // A whole number of ms in [0, 2^53) (batch_dispatch.cpp's is_time, lane by lane).
    static Mask is_time(const B& t) {
        const B two52(4503599627370496.0), limit(limits::kTimeLimitMs);
        return (t >= B(0.0)) & (t < limit) & ((t >= two52) | (((t + two52) - two52) == t));
    }

    // True when every player's lastUpdateMs and target time are valid times, target >= last.
    static bool times_valid(const PlayerColumns& c, const double* toMs, double commonToMs, std::size_t count) {
        for (std::size_t i = 0; i < count; i += kLanes) {
            const B last = load(c.lastUpdateMs, i);
            const B to = toMs ? load(toMs, i) : B(commonToMs);
            if (!all(is_time(last) & is_time(to) & (to >= last))) return false;
        }
        return true;
    }

    static void rates(const KernelRules& r, const PlayerColumns& c, CommonEventFactors events,
                      const RateColumns& out, std::size_t count) {
        const B eProduction(events.production);
        Rates rates;
        for (std::size_t i = 0; i < count; i += kLanes) {
            production(r, production_base(r, c, i), load(c.runValue, i), eProduction, rates);
            for (int w = 0; w < r.woolCount; ++w) store(out.rate[w], i, rates.rate[w]);
            store(out.valueRate, i, rates.valueRate);
        }
    }

    // dmath::floor_log10: the largest k with x >= the smallest double >= 10^k, found by a
    // branch-free binary search that reads the table lane by lane.
    static B floor_log10(const B& x) {
        const double* bounds = dmath::pow10_lower_bounds();
        constexpr int kEntries = dmath::kPow10Max - dmath::kPow10Min + 1;
        alignas(64) double xs[kLanes], found[kLanes];
        x.store_aligned(xs);
        for (std::size_t lane = 0; lane < kLanes; ++lane) {
            int lo = -1;  // index of the largest bound known to be <= x (-1: none)
            for (int step = 512; step > 0; step /= 2)
                if (lo + step < kEntries && xs[lane] >= bounds[lo + step]) lo += step;
            found[lane] = static_cast<double>(lo + dmath::kPow10Min);
        }
        return B::load_aligned(found);
    }

    // x >= 10^k for whole k (as doubles); false above the table, x > 0 below it.
    static Mask at_least_pow10(const B& x, const B& k) {
        const double* bounds = dmath::pow10_lower_bounds();
        alignas(64) double ks[kLanes], bound[kLanes];
        k.store_aligned(ks);
        for (std::size_t lane = 0; lane < kLanes; ++lane) {
            const double kk = ks[lane];
            // NaN (a NaN totalPrestiges column) compares false both ways: it must not reach the
            // cast to int, which would be undefined and index far outside the table.
            bound[lane] = kk > dmath::kPow10Max   ? kInfinity
                          : kk < dmath::kPow10Min ? kSmallestSubnormal
                          : kk != kk              ? kInfinity
                                                  : bounds[static_cast<int>(kk) - dmath::kPow10Min];
        }
        const B boundBatch = B::load_aligned(bound);
        // Above the table no finite x reaches 10^k (x may be +inf only in a corrupt column).
        return (x >= boundBatch) & (k <= B(dmath::kPow10Max));
    }

    // pending_soul_shears (prestige.cpp) with the prestige multiplier `events.prestige`.
    static void pending_soul_shears(const KernelRules& r, const PlayerColumns& c, CommonEventFactors events,
                                    double* out, std::size_t count) {
        const B zero(0.0), one(1.0);
        for (std::size_t i = 0; i < count; i += kLanes) {
            const B runValue = load(c.runValue, i);
            const B exponent = rules::prestige_threshold_exponent(B(r.prestigeThresholdBaseExponent),
                                                                  B(r.prestigeThresholdExponentStep), load(c.totalPrestiges, i));
            const Mask threshold = (exponent <= B(rules::kHighestReachableExponent)) & at_least_pow10(runValue, exponent);
            const B k = floor_log10(runValue) - B(r.prestigeGainExponent);
            const B gain = pick(runValue > zero, k * B(events.prestige), zero);
            store(out, i, pick(threshold & (gain >= one), gain, zero));
        }
    }

    static void scores(const KernelRules& r, const PlayerColumns& c, CommonEventFactors events,
                       const ScoreColumns& out, std::size_t count) {
        const B eProduction(events.production);
        Rates rates;
        for (std::size_t i = 0; i < count; i += kLanes) {
            store(out.lifetimeValue, i, load(c.lifetimeValue, i));
            B woolValue(0.0);
            for (int w = 0; w < r.woolCount; ++w) woolValue = woolValue + load(c.wool[w], i) * B(r.baseValue[w]);
            store(out.currentWoolValue, i, woolValue);
            store(out.prestigeLevel, i, load(c.totalPrestiges, i));
            store(out.soulShears, i, load(c.soulShears, i));
            if (out.valuePerSecond) {
                production(r, production_base(r, c, i), load(c.runValue, i), eProduction, rates);
                store(out.valuePerSecond, i, rates.valueRate);
            }
        }
    }

    static const KernelTable& table(BatchArch arch) {
        static const KernelTable t{arch, kLanes, &times_valid, &advance, &rates, &pending_soul_shears, &scores};
        return t;
    }
};

}  // namespace
}  // namespace llamawool::batch_detail
