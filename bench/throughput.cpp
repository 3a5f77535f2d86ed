// The scalar engine's and the batch path's throughput without any JSON: the same loops compiled
// natively and to WebAssembly (bench/CMakeLists.txt), so that bindings/wasm/bench/bench.mjs can
// print wasm / native for the engine itself. Prints one line per operation: "name ops_per_second".
#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

#include "batch_workload.hpp"

using namespace llamawool;

namespace {

// Operations per second of `run` (which does `ops` operations), best of timed runs over half a second.
double per_second(double ops, const std::function<void()>& reset, const std::function<void()>& run) {
    return ops / lwbench::best_seconds(reset, run, 0.5, 3, 200);
}

void report(const char* name, double perSecond) { std::printf("%s %.0f\n", name, perSecond); }

}  // namespace

int main() {
    const Ruleset& rules = default_ruleset();
    const State start = lwbench::midgame_state();
    constexpr int kActions = 20000;
    State s = start;

    struct Kind {
        const char* name;
        Action (*make)(std::int64_t t);
    };
    const Kind kinds[] = {{"apply_tick", [](std::int64_t t) { return Action::tick(t); }},
                          {"apply_shear", [](std::int64_t t) { return Action::shear(t, 20); }}};
    for (const Kind& kind : kinds) {
        report(kind.name, per_second(kActions, [&] { s = start; }, [&] {
                   for (int i = 1; i <= kActions; ++i) apply_action(rules, s, kind.make(start.lastUpdateMs + 1000LL * i));
               }));
    }
    std::vector<State> copies(1000, start);
    report("advance_8h", per_second(1000, [&] { copies.assign(1000, start); }, [&] {
               for (State& c : copies) advance(rules, c, start.lastUpdateMs + lwbench::kEightHoursMs);
           }));

    const lwbench::Population& pop = lwbench::population(1000, false);
    PlayerBatch batch = pop.batch;
    report("batch_advance_8h_1000", per_second(1000, [&] { batch = pop.batch; }, [&] {
               lwbench::batch_advance(*pop.rules, batch, pop.startMs + lwbench::kEightHoursMs, BatchArch::automatic);
           }));
    // The sse2 kernels, which WebAssembly runs on SIMD128 (bench.mjs compares the two); x86-64 and
    // wasm only (an aarch64 build has neon64 instead).
    const std::vector<BatchArch> archs = available_batch_archs();
    if (std::find(archs.begin(), archs.end(), BatchArch::sse2) != archs.end())
        report("batch_advance_8h_1000_sse2", per_second(1000, [&] { batch = pop.batch; }, [&] {
                   lwbench::batch_advance(*pop.rules, batch, pop.startMs + lwbench::kEightHoursMs, BatchArch::sse2);
               }));
    return 0;
}
