// The batch workloads measured by bench_batch.cpp (Google Benchmark) and by `llamawool bench`:
// the same players and the same calls, so the two report the same thing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "llamawool/llamawool.hpp"

namespace lwbench {

inline constexpr std::int64_t kEightHoursMs = 8 * 3600000LL;

// Best time (seconds) of `run` over at least `minRepetitions` and at most `maxRepetitions`
// repetitions, repeating until they add up to `budget` seconds; `reset` runs untimed before each.
// (The hand-timed measurements: `llamawool bench` and bench/throughput.cpp.)
double best_seconds(const std::function<void()>& reset, const std::function<void()>& run, double budget,
                    int minRepetitions, int maxRepetitions);

// A mid-game farm: several buildings, upgrades and unlocked wool types (the scalar benchmarks).
llamawool::State midgame_state();

// N seeded random players who all last played at `startMs`, as States and as columns. Without
// breakpoints every wool type is unlocked and the ruleset has no events, so an 8-hour advance is
// one linear piece per player; with breakpoints the players cross wool unlocks and event edges.
struct Population {
    const llamawool::Ruleset* rules = nullptr;
    std::int64_t startMs = 0;
    std::vector<llamawool::State> states;
    llamawool::PlayerBatch batch;

    Population(std::size_t count, bool breakpoints);
    // Bytes of the columns of all players (what the memory-bandwidth baseline copies).
    std::size_t column_bytes() const { return states.size() * batch.bytes_per_player(); }
};

// One population per (count, breakpoints), built on first use and shared (building a million
// players takes a second).
const Population& population(std::size_t count, bool breakpoints);

// The two sides of the comparison, each from the population's starting point: the scalar engine
// over States, and the batch kernels over columns.
void scalar_advance(const llamawool::Ruleset& rules, std::vector<llamawool::State>& states, std::int64_t toMs);
void batch_advance(const llamawool::Ruleset& rules, const llamawool::PlayerBatch& batch, std::int64_t toMs,
                   llamawool::BatchArch arch);
// Production rates of every player; the sum of value rates keeps the work observable.
double scalar_rates(const llamawool::Ruleset& rules, const std::vector<llamawool::State>& states, std::int64_t atMs);
void batch_rates(const llamawool::Ruleset& rules, const llamawool::PlayerBatch& batch, std::int64_t atMs,
                 const llamawool::RateColumns& out, llamawool::BatchArch arch);

// Columns for the rate kernel's output.
struct RateOutput {
    std::vector<std::vector<double>> rate;
    std::vector<double> valueRate;
    llamawool::RateColumns columns;
    RateOutput(const llamawool::Ruleset& rules, std::size_t count);
};

}  // namespace lwbench
