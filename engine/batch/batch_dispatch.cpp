// The public batch functions: argument checks, the choice of instruction set, and the padded
// remainder. The arithmetic itself is in kernels.hpp.
#include <algorithm>
#include <functional>
#include <cstdlib>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "rules/limits.hpp"
#include "cpu_features.hpp"
#include "kernel_rules.hpp"
#include "rules/modifiers.hpp"
#include "llamawool/batch.hpp"

namespace llamawool {
namespace batch_detail {
namespace {

constexpr std::size_t kMaxLanes = 8;  // avx512f: 8 doubles (neon64 and sse2: 2, scalar: 1)
constexpr double kTimeLimit = limits::kTimeLimitMs;  // 2^53: times are whole numbers below it

// Which kernel files this build compiled: engine/CMakeLists.txt defines LLAMAWOOL_BATCH_KERNELS_<ARCH>
// for each kernels_<arch>.cpp it adds. The scalar fallback is in every build.
bool compiled(BatchArch arch) {
    switch (arch) {
        case BatchArch::scalar: return true;
#if defined(LLAMAWOOL_BATCH_KERNELS_SSE2)
        case BatchArch::sse2: return true;
#endif
#if defined(LLAMAWOOL_BATCH_KERNELS_SSE4_2)
        case BatchArch::sse4_2: return true;
#endif
#if defined(LLAMAWOOL_BATCH_KERNELS_AVX2)
        case BatchArch::avx2: return true;
#endif
#if defined(LLAMAWOOL_BATCH_KERNELS_AVX512F)
        case BatchArch::avx512f: return true;
#endif
#if defined(LLAMAWOOL_BATCH_KERNELS_NEON64)
        case BatchArch::neon64: return true;
#endif
        default: return false;
    }
}

bool runs_here(BatchArch arch) {
    const CpuFeatures& cpu = cpu_features();
    switch (arch) {
        case BatchArch::scalar: return true;
        case BatchArch::sse2: return cpu.sse2;
        case BatchArch::sse4_2: return cpu.sse4_2;
        case BatchArch::avx2: return cpu.avx2;
        case BatchArch::avx512f: return cpu.avx512f;
        case BatchArch::neon64: return cpu.neon64;
        default: return false;
    }
}

// Only called for an arch that compiled() and runs_here() accepted.
const KernelTable& kernel_table(BatchArch arch) {
    switch (arch) {
#if defined(LLAMAWOOL_BATCH_KERNELS_SSE2)
        case BatchArch::sse2: return kernels_sse2();
#endif
#if defined(LLAMAWOOL_BATCH_KERNELS_SSE4_2)
        case BatchArch::sse4_2: return kernels_sse4_2();
#endif
#if defined(LLAMAWOOL_BATCH_KERNELS_AVX2)
        case BatchArch::avx2: return kernels_avx2();
#endif
#if defined(LLAMAWOOL_BATCH_KERNELS_AVX512F)
        case BatchArch::avx512f: return kernels_avx512f();
#endif
#if defined(LLAMAWOOL_BATCH_KERNELS_NEON64)
        case BatchArch::neon64: return kernels_neon64();
#endif
        default: return kernels_scalar();
    }
}

// Every instruction set, worst first (the order of available_batch_archs()).
constexpr BatchArch kAllArchs[] = {BatchArch::scalar, BatchArch::sse2,    BatchArch::sse4_2,
                                   BatchArch::avx2,   BatchArch::avx512f, BatchArch::neon64};

std::string arch_list(const std::vector<BatchArch>& archs) {
    std::string list;
    for (BatchArch a : archs) list += (list.empty() ? "" : ", ") + std::string(batch_arch_name(a));
    return list;
}

Status check_available(BatchArch arch, const char* source) {
    if (compiled(arch) && runs_here(arch)) return Status::success();
    return Status::error(ErrorCode::invalid_argument,
                         fmt::format("{}: {} is not available on this machine (available: {})", source,
                                     batch_arch_name(arch), arch_list(available_batch_archs())));
}

// Finds the first required column that is null.
class ColumnCheck {
public:
    explicit ColumnCheck(const char* function) : function_(function) {}
    void require(const double* column, const std::string& name) {
        if (!column && status_.ok())
            status_ = Status::error(ErrorCode::invalid_argument,
                                    fmt::format("columns.{}: null, but {} reads it", name, function_));
    }
    // The columns compute_production reads.
    void require_production_inputs(const Ruleset& rules, const PlayerColumns& c) {
        for (int b = 0; b < rules.building_count(); ++b)
            require(c.buildingLevels[b], fmt::format("buildingLevels[{}]", b));
        require(c.soulShears, "soulShears");
        require(c.achievementCount, "achievementCount");
        require(c.upgradeProduction, "upgradeProduction");
        require(c.upgradeClick, "upgradeClick");
        require(c.upgradeBuilding, "upgradeBuilding");
        require(c.upgradeRare, "upgradeRare");
        require(c.upgradeAutoClicksPerSecond, "upgradeAutoClicksPerSecond");
        require(c.runValue, "runValue");
    }
    void require_wool(const Ruleset& rules, const PlayerColumns& c) {
        for (int w = 0; w < rules.wool_count(); ++w) require(c.wool[w], fmt::format("wool[{}]", w));
    }
    const Status& status() const { return status_; }

private:
    const char* function_;
    Status status_ = Status::success();
};

// A whole number in [0, 2^53). Below 2^52, (t + 2^52) - 2^52 rounds t to a whole number; from
// 2^52 on every double is whole. (No floor(): this runs for every player of every call.)
bool is_time(double t) {
    constexpr double k2To52 = 4503599627370496.0;
    return t >= 0 && t < kTimeLimit && (t >= k2To52 || (t + k2To52) - k2To52 == t);
}

Status check_time(std::int64_t t, const char* name) {
    if (t >= 0 && t < static_cast<std::int64_t>(kTimeLimit)) return Status::success();
    return Status::error(ErrorCode::invalid_argument, fmt::format("{}: must be in [0, 2^53), got {}", name, t));
}

// Every player's target time must be whole, in range and not before its lastUpdateMs. The kernel
// checks the whole blocks; this loop checks the rest, and names the first bad player.
Status check_advance_times(const KernelTable& k, const PlayerColumns& c, const double* toMs, double commonToMs) {
    const std::size_t whole = c.count - c.count % k.lanes;
    const std::size_t first = k.timesValid(c, toMs, commonToMs, whole) ? whole : 0;
    for (std::size_t i = first; i < c.count; ++i) {
        const double last = c.lastUpdateMs[i];
        const double to = toMs ? toMs[i] : commonToMs;
        if (!is_time(last))
            return Status::error(ErrorCode::invalid_argument,
                                 fmt::format("lastUpdateMs[{}]: must be a whole number of ms in [0, 2^53), got {}", i, last));
        if (!is_time(to))
            return Status::error(ErrorCode::invalid_argument,
                                 fmt::format("toMs[{}]: must be a whole number of ms in [0, 2^53), got {}", i, to));
        if (to < last)
            return Status::error(ErrorCode::invalid_argument,
                                 fmt::format("toMs[{}]: {} is before the player's lastUpdateMs {}", i, to, last));
    }
    return Status::success();
}

// The last count % lanes players run through local copies of their columns, padded to a whole
// block by repeating the last real player (real values: no NaN or garbage in the padding lanes).
class PaddedTail {
public:
    PaddedTail(std::size_t first, std::size_t real) : first_(first), real_(real) {}
    PaddedTail(const PaddedTail&) = delete;
    PaddedTail& operator=(const PaddedTail&) = delete;

    // A local copy of a column that the kernel only reads (nothing is written back).
    double* input(const double* column) { return column ? copy_in(column) : nullptr; }
    // A local copy that is written back to the column afterwards.
    double* output(double* column) {
        if (!column) return nullptr;
        double* local = copy_in(column);
        writeBack_[writeBackCount_++] = {column + first_, local};
        return local;
    }
    void write_back() const {
        for (std::size_t k = 0; k < writeBackCount_; ++k)
            std::memcpy(writeBack_[k].column, writeBack_[k].local, real_ * sizeof(double));
    }

private:
    static constexpr std::size_t kMaxColumns = 2 * (kMaxWoolTypes + kMaxBuildings + 24);
    double* copy_in(const double* column) {
        double* local = buffers_[used_++];
        for (std::size_t lane = 0; lane < kMaxLanes; ++lane)
            local[lane] = column[first_ + (lane < real_ ? lane : real_ - 1)];
        return local;
    }
    struct Pending {
        double* column;
        const double* local;
    };
    std::size_t first_, real_;
    alignas(64) double buffers_[kMaxColumns][kMaxLanes];
    std::size_t used_ = 0;
    Pending writeBack_[kMaxColumns];
    std::size_t writeBackCount_ = 0;
};

// The player columns for the tail; `writes` says whether the kernel changes the state columns
// (the advance does; the kernels that evaluate a moment only read them).
PlayerColumns tail_columns(PaddedTail& tail, const PlayerColumns& c, bool writes) {
    PlayerColumns t = c;
    t.count = kMaxLanes;
    for_each_column(t, [&](double*& column, bool writtenByAdvance) {
        column = writes && writtenByAdvance ? tail.output(column) : tail.input(column);
    });
    return t;
}

// Runs `kernel(columns, count)` on the whole blocks in place and on the padded tail.
template <class RunBlocks, class RunTail>
void run_in_blocks(const KernelTable& table, std::size_t count, RunBlocks runBlocks, RunTail runTail) {
    const std::size_t whole = count - count % table.lanes;
    if (whole > 0) runBlocks(whole);
    if (whole < count) {
        PaddedTail tail(whole, count - whole);
        runTail(tail, table.lanes);
        tail.write_back();
    }
}

// The shared preamble of every batch function: the instruction set and the ruleset as arrays.
struct Prepared {
    const KernelTable* table = nullptr;
    KernelRules rules;
};

Result<Prepared> prepare(const Ruleset& rules, const BatchOptions& options, const Status& columns) {
    if (!columns.ok()) return columns;
    Result<BatchArch> arch = resolve_batch_arch(options.arch);
    if (!arch.ok()) return arch.status();
    Prepared p;
    p.table = &kernel_table(arch.value());
    p.rules = make_kernel_rules(rules);
    return p;
}

CommonEventFactors common_event_factors(const Ruleset& rules, std::int64_t atMs) {
    const detail::Modifiers m = detail::compute_modifiers(rules, State{}, atMs);
    return {m.eProduction, m.ePrestige};
}

Status advance_batch_impl(const Ruleset& rules, const PlayerColumns& c, const double* toMs, double commonToMs,
                          const AdvanceColumns* report, const BatchOptions& options) {
    ColumnCheck check(toMs ? "advance_batch" : "advance_batch_to");
    check.require_wool(rules, c);
    check.require_production_inputs(rules, c);
    check.require(c.upgradeOfflineEfficiency, "upgradeOfflineEfficiency");
    check.require(c.upgradeOfflineCapMs, "upgradeOfflineCapMs");
    check.require(c.lifetimeValue, "lifetimeValue");
    check.require(c.lastUpdateMs, "lastUpdateMs");
    check.require(c.playTimeMs, "playTimeMs");
    check.require(c.clickTokensMilli, "clickTokensMilli");
    Result<Prepared> p = prepare(rules, options, check.status());
    if (!p.ok()) return p.status();
    const KernelTable& k = *p->table;
    if (Status s = check_advance_times(k, c, toMs, commonToMs); !s.ok()) return s;

    const AdvanceColumns out = report ? *report : AdvanceColumns{};
    run_in_blocks(
        k, c.count, [&](std::size_t n) { k.advance(p->rules, c, toMs, commonToMs, out, n); },
        [&](PaddedTail& tail, std::size_t lanes) {
            const PlayerColumns t = tail_columns(tail, c, true);
            const AdvanceColumns tOut{tail.output(out.creditedMs), tail.output(out.forfeitedMs),
                                      tail.output(out.valueGained)};
            k.advance(p->rules, t, tail.input(toMs), commonToMs, tOut, lanes);
        });
    return Status::success();
}

// The kernels that evaluate every player at one moment (rates, pending soul shears, scores):
// `kernel` is the KernelTable entry, `tailOutput` redirects the outputs for the padded tail.
template <class Kernel, class Output, class TailOutput>
Status run_at_moment(const Ruleset& rules, const PlayerColumns& c, std::int64_t atMs, const ColumnCheck& check,
                     const BatchOptions& options, Kernel KernelTable::*kernel, const Output& out,
                     TailOutput tailOutput) {
    if (Status s = check_time(atMs, "atMs"); !s.ok()) return s;
    Result<Prepared> p = prepare(rules, options, check.status());
    if (!p.ok()) return p.status();
    const CommonEventFactors events = common_event_factors(rules, atMs);
    const KernelTable& k = *p->table;
    run_in_blocks(
        k, c.count, [&](std::size_t n) { (k.*kernel)(p->rules, c, events, out, n); },
        [&](PaddedTail& tail, std::size_t lanes) {
            (k.*kernel)(p->rules, tail_columns(tail, c, false), events, tailOutput(tail), lanes);
        });
    return Status::success();
}

}  // namespace

KernelRules make_kernel_rules(const Ruleset& rules) {
    KernelRules k;
    const Constants& c = rules.constants;
    k.woolCount = rules.wool_count();
    k.buildingCount = rules.building_count();
    k.eventCount = static_cast<int>(rules.events.size());
    for (int w = 0; w < k.woolCount; ++w) {
        const WoolType& type = rules.wool[w];
        k.baseValue[w] = type.baseValue;
        k.productionRate[w] = type.productionRate;
        k.unlockValue[w] = type.unlockValue;
        k.rare[w] = type.rare;
    }
    std::vector<double> unlocks;
    for (const WoolType& type : rules.wool) unlocks.push_back(type.unlockValue);
    std::sort(unlocks.begin(), unlocks.end(), std::greater<>());
    unlocks.erase(std::unique(unlocks.begin(), unlocks.end()), unlocks.end());
    k.unlockValueCount = static_cast<int>(unlocks.size());
    std::copy(unlocks.begin(), unlocks.end(), k.unlockValuesDescending);
    for (int b = 0; b < k.buildingCount; ++b) {
        k.buildingBaseProduction[b] = rules.buildings[b].baseProduction;
        k.buildingProducesMask[b] = rules.buildings[b].producesMask & ((1u << k.woolCount) - 1);
    }
    k.startingLlamaBasicPerSecond = c.startingLlamaBasicPerSecond;
    k.clickBasicWool = c.clickBasicWool;
    k.achievementProductionBonus = c.achievementProductionBonus;
    k.soulShearProductionBonus = c.soulShearProductionBonus;
    k.soulShearBuildingBonus = c.soulShearBuildingBonus;
    k.onlineGapMaxMs = static_cast<double>(c.onlineGapMaxMs);
    k.offlineBaseCapMs = static_cast<double>(c.offlineBaseCapMs);
    k.offlineMaxCapMs = static_cast<double>(c.offlineMaxCapMs);
    k.offlineBaseEfficiency = c.offlineBaseEfficiency;
    k.offlineEfficiencyPerSoulShear = c.offlineEfficiencyPerSoulShear;
    k.clickTokensPerSecond = static_cast<double>(c.clickTokensPerSecond);
    k.clickBurstMilli = static_cast<double>(c.clickBurst * 1000);
    k.prestigeThresholdBaseExponent = static_cast<double>(c.prestigeThresholdBaseExponent);
    k.prestigeThresholdExponentStep = static_cast<double>(c.prestigeThresholdExponentStep);
    k.prestigeGainExponent = static_cast<double>(c.prestigeGainExponent);
    for (int e = 0; e < k.eventCount; ++e) {
        const Event& event = rules.events[e];
        k.eventStartMs[e] = static_cast<double>(event.startMs);
        k.eventEndMs[e] = static_cast<double>(event.endMs);
        k.eventProduction[e] = event.production;
        k.eventOfflineEfficiency[e] = event.offlineEfficiency;
    }
    return k;
}

}  // namespace batch_detail

using namespace batch_detail;

const char* batch_arch_name(BatchArch arch) {
    switch (arch) {
        case BatchArch::automatic: return "automatic";
        case BatchArch::sse2: return "sse2";
        case BatchArch::sse4_2: return "sse4_2";
        case BatchArch::avx2: return "avx2";
        case BatchArch::avx512f: return "avx512f";
        case BatchArch::neon64: return "neon64";
        case BatchArch::scalar: return "scalar";
    }
    return "unknown";
}

Result<BatchArch> parse_batch_arch(const std::string& name) {
    std::string known = batch_arch_name(BatchArch::automatic);
    if (name == known) return BatchArch::automatic;
    for (BatchArch a : kAllArchs) {
        if (name == batch_arch_name(a)) return a;
        known += std::string(", ") + batch_arch_name(a);
    }
    return Status::error(ErrorCode::invalid_argument,
                         fmt::format("arch: unknown instruction set \"{}\" (known: {})", name, known));
}

std::vector<BatchArch> available_batch_archs() {
    std::vector<BatchArch> archs;
    for (BatchArch a : kAllArchs)
        if (compiled(a) && runs_here(a)) archs.push_back(a);
    return archs;
}

Result<BatchArch> resolve_batch_arch(BatchArch requested) {
    if (requested != BatchArch::automatic) {
        if (Status s = check_available(requested, "arch"); !s.ok()) return s;
        return requested;
    }
    if (const char* env = std::getenv("LLAMAWOOL_BATCH_ARCH"); env && *env) {
        Result<BatchArch> forced = parse_batch_arch(env);
        if (!forced.ok())
            return Status::error(ErrorCode::invalid_argument, "LLAMAWOOL_BATCH_ARCH: " + forced.status().message);
        if (forced.value() != BatchArch::automatic) {
            if (Status s = check_available(forced.value(), "LLAMAWOOL_BATCH_ARCH"); !s.ok()) return s;
            return forced.value();
        }
    }
    return available_batch_archs().back();  // never empty: the scalar fallback runs everywhere
}

Status advance_batch(const Ruleset& rules, const PlayerColumns& columns, const double* toMs,
                     const AdvanceColumns* report, const BatchOptions& options) {
    if (!toMs && columns.count > 0)
        return Status::error(ErrorCode::invalid_argument, "toMs: null, but advance_batch reads it");
    return advance_batch_impl(rules, columns, toMs, 0.0, report, options);
}

Status advance_batch_to(const Ruleset& rules, const PlayerColumns& columns, std::int64_t toMs,
                        const AdvanceColumns* report, const BatchOptions& options) {
    if (Status s = check_time(toMs, "toMs"); !s.ok()) return s;
    return advance_batch_impl(rules, columns, nullptr, static_cast<double>(toMs), report, options);
}

Status production_rates_batch(const Ruleset& rules, const PlayerColumns& c, std::int64_t atMs,
                              const RateColumns& out, const BatchOptions& options) {
    ColumnCheck check("production_rates_batch");
    check.require_production_inputs(rules, c);
    return run_at_moment(rules, c, atMs, check, options, &KernelTable::rates, out, [&](PaddedTail& tail) {
        RateColumns t;
        for (int w = 0; w < kMaxWoolTypes; ++w) t.rate[w] = tail.output(out.rate[w]);
        t.valueRate = tail.output(out.valueRate);
        return t;
    });
}

Status pending_soul_shears_batch(const Ruleset& rules, const PlayerColumns& c, std::int64_t atMs, double* out,
                                 const BatchOptions& options) {
    ColumnCheck check("pending_soul_shears_batch");
    check.require(c.runValue, "runValue");
    check.require(c.totalPrestiges, "totalPrestiges");
    if (c.count > 0 && !out)
        return Status::error(ErrorCode::invalid_argument, "out: null, but pending_soul_shears_batch writes it");
    return run_at_moment(rules, c, atMs, check, options, &KernelTable::pendingSoulShears, out,
                         [&](PaddedTail& tail) { return tail.output(out); });
}

Status leaderboard_scores_batch(const Ruleset& rules, const PlayerColumns& c, std::int64_t atMs,
                                const ScoreColumns& out, const BatchOptions& options) {
    ColumnCheck check("leaderboard_scores_batch");
    check.require_wool(rules, c);
    check.require_production_inputs(rules, c);
    check.require(c.lifetimeValue, "lifetimeValue");
    check.require(c.totalPrestiges, "totalPrestiges");
    return run_at_moment(rules, c, atMs, check, options, &KernelTable::scores, out, [&](PaddedTail& tail) {
        return ScoreColumns{tail.output(out.lifetimeValue), tail.output(out.currentWoolValue),
                            tail.output(out.prestigeLevel), tail.output(out.soulShears),
                            tail.output(out.valuePerSecond)};
    });
}

}  // namespace llamawool
