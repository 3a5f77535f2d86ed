// The batch kernels, written once over xsimd::batch<double, Arch> and compiled once per
// instruction set (kernels_<arch>.cpp); the scalar fallback runs the same source on a batch of one
// double (scalar_batch.hpp). The rules are the scalar engine's own, instantiated on these vector
// types: time passing (offline, credited span, efficiency, play time) from rules/offline_rules.hpp,
// the click tokens' refill from rules/click_tokens_rules.hpp, production, the unlock and event
// breakpoints and produce() from rules/production_rules.hpp, the prestige threshold and gain from
// rules/prestige_rules.hpp. What
// is left here is the loop over blocks of players and pieces, with select() where the scalar code
// branches, so every lane gets the scalar bits. The events' factors come from rules/event_rules.hpp
// and the leaderboard's wool value from rules/payment_rules.hpp.
// Only +, -, *, / and comparisons touch state: no xsimd math functions, no min/max (their NaN and
// -0 behaviour differs between instruction sets), no FMA. select(), the saturation, the ceiling and
// the power-of-ten search are rules/lanes.hpp's, which the shared rules use too.
//
// Everything here has internal linkage or depends on Arch: a helper shared by two of the per-arch
// objects would be compiled with two different instruction sets, and the linker would keep one.
#pragma once

#include <cstddef>

#include <xsimd/xsimd.hpp>

#include "kernel_rules.hpp"
#include "rules/click_tokens_rules.hpp"
#include "rules/dmath.hpp"
#include "rules/event_rules.hpp"
#include "rules/limits.hpp"
#include "rules/offline_rules.hpp"
#include "rules/payment_rules.hpp"
#include "rules/prestige_rules.hpp"
#include "rules/production_rules.hpp"
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

// The ruleset as the shared rules read it (rules/production_rules.hpp's RuleTable), from the flat
// KernelRules. The unlock search runs over the distinct unlock values only, and all_unlocked gives
// the usual case after the early game (every lane has every wool type) without a select.
template <class B>
class KernelRulesTable {
public:
    explicit KernelRulesTable(const KernelRules& rules) : r_(rules) {}

    int wool_count() const { return r_.woolCount; }
    int building_count() const { return r_.buildingCount; }
    int event_count() const { return r_.eventCount; }

    double starting_llama_basic_per_second() const { return r_.startingLlamaBasicPerSecond; }
    double click_basic_wool() const { return r_.clickBasicWool; }
    double achievement_production_bonus() const { return r_.achievementProductionBonus; }
    double soul_shear_production_bonus() const { return r_.soulShearProductionBonus; }
    double soul_shear_building_bonus() const { return r_.soulShearBuildingBonus; }

    double base_production(int b) const { return r_.buildingBaseProduction[b]; }
    template <class F>
    void for_each_product(int b, F f) const {
        for (std::uint32_t m = r_.buildingProducesMask[b]; m != 0; m &= m - 1) f(__builtin_ctz(m));
    }

    double production_rate(int w) const { return r_.productionRate[w]; }
    bool rare(int w) const { return r_.rare[w]; }
    double base_value(int w) const { return r_.baseValue[w]; }
    double unlock_value(int w) const { return r_.unlockValue[w]; }
    bool all_unlocked(const B& runValue) const {
        return r_.unlockValueCount > 0 && all(runValue >= B(r_.unlockValuesDescending[0]));
    }
    int unlock_search_count() const { return r_.unlockValueCount; }
    double unlock_search_value(int k) const { return r_.unlockValuesDescending[k]; }

    double event_start_ms(int e) const { return r_.eventStartMs[e]; }
    double event_end_ms(int e) const { return r_.eventEndMs[e]; }

private:
    const KernelRules& r_;
};

template <class Arch>
struct Kernels {
    using B = typename VectorTypes<Arch>::Batch;
    using Mask = typename VectorTypes<Arch>::Mask;
    static constexpr std::size_t kLanes = B::size;

    static B load(const double* column, std::size_t i) { return B::load_unaligned(column + i); }
    static void store(double* column, std::size_t i, const B& value) {
        if (column) value.store_unaligned(column + i);
    }
    using Table = KernelRulesTable<B>;
    using ProductionBase = rules::ProductionBase<B>;
    using Rates = rules::ProductionRates<B>;

    // The parts of compute_production that stay fixed while a player advances, once per block.
    static ProductionBase production_base(const Table& t, const PlayerColumns& c, std::size_t i) {
        const rules::ProductionInputs<B> inputs{.upgradeProduction = load(c.upgradeProduction, i),
                                                .upgradeClick = load(c.upgradeClick, i),
                                                .upgradeBuilding = load(c.upgradeBuilding, i),
                                                .upgradeRare = load(c.upgradeRare, i),
                                                .autoClicksPerSecond = load(c.upgradeAutoClicksPerSecond, i),
                                                .achievementCount = load(c.achievementCount, i),
                                                .soulShears = load(c.soulShears, i)};
        return rules::production_base(t, inputs, [&](int b) { return load(c.buildingLevels[b], i); });
    }

    // advance() (advance.cpp) for `count` players from index 0, `kLanes` at a time.
    static void advance(const KernelRules& r, const PlayerColumns& c, const double* toMs, double commonToMs,
                        const AdvanceColumns& report, std::size_t count) {
        const B zero(0.0), one(1.0);
        const Table table(r);
        for (std::size_t i = 0; i < count; i += kLanes) {
            const ProductionBase base = production_base(table, c, i);
            const B soulShears = load(c.soulShears, i);
            const B upgradeOfflineEfficiency = load(c.upgradeOfflineEfficiency, i);
            const B last = load(c.lastUpdateMs, i);
            const B to = toMs ? load(toMs, i) : B(commonToMs);
            const B gap = to - last;

            // Online or offline, and the credited span (rules/offline_rules.hpp).
            const Mask offline = rules::is_offline(gap, B(r.onlineGapMaxMs));
            const B cap = rules::offline_cap_ms(B(r.offlineBaseCapMs), load(c.upgradeOfflineCapMs, i), B(r.offlineMaxCapMs));
            const B credited = rules::pick(offline, rules::offline_credited_ms(gap, cap), gap);
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
                // Events active at each lane's cursor (rules/event_rules.hpp), and the next event edge.
                B eProduction = one, eOffline = zero;
                for (int e = 0; e < r.eventCount; ++e) {
                    const Mask on = rules::event_active(B(r.eventStartMs[e]), B(r.eventEndMs[e]), cursor);
                    eProduction = rules::with_event_factor(on, eProduction, B(r.eventProduction[e]));
                    eOffline = rules::with_event_bonus(on, eOffline, B(r.eventOfflineEfficiency[e]));
                }
                const B edge = rules::next_event_edge(table, cursor, creditedEnd);
                rules::production_rates(table, base, rules::global_multiplier(base, eProduction), runValue, rates);
                const B efficiency = rules::pick(offline, rules::offline_efficiency(B(r.offlineBaseEfficiency), upgradeOfflineEfficiency,
                                                                                    B(r.offlineEfficiencyPerSoulShear), soulShears, eOffline),
                                                 one);
                const B ms = rules::piece_length(rules::next_unlock_value(table, runValue), runValue,
                                                 rates.valueRate * efficiency, edge - cursor);

                // produce(); lanes that are done keep their values (most blocks have none).
                const bool allActive = all(active);
                auto keep_done = [&](const B& next, const B& now) { return allActive ? next : rules::pick(active, next, now); };
                rules::produce(table, rates, efficiency, ms, wool, runValue, lifetimeValue, valueGained, keep_done,
                               [](int, const B&) {});
                cursor = keep_done(cursor + ms, cursor);
                active = cursor < creditedEnd;
            }
            for (int w = 0; w < r.woolCount; ++w) store(c.wool[w], i, wool[w]);
            store(c.runValue, i, runValue);
            store(c.lifetimeValue, i, lifetimeValue);

            // Play time and click tokens (rules/offline_rules.hpp, rules/click_tokens_rules.hpp), as advance() does in int64.
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
        const Table table(r);
        Rates rates;
        for (std::size_t i = 0; i < count; i += kLanes) {
            const ProductionBase base = production_base(table, c, i);
            rules::production_rates(table, base, rules::global_multiplier(base, eProduction), load(c.runValue, i), rates);
            for (int w = 0; w < r.woolCount; ++w) store(out.rate[w], i, rates.rate[w]);
            store(out.valueRate, i, rates.valueRate);
        }
    }

    // pending_soul_shears (prestige.cpp) with the prestige multiplier `events.prestige`.
    static void pending_soul_shears(const KernelRules& r, const PlayerColumns& c, CommonEventFactors events,
                                    double* out, std::size_t count) {
        const B multiplier(events.prestige), gainExponent(r.prestigeGainExponent);
        for (std::size_t i = 0; i < count; i += kLanes) {
            const B exponent = rules::prestige_threshold_exponent(B(r.prestigeThresholdBaseExponent),
                                                                  B(r.prestigeThresholdExponentStep), load(c.totalPrestiges, i));
            store(out, i, rules::pending_soul_shears(load(c.runValue, i), exponent, gainExponent, [&] { return multiplier; }));
        }
    }

    static void scores(const KernelRules& r, const PlayerColumns& c, CommonEventFactors events,
                       const ScoreColumns& out, std::size_t count) {
        const B eProduction(events.production);
        const Table table(r);
        Rates rates;
        for (std::size_t i = 0; i < count; i += kLanes) {
            store(out.lifetimeValue, i, load(c.lifetimeValue, i));
            store(out.currentWoolValue, i, rules::wool_value<B>(r.woolCount, [&](int w) { return load(c.wool[w], i); },
                                                                [&](int w) { return B(r.baseValue[w]); }));
            store(out.prestigeLevel, i, load(c.totalPrestiges, i));
            store(out.soulShears, i, load(c.soulShears, i));
            if (out.valuePerSecond) {
                const ProductionBase base = production_base(table, c, i);
                rules::production_rates(table, base, rules::global_multiplier(base, eProduction), load(c.runValue, i), rates);
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
