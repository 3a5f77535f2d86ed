// `llamawool simulate` (docs/simulate.md): the library function the CLI's simulate command calls,
// run_simulation (simulate/simulation.cpp), with the CLI's defaults (the four strategies, seed 1,
// hourly samples, the embedded ruleset) on two threads, the cores of the development machine.
// Issue 15's target: 10 000 bots x 30 days of game time in at most 60 s on that 2-core machine.
// The 500 bots x 7 days variant is for a quick check.
//
//   build/gcc-O2/bench/llamawool_bench --benchmark_filter='BM_Simulate/10000bots_30days'
//
// One iteration each (a run is tens of seconds), wall-clock time (the work is on two threads).
// items_per_second = bots per second; the counters say what the run did.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include <benchmark/benchmark.h>

#include "llamawool/llamawool.hpp"
#include "simulation.hpp"

using namespace llamawool;

namespace {

constexpr unsigned kThreads = 2;

void BM_Simulate(benchmark::State& bs, std::size_t bots, int days) {
    sim::SimulationConfig config;  // the CLI's defaults but for the thread count
    config.bots = bots;
    config.days = days;
    config.threads = kThreads;
    sim::SimulationResult result;
    for (auto _ : bs) {
        result = sim::run_simulation(default_ruleset(), config);
        benchmark::DoNotOptimize(result.bots.data());
    }
    std::int64_t actions = 0;
    for (const sim::BotResult& b : result.bots) actions += b.actions;
    bs.SetItemsProcessed(static_cast<std::int64_t>(bs.iterations() * bots));
    bs.counters["actions"] = static_cast<double>(actions);  // through the scalar engine, per run
    bs.counters["offlineStretches"] = static_cast<double>(result.batchOfflineStretches);  // through the batch path
    bs.counters["sampledFarms"] = static_cast<double>(result.batchSamples);
    bs.counters["threads"] = kThreads;
}

int register_simulate_benchmarks() {
    for (auto [bots, days] : {std::pair<std::size_t, int>{500, 7}, {10000, 30}})
        benchmark::RegisterBenchmark(
            ("BM_Simulate/" + std::to_string(bots) + "bots_" + std::to_string(days) + "days").c_str(), BM_Simulate, bots, days)
            ->Iterations(1)
            ->Unit(benchmark::kSecond)
            ->UseRealTime();
    return 0;
}

const int kRegistered = register_simulate_benchmarks();

}  // namespace
