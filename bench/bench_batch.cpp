// The batch path against the scalar engine, per core (one thread), for 1 000, 100 000 and
// 1 000 000 players: an 8-hour offline advance and a production-rate recomputation, plus a plain
// copy of the batch's bytes as the memory-bandwidth baseline. items_per_second = players/s.
//
// Advances are timed by hand (UseManualTime): each iteration first restores the players to their
// starting point, untimed, then times one advance of every player.
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "batch_workload.hpp"

using namespace llamawool;

namespace {

const std::vector<std::int64_t> kSizes = {1000, 100000, 1000000};

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void BM_AdvanceScalar(benchmark::State& bs, bool breakpoints) {
    const lwbench::Population& pop = lwbench::population(static_cast<std::size_t>(bs.range(0)), breakpoints);
    std::vector<State> states = pop.states;
    for (auto _ : bs) {
        states = pop.states;
        const auto start = std::chrono::steady_clock::now();
        lwbench::scalar_advance(*pop.rules, states, pop.startMs + lwbench::kEightHoursMs);
        bs.SetIterationTime(seconds_since(start));
    }
    bs.SetItemsProcessed(bs.iterations() * bs.range(0));
}

void BM_AdvanceBatch(benchmark::State& bs, BatchArch arch, bool breakpoints) {
    const lwbench::Population& pop = lwbench::population(static_cast<std::size_t>(bs.range(0)), breakpoints);
    PlayerBatch batch = pop.batch;
    for (auto _ : bs) {
        batch = pop.batch;
        const auto start = std::chrono::steady_clock::now();
        lwbench::batch_advance(*pop.rules, batch, pop.startMs + lwbench::kEightHoursMs, arch);
        bs.SetIterationTime(seconds_since(start));
    }
    bs.SetItemsProcessed(bs.iterations() * bs.range(0));
}

void BM_RatesScalar(benchmark::State& bs) {
    const lwbench::Population& pop = lwbench::population(static_cast<std::size_t>(bs.range(0)), false);
    for (auto _ : bs) benchmark::DoNotOptimize(lwbench::scalar_rates(*pop.rules, pop.states, pop.startMs));
    bs.SetItemsProcessed(bs.iterations() * bs.range(0));
}

void BM_RatesBatch(benchmark::State& bs, BatchArch arch) {
    const lwbench::Population& pop = lwbench::population(static_cast<std::size_t>(bs.range(0)), false);
    lwbench::RateOutput out(*pop.rules, pop.states.size());
    for (auto _ : bs) {
        lwbench::batch_rates(*pop.rules, pop.batch, pop.startMs, out.columns, arch);
        benchmark::ClobberMemory();
    }
    bs.SetItemsProcessed(bs.iterations() * bs.range(0));
}

// A plain copy of as many bytes as the players' columns hold.
void BM_MemoryCopy(benchmark::State& bs) {
    const std::size_t bytes = lwbench::population(static_cast<std::size_t>(bs.range(0)), false).column_bytes();
    std::vector<char> from(bytes, 1), to(bytes, 0);
    for (auto _ : bs) {
        std::memcpy(to.data(), from.data(), bytes);
        benchmark::ClobberMemory();
    }
    bs.SetItemsProcessed(bs.iterations() * bs.range(0));
    bs.SetBytesProcessed(static_cast<std::int64_t>(bs.iterations() * bytes));
}

// Registers the benchmarks for every instruction set this machine runs.
int register_batch_benchmarks() {
    auto sizes = [](benchmark::internal::Benchmark* b) {
        for (std::int64_t n : kSizes) b->Arg(n);
    };
    benchmark::RegisterBenchmark("BM_MemoryCopy", BM_MemoryCopy)->Apply(sizes);
    benchmark::RegisterBenchmark("BM_Advance8h/scalar", BM_AdvanceScalar, false)->Apply(sizes)->UseManualTime();
    for (BatchArch arch : available_batch_archs())
        benchmark::RegisterBenchmark(("BM_Advance8h/" + std::string(batch_arch_name(arch))).c_str(), BM_AdvanceBatch,
                                     arch, false)
            ->Apply(sizes)
            ->UseManualTime();
    benchmark::RegisterBenchmark("BM_Advance8hBreakpoints/scalar", BM_AdvanceScalar, true)->Arg(1000)->UseManualTime();
    for (BatchArch arch : available_batch_archs())
        benchmark::RegisterBenchmark(("BM_Advance8hBreakpoints/" + std::string(batch_arch_name(arch))).c_str(),
                                     BM_AdvanceBatch, arch, true)
            ->Arg(1000)
            ->UseManualTime();
    benchmark::RegisterBenchmark("BM_Rates/scalar", BM_RatesScalar)->Apply(sizes);
    for (BatchArch arch : available_batch_archs())
        benchmark::RegisterBenchmark(("BM_Rates/" + std::string(batch_arch_name(arch))).c_str(), BM_RatesBatch, arch)
            ->Apply(sizes);
    return 0;
}

const int kRegistered = register_batch_benchmarks();

}  // namespace
