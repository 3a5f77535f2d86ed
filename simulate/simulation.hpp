// `llamawool simulate`: a population of seeded bot players over days of game time (docs/simulate.md).
//
// Each bot plays with the scalar engine (apply_action) while it is at its farm; every offline
// stretch between two visits is advanced for all the bots coming back in the same time step at
// once by the SIMD batch path (advance_batch), and the time series is sampled with the batch path
// too (advance_batch_to a copy, leaderboard_scores_batch). Bots are independent, so the population
// is cut into one contiguous slice per thread; every number depends only on the seed, the ruleset
// and the options, never on the thread count.
//
// The library llamawool_simulate (simulate/CMakeLists.txt): the CLI's simulate command
// (cli/cmd_simulate.cpp) and its benchmark (bench/bench_simulate.cpp) run this same code.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "llamawool/llamawool.hpp"

namespace llamawool::sim {

enum class Strategy { greedy, idle, clicker, prestige };
inline constexpr Strategy kAllStrategies[] = {Strategy::greedy, Strategy::idle, Strategy::clicker, Strategy::prestige};
const char* strategy_name(Strategy s);
const char* strategy_description(Strategy s);
bool parse_strategy(const std::string& name, Strategy& out);

// The sampled quantities of each bot: the leaderboard scores of its farm at the sample time (the
// state after its actions up to then, advanced to then: exactly `llamawool scores SAVE --t T`).
enum Metric { kLifetimeValue, kCurrentWoolValue, kValuePerSecond, kSoulShears, kPrestiges, kMetricCount };
const char* metric_name(int metric);

struct SimulationConfig {
    std::size_t bots = 1000;
    int days = 30;
    std::uint64_t seed = 1;
    std::vector<Strategy> strategies{std::begin(kAllStrategies), std::end(kAllStrategies)};
    std::int64_t sampleEveryMs = 3600000;
    std::int64_t startMs = 1700000000000;
    unsigned threads = 1;
    bool keepActions = false;  // keep every bot's action log (for replay)
    // Called from the calling thread after each sample with the share done (0..1).
    std::function<void(double)> progress;
};

// Summary statistics over the bots of one strategy (nearest-rank percentiles; the mean sums in bot
// order).
struct Stats {
    double mean = 0, p10 = 0, median = 0, p90 = 0;
};

struct BotResult {
    std::string player;
    Strategy strategy = Strategy::greedy;
    std::uint64_t seed = 0;
    State state;                      // at the end of the simulation (after its last action)
    std::int64_t actions = 0, refused = 0;
    std::vector<Action> log;          // every action sent (only with keepActions)
    // Milestones: ms since the start at which the bot first had it (at an action, or at a sample:
    // resolution one sample interval for what happens while it is away); -1: never.
    std::array<std::int64_t, kMaxWoolTypes> woolUnlockedMs{};
    std::array<std::int64_t, kMaxBuildings> buildingBoughtMs{};
    std::vector<std::int64_t> prestigeMs;     // each prestige (exact: the action's time)
    std::vector<double> prestigeSoulShears;   // soul shears gained by each prestige
};

struct SimulationResult {
    std::vector<std::int64_t> sampleMs;  // absolute times
    // series[strategyIndex][metric][sample]
    std::vector<std::array<std::vector<Stats>, kMetricCount>> series;
    std::vector<BotResult> bots;  // in bot order (bot i plays strategies[i % strategies.size()])
    // Work done by the batch path: offline stretches advanced, and farms advanced for a sample.
    std::uint64_t batchOfflineStretches = 0, batchSamples = 0;
};

SimulationResult run_simulation(const Ruleset& rules, const SimulationConfig& config);

// Nearest-rank percentile (1..100) of values already sorted ascending.
double percentile_sorted(const std::vector<double>& sorted, int percent);

}  // namespace llamawool::sim
