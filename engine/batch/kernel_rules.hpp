// The ruleset as the batch kernels read it: flat arrays of doubles, no strings, no vectors. Built
// once per call by the dispatcher (which is compiled without SIMD flags) and only read by the
// per-architecture kernels.
#pragma once

#include <cstddef>
#include <cstdint>

#include "llamawool/batch.hpp"
#include "llamawool/ruleset.hpp"

namespace llamawool::batch_detail {

struct KernelRules {
    int woolCount = 0;
    int buildingCount = 0;
    int eventCount = 0;

    // Wool types (docs/rules.md §2).
    double baseValue[kMaxWoolTypes] = {};
    double productionRate[kMaxWoolTypes] = {};
    double unlockValue[kMaxWoolTypes] = {};
    bool rare[kMaxWoolTypes] = {};
    // The distinct unlock values, highest first.
    int unlockValueCount = 0;
    double unlockValuesDescending[kMaxWoolTypes] = {};
    // Buildings (docs/rules.md §3), and the wool types each produces (bit w, w < woolCount).
    double buildingBaseProduction[kMaxBuildings] = {};
    std::uint32_t buildingProducesMask[kMaxBuildings] = {};

    // Constants, as doubles (the integer ones are exact).
    double startingLlamaBasicPerSecond = 0;
    double clickBasicWool = 0;
    double achievementProductionBonus = 0;
    double soulShearProductionBonus = 0;
    double soulShearBuildingBonus = 0;
    double onlineGapMaxMs = 0;
    double offlineBaseCapMs = 0;
    double offlineMaxCapMs = 0;
    double offlineBaseEfficiency = 0;
    double offlineEfficiencyPerSoulShear = 0;
    double clickTokensPerSecond = 0;
    double clickBurstMilli = 0;  // clickBurst * 1000
    double prestigeThresholdBaseExponent = 0;
    double prestigeThresholdExponentStep = 0;
    double prestigeGainExponent = 0;

    // Events (docs/rules.md §8), in table order.
    double eventStartMs[kMaxEvents] = {};
    double eventEndMs[kMaxEvents] = {};
    double eventProduction[kMaxEvents] = {};
    double eventOfflineEfficiency[kMaxEvents] = {};
};

KernelRules make_kernel_rules(const Ruleset& rules);

// Event factors at one moment shared by every player (the kernels that take a common atMs).
struct CommonEventFactors {
    double production = 1;  // E_production
    double prestige = 1;    // the prestige multiplier
};

// The entry points each architecture provides. `count` is a multiple of `lanes`; the dispatcher
// runs the remainder through padded copies of the columns.
struct KernelTable {
    BatchArch arch;
    std::size_t lanes;
    // Whether every lastUpdateMs and target time is a whole number of ms in [0, 2^53), target >=
    // last (toMs == nullptr: the target is commonToMs).
    bool (*timesValid)(const PlayerColumns&, const double* toMs, double commonToMs, std::size_t count);
    // toMs == nullptr: every player advances to commonToMs.
    void (*advance)(const KernelRules&, const PlayerColumns&, const double* toMs, double commonToMs,
                    const AdvanceColumns&, std::size_t count);
    void (*rates)(const KernelRules&, const PlayerColumns&, CommonEventFactors, const RateColumns&,
                  std::size_t count);
    void (*pendingSoulShears)(const KernelRules&, const PlayerColumns&, CommonEventFactors, double* out,
                              std::size_t count);
    void (*scores)(const KernelRules&, const PlayerColumns&, CommonEventFactors, const ScoreColumns&,
                   std::size_t count);
};

// Defined by kernels_<arch>.cpp, each compiled with its own instruction-set flags. Only the ones
// this build compiles exist (engine/CMakeLists.txt defines LLAMAWOOL_BATCH_KERNELS_<ARCH> for
// them); kernels_scalar() exists in every build.
const KernelTable& kernels_scalar();
const KernelTable& kernels_sse2();
const KernelTable& kernels_sse4_2();
const KernelTable& kernels_avx2();
const KernelTable& kernels_avx512f();
const KernelTable& kernels_neon64();

}  // namespace llamawool::batch_detail
