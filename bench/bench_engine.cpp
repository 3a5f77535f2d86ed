// Throughput of the scalar engine: the operations a server performs per player.
#include <benchmark/benchmark.h>

#include "batch_workload.hpp"
#include "llamawool/llamawool.hpp"

using namespace llamawool;

namespace {

constexpr std::int64_t kT0 = 1700000000000;

void BM_ApplyTick(benchmark::State& bs) {
    const Ruleset& rules = default_ruleset();
    State s = lwbench::midgame_state();
    std::int64_t t = s.lastUpdateMs;
    for (auto _ : bs) {
        t += 1000;
        benchmark::DoNotOptimize(apply_action(rules, s, Action::tick(t)));
    }
    bs.SetItemsProcessed(bs.iterations());
}
BENCHMARK(BM_ApplyTick);

void BM_ApplyShear(benchmark::State& bs) {
    const Ruleset& rules = default_ruleset();
    State s = lwbench::midgame_state();
    std::int64_t t = s.lastUpdateMs;
    for (auto _ : bs) {
        t += 1000;
        benchmark::DoNotOptimize(apply_action(rules, s, Action::shear(t, 20)));
    }
    bs.SetItemsProcessed(bs.iterations());
}
BENCHMARK(BM_ApplyShear);

void BM_ApplyBuyMax(benchmark::State& bs) {
    const Ruleset& rules = default_ruleset();
    const State start = lwbench::midgame_state();
    for (auto _ : bs) {
        State s = start;
        benchmark::DoNotOptimize(apply_action(rules, s, Action::buy_building_max(kT0 + 1000, "barn")));
    }
    bs.SetItemsProcessed(bs.iterations());
}
BENCHMARK(BM_ApplyBuyMax);

void BM_AdvanceOffline8h(benchmark::State& bs) {
    const Ruleset& rules = default_ruleset();
    const State start = lwbench::midgame_state();
    for (auto _ : bs) {
        State s = start;
        benchmark::DoNotOptimize(advance(rules, s, kT0 + 8 * 3600000LL));
    }
    bs.SetItemsProcessed(bs.iterations());
}
BENCHMARK(BM_AdvanceOffline8h);

void BM_ComputeProduction(benchmark::State& bs) {
    const Ruleset& rules = default_ruleset();
    const State s = lwbench::midgame_state();
    for (auto _ : bs) benchmark::DoNotOptimize(compute_production(rules, s, kT0));
    bs.SetItemsProcessed(bs.iterations());
}
BENCHMARK(BM_ComputeProduction);

void BM_SaveToJson(benchmark::State& bs) {
    const Ruleset& rules = default_ruleset();
    const State s = lwbench::midgame_state();
    for (auto _ : bs) benchmark::DoNotOptimize(save_to_json(rules, s));
    bs.SetItemsProcessed(bs.iterations());
}
BENCHMARK(BM_SaveToJson);

void BM_LoadSave(benchmark::State& bs) {
    const Ruleset& rules = default_ruleset();
    const std::string text = save_to_json(rules, lwbench::midgame_state());
    for (auto _ : bs) benchmark::DoNotOptimize(load_save(rules, text));
    bs.SetItemsProcessed(bs.iterations());
}
BENCHMARK(BM_LoadSave);

void BM_StateHash(benchmark::State& bs) {
    const Ruleset& rules = default_ruleset();
    const State s = lwbench::midgame_state();
    for (auto _ : bs) benchmark::DoNotOptimize(state_hash(rules, s));
    bs.SetItemsProcessed(bs.iterations());
}
BENCHMARK(BM_StateHash);

}  // namespace
