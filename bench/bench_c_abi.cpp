// The C ABI's per-call cost natively: the same calls, with the same JSON in and out, that the npm
// package makes in WebAssembly (bindings/wasm/bench/bench.mjs compares the two).
#include <fstream>
#include <sstream>
#include <string>

#include <benchmark/benchmark.h>

#include "llamawool.h"

namespace {

// The mid-game fixture save (also loaded by the wasm benchmark) in a default engine.
struct MidgameFarm {
    lw_engine* engine = nullptr;
    lw_state* state = nullptr;
    int64_t lastUpdateMs = 0;

    explicit MidgameFarm(benchmark::State& bs) {
        std::ifstream in(LLAMAWOOL_MIDGAME_SAVE, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        lw_engine_new_default(&engine);
        if (lw_state_load(&state, engine, text.str().c_str()) != LW_OK) {
            bs.SkipWithError("cannot load " LLAMAWOOL_MIDGAME_SAVE);
            return;
        }
        lw_state_last_update_ms(&lastUpdateMs, state);
    }
    ~MidgameFarm() {
        lw_state_free(state);
        lw_engine_free(engine);
    }
    MidgameFarm(const MidgameFarm&) = delete;
    MidgameFarm& operator=(const MidgameFarm&) = delete;
};

// One action per iteration, one second after the previous, as JSON text.
void apply_every_second(benchmark::State& bs, const char* fields) {
    MidgameFarm farm(bs);
    if (!farm.state) return;
    int64_t t = farm.lastUpdateMs;
    for (auto _ : bs) {
        t += 1000;
        const std::string action = "{\"t\":" + std::to_string(t) + fields;
        char* report = nullptr;
        if (lw_state_apply(&report, farm.state, action.c_str(), LW_NO_CLOCK) != LW_OK) bs.SkipWithError(lw_state_errmsg(farm.state));
        lw_free(report);
    }
    bs.SetItemsProcessed(bs.iterations());
}

void BM_CAbiApplyTick(benchmark::State& bs) { apply_every_second(bs, ",\"type\":\"tick\"}"); }
BENCHMARK(BM_CAbiApplyTick);

void BM_CAbiApplyShear(benchmark::State& bs) { apply_every_second(bs, ",\"type\":\"shear\",\"count\":20}"); }
BENCHMARK(BM_CAbiApplyShear);

// An 8-hour offline advance with its report, committing nothing (so every iteration is the same).
void BM_CAbiPreviewResume8h(benchmark::State& bs) {
    MidgameFarm farm(bs);
    if (!farm.state) return;
    const int64_t t = farm.lastUpdateMs + 8 * 3600000LL;
    for (auto _ : bs) {
        char* report = nullptr;
        if (lw_state_preview_resume(&report, farm.state, t) != LW_OK) bs.SkipWithError(lw_state_errmsg(farm.state));
        lw_free(report);
    }
    bs.SetItemsProcessed(bs.iterations());
}
BENCHMARK(BM_CAbiPreviewResume8h);

}  // namespace
