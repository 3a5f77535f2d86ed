// The batch path: production rates, advancing time, pending soul shears and leaderboard scores for
// many players at once, with SIMD (xsimd) over structure-of-arrays columns. For every player the
// batch kernels give exactly the bits the scalar engine gives (docs/batch.md explains how).
//
// Data lives in columns: one array per field, element i belongs to player i. A host may keep its
// players in this form and hand its own arrays to the kernels (zero copy), or use PlayerBatch,
// which owns aligned columns and fills them from / writes them back to ordinary States.
//
// Every amount and every time is a double in the columns. Times and levels are whole numbers held
// exactly (below 2^53), so the kernels need no integer SIMD and JavaScript hosts can share the
// arrays as Float64Arrays.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "llamawool/ruleset.hpp"
#include "llamawool/state.hpp"
#include "llamawool/status.hpp"

namespace llamawool {

// The columns of N players. Plain C arrays of pointers so that the C ABI can mirror the layout.
// Only the first wool_count() / building_count() entries of `wool` and `buildingLevels` are used.
struct PlayerColumns {
    std::size_t count = 0;
    double* wool[kMaxWoolTypes] = {};            // units of wool type w
    double* buildingLevels[kMaxBuildings] = {};  // level of building b (whole number)
    double* soulShears = nullptr;
    double* achievementCount = nullptr;  // number of unlocked achievements (popcount of the mask)
    double* totalPrestiges = nullptr;
    // The owned upgrades, folded (see combined_upgrade_effects): they change only on a purchase.
    double* upgradeProduction = nullptr;         // U_production
    double* upgradeClick = nullptr;              // U_click
    double* upgradeBuilding = nullptr;           // U_building
    double* upgradeRare = nullptr;               // U_rare
    double* upgradeAutoClicksPerSecond = nullptr;
    double* upgradeOfflineEfficiency = nullptr;
    double* upgradeOfflineCapMs = nullptr;
    double* runValue = nullptr;
    double* lifetimeValue = nullptr;
    double* lastUpdateMs = nullptr;
    double* playTimeMs = nullptr;
    double* clickTokensMilli = nullptr;
};

// Calls fn(column, writtenByAdvance) for each column other than wool and building levels (the
// same fifteen in every ruleset), null ones included; writtenByAdvance says whether the advance
// kernels change the column.
template <class Columns, class Fn>
void for_each_common_column(Columns& c, Fn fn) {
    fn(c.soulShears, false);
    fn(c.achievementCount, false);
    fn(c.totalPrestiges, false);
    fn(c.upgradeProduction, false);
    fn(c.upgradeClick, false);
    fn(c.upgradeBuilding, false);
    fn(c.upgradeRare, false);
    fn(c.upgradeAutoClicksPerSecond, false);
    fn(c.upgradeOfflineEfficiency, false);
    fn(c.upgradeOfflineCapMs, false);
    fn(c.runValue, true);
    fn(c.lifetimeValue, true);
    fn(c.lastUpdateMs, true);
    fn(c.playTimeMs, true);
    fn(c.clickTokensMilli, true);
}

// Calls fn(column, writtenByAdvance) for every column pointer, all kMaxWoolTypes wool and
// kMaxBuildings building columns included (null ones too).
template <class Columns, class Fn>
void for_each_column(Columns& c, Fn fn) {
    for (auto& column : c.wool) fn(column, true);
    for (auto& column : c.buildingLevels) fn(column, false);
    for_each_common_column(c, fn);
}

// Players [first, first + count) of the same arrays: how a host gives each thread its own slice
// (docs/batch.md, Threads). Null columns stay null.
PlayerColumns slice_columns(const PlayerColumns& columns, std::size_t first, std::size_t count);

// Outputs of the advance kernel besides the new state; each pointer may be null (not wanted).
struct AdvanceColumns {
    double* creditedMs = nullptr;
    double* forfeitedMs = nullptr;
    double* valueGained = nullptr;  // what runValue grew by (AdvanceReport::valueGained)
};

// Outputs of the production kernel; each pointer may be null.
struct RateColumns {
    double* rate[kMaxWoolTypes] = {};  // wool per second of type w
    double* valueRate = nullptr;       // value per second
};

// Outputs of the leaderboard kernel (LeaderboardScores); each pointer may be null.
struct ScoreColumns {
    double* lifetimeValue = nullptr;
    double* currentWoolValue = nullptr;
    double* prestigeLevel = nullptr;
    double* soulShears = nullptr;
    double* valuePerSecond = nullptr;
};

// The instruction sets the kernels are compiled for (docs/batch.md has the table). The best one the
// CPU has is picked at run time: on x86-64 sse2, sse4_2, avx2 or avx512f; on AArch64 neon64;
// WebAssembly builds run the sse2 kernels, which Emscripten turns into wasm SIMD128. `scalar` is
// the same kernels one player at a time: every build has it, and on any other architecture it is
// all there is. There is no fma3 variant on purpose: fused multiply-add rounds differently.
enum class BatchArch { automatic, sse2, sse4_2, avx2, avx512f, neon64, scalar };

// "sse2", "sse4_2", "avx2", "avx512f", "neon64", "scalar" ("automatic" for automatic).
const char* batch_arch_name(BatchArch arch);
// The reverse of batch_arch_name; invalid_argument naming the text for anything else.
Result<BatchArch> parse_batch_arch(const std::string& name);
// The instruction sets this build has kernels for and this CPU runs, worst first (scalar first,
// so never empty).
std::vector<BatchArch> available_batch_archs();
// What `automatic` runs: the value of the LLAMAWOOL_BATCH_ARCH environment variable when it is
// set (an error if it names an unknown or unavailable set), else the best available one.
Result<BatchArch> resolve_batch_arch(BatchArch requested);

struct BatchOptions {
    BatchArch arch = BatchArch::automatic;
};

// Writes player i's fields into the columns (derived fields included: achievementCount and the
// folded upgrade effects).
void load_player(const Ruleset& rules, const PlayerColumns& columns, std::size_t i, const State& state);
// Writes back into `state` the fields the kernels change: wool, runValue, lifetimeValue,
// lastUpdateMs, playTimeMs and clickTokensMilli.
void store_player(const PlayerColumns& columns, std::size_t i, State& state);

// Owns columns for `count` players of a ruleset (wool and building columns for its types only),
// each one 64-byte aligned and padded to a multiple of 8 players. Starts all zero.
class PlayerBatch {
public:
    PlayerBatch(const Ruleset& rules, std::size_t count);
    PlayerBatch(const Ruleset& rules, const std::vector<State>& states);
    // Copies every column (reusing this batch's memory when the sizes match).
    PlayerBatch(const PlayerBatch& other);
    PlayerBatch& operator=(const PlayerBatch& other);
    PlayerBatch(PlayerBatch&&) = default;
    PlayerBatch& operator=(PlayerBatch&&) = default;

    std::size_t size() const { return columns_.count; }
    const PlayerColumns& columns() const { return columns_; }
    void load(const Ruleset& rules, std::size_t i, const State& state) { load_player(rules, columns_, i, state); }
    void store(std::size_t i, State& state) const { store_player(columns_, i, state); }
    // Bytes of column data per player (what a memory-bandwidth comparison should copy).
    std::size_t bytes_per_player() const { return columnCount_ * sizeof(double); }

private:
    struct FreeAligned {
        void operator()(double* p) const;
    };
    std::unique_ptr<double, FreeAligned> storage_;  // every column, one after the other
    std::size_t doubles_ = 0;                        // size of storage_
    std::size_t columnCount_ = 0;
    PlayerColumns columns_;
};

// Advances player i from lastUpdateMs[i] to toMs[i] with the online and offline rules of
// docs/rules.md §5, exactly as llamawool::advance does. Every toMs[i] must be a whole number with
// lastUpdateMs[i] <= toMs[i] < 2^53; otherwise invalid_argument names the first bad player and
// nothing is changed. `report` may be null.
Status advance_batch(const Ruleset& rules, const PlayerColumns& columns, const double* toMs,
                     const AdvanceColumns* report = nullptr, const BatchOptions& options = {});
// The same with one common target time.
Status advance_batch_to(const Ruleset& rules, const PlayerColumns& columns, std::int64_t toMs,
                        const AdvanceColumns* report = nullptr, const BatchOptions& options = {});

// compute_production(...).rate / .valueRate of every player at atMs.
Status production_rates_batch(const Ruleset& rules, const PlayerColumns& columns, std::int64_t atMs,
                              const RateColumns& out, const BatchOptions& options = {});

// pending_soul_shears(...) of every player at atMs.
Status pending_soul_shears_batch(const Ruleset& rules, const PlayerColumns& columns, std::int64_t atMs,
                                 double* out, const BatchOptions& options = {});

// leaderboard_scores(...) of every player at atMs.
Status leaderboard_scores_batch(const Ruleset& rules, const PlayerColumns& columns, std::int64_t atMs,
                                const ScoreColumns& out, const BatchOptions& options = {});

}  // namespace llamawool
