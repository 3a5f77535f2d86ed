// The batch kernels over caller-owned columns (include/llamawool/batch.hpp, docs/batch.md). The C
// structs are copied field by field into the C++ ones (no reinterpret_cast between layouts).
#include <cmath>

#include "abi.hpp"
#include "llamawool/batch.hpp"
#include "llamawool/engine.hpp"
#include "llamawool/save.hpp"

using namespace lw_abi;

static_assert(LW_MAX_WOOL_TYPES == llamawool::kMaxWoolTypes && LW_MAX_BUILDINGS == llamawool::kMaxBuildings);

namespace {

using llamawool::BatchArch;

llamawool::PlayerColumns to_cpp(const lw_batch_columns& c) {
    llamawool::PlayerColumns p;
    p.count = c.count;
    for (int w = 0; w < LW_MAX_WOOL_TYPES; ++w) p.wool[w] = c.wool[w];
    for (int b = 0; b < LW_MAX_BUILDINGS; ++b) p.buildingLevels[b] = c.building_levels[b];
    p.soulShears = c.soul_shears;
    p.achievementCount = c.achievement_count;
    p.totalPrestiges = c.total_prestiges;
    p.upgradeProduction = c.upgrade_production;
    p.upgradeClick = c.upgrade_click;
    p.upgradeBuilding = c.upgrade_building;
    p.upgradeRare = c.upgrade_rare;
    p.upgradeAutoClicksPerSecond = c.upgrade_auto_clicks_per_second;
    p.upgradeOfflineEfficiency = c.upgrade_offline_efficiency;
    p.upgradeOfflineCapMs = c.upgrade_offline_cap_ms;
    p.runValue = c.run_value;
    p.lifetimeValue = c.lifetime_value;
    p.lastUpdateMs = c.last_update_ms;
    p.playTimeMs = c.play_time_ms;
    p.clickTokensMilli = c.click_tokens_milli;
    return p;
}

// The C numbering of BatchArch (LW_ARCH_*); fixed by the header, whatever the C++ enum does.
constexpr struct {
    int code;
    BatchArch arch;
} kArchs[] = {{LW_ARCH_AUTOMATIC, BatchArch::automatic}, {LW_ARCH_SSE2, BatchArch::sse2},
              {LW_ARCH_SSE4_2, BatchArch::sse4_2},       {LW_ARCH_AVX2, BatchArch::avx2},
              {LW_ARCH_AVX512F, BatchArch::avx512f},     {LW_ARCH_NEON64, BatchArch::neon64},
              {LW_ARCH_SCALAR, BatchArch::scalar}};

bool from_code(int code, BatchArch& arch) {
    for (const auto& a : kArchs)
        if (a.code == code) {
            arch = a.arch;
            return true;
        }
    return false;
}

int to_code(BatchArch arch) {
    for (const auto& a : kArchs)
        if (a.arch == arch) return a.code;
    return LW_ARCH_AUTOMATIC;  // unreachable: kArchs lists every enumerator
}

llamawool::AdvanceColumns to_cpp(const lw_advance_columns* report) {
    if (!report) return {};
    return {report->credited_ms, report->forfeited_ms, report->value_gained};
}

lw_result unknown_arch(int arch) {
    return finish(nullptr, LW_EINVALID_ARGUMENT,
                  "arch: " + std::to_string(arch) + " is not an instruction set (LW_ARCH_AUTOMATIC .. LW_ARCH_SCALAR)");
}

// The frame of a kernel call: engine, columns and arch checked, then `run(rules, columns, options)`
// returns the engine's Status.
template <class Run>
lw_result run_kernel(const lw_engine* engine, const lw_batch_columns* columns, int arch, Run&& run) noexcept {
    return guarded(nullptr, [&]() -> lw_result {
        if (!engine) return null_argument(nullptr, "engine");
        if (!columns) return null_argument(nullptr, "columns");
        llamawool::BatchOptions options;
        if (!from_code(arch, options.arch)) return unknown_arch(arch);
        const llamawool::Status s = run(*engine->rules, to_cpp(*columns), options);
        return s.ok() ? succeed(nullptr) : fail(nullptr, s);
    });
}

lw_result check_row(lw_state* state, const lw_batch_columns& columns, std::size_t index) {
    if (index < columns.count) return LW_OK;
    return finish(state, LW_EINVALID_ARGUMENT,
                  "index: " + std::to_string(index) + " is not below columns.count " + std::to_string(columns.count));
}

// The first wool or building column of the ruleset that is NULL, as LW_ENULL naming it.
lw_result check_wool_and_buildings(lw_state* state, const llamawool::PlayerColumns& c, bool buildings) {
    const llamawool::Ruleset& rules = *state->rules;
    for (int w = 0; w < rules.wool_count(); ++w)
        if (!c.wool[w]) return finish(state, LW_ENULL, "columns.wool[" + std::to_string(w) + "]: must not be NULL");
    for (int b = 0; buildings && b < rules.building_count(); ++b)
        if (!c.buildingLevels[b])
            return finish(state, LW_ENULL, "columns.building_levels[" + std::to_string(b) + "]: must not be NULL");
    return LW_OK;
}

// A value of row `index` that a save could not hold, naming the column, the row and the value.
lw_result invalid_row(lw_state* state, const std::string& column, std::size_t index, double value, const char* what) {
    return finish(state, LW_EINVALID_ARGUMENT,
                  "columns." + column + ", row " + std::to_string(index) + ": " + llamawool::format_amount(value) +
                      " is not " + what);
}

}  // namespace

extern "C" {

lw_result lw_batch_arch_name(const char** out_name, int arch) {
    return guarded(nullptr, [&] {
        if (!out_name) return null_argument(nullptr, "out_name");
        *out_name = nullptr;
        BatchArch a;
        if (!from_code(arch, a)) return unknown_arch(arch);
        *out_name = llamawool::batch_arch_name(a);
        return succeed(nullptr);
    });
}

lw_result lw_batch_available_archs(int* out_archs, size_t* out_count, size_t capacity) {
    return guarded(nullptr, [&] {
        if (!out_count) return null_argument(nullptr, "out_count");
        *out_count = 0;
        if (!out_archs && capacity > 0) return null_argument(nullptr, "out_archs");
        const std::vector<BatchArch> archs = llamawool::available_batch_archs();
        for (std::size_t i = 0; i < archs.size() && i < capacity; ++i) out_archs[i] = to_code(archs[i]);
        *out_count = archs.size();
        return succeed(nullptr);
    });
}

lw_result lw_batch_resolve_arch(int* out_arch, int requested) {
    return guarded(nullptr, [&] {
        if (!out_arch) return null_argument(nullptr, "out_arch");
        *out_arch = LW_ARCH_AUTOMATIC;
        BatchArch a;
        if (!from_code(requested, a)) return unknown_arch(requested);
        const llamawool::Result<BatchArch> resolved = llamawool::resolve_batch_arch(a);
        if (!resolved.ok()) return fail(nullptr, resolved.status());
        *out_arch = to_code(resolved.value());
        return succeed(nullptr);
    });
}

lw_result lw_upgrade_effects_of(lw_upgrade_effects* out_effects, const lw_engine* engine, uint64_t owned_upgrades) {
    return guarded(nullptr, [&] {
        if (!out_effects) return null_argument(nullptr, "out_effects");
        *out_effects = lw_upgrade_effects{};
        if (!engine) return null_argument(nullptr, "engine");
        const llamawool::UpgradeEffects e = llamawool::combined_upgrade_effects(*engine->rules, owned_upgrades);
        *out_effects = lw_upgrade_effects{e.production,          e.click,
                                          e.building,            e.rare,
                                          e.buildingCost,        e.autoClicksPerSecond,
                                          e.offlineEfficiency,   static_cast<double>(e.offlineCapMs)};
        return succeed(nullptr);
    });
}

lw_result lw_batch_load_player(const lw_batch_columns* columns, size_t index, lw_state* state) {
    return guarded(state, [&]() -> lw_result {
        if (!state) return null_argument(nullptr, "state");
        if (!columns) return null_argument(state, "columns");
        if (const lw_result r = check_row(state, *columns, index); r != LW_OK) return r;
        const llamawool::PlayerColumns c = to_cpp(*columns);
        // Every column load_player writes must be there.
        if (const lw_result r = check_wool_and_buildings(state, c, true); r != LW_OK) return r;
        bool missing = false;
        llamawool::for_each_common_column(c, [&](double* column, bool) { missing = missing || !column; });
        if (missing) return null_argument(state, "columns (every column; one is NULL)");
        llamawool::load_player(*state->rules, c, index, state->state);
        return succeed(state);
    });
}

lw_result lw_batch_store_player(lw_state* state, const lw_batch_columns* columns, size_t index) {
    return guarded(state, [&]() -> lw_result {
        if (!state) return null_argument(nullptr, "state");
        if (!columns) return null_argument(state, "columns");
        if (const lw_result r = check_row(state, *columns, index); r != LW_OK) return r;
        const llamawool::PlayerColumns c = to_cpp(*columns);
        if (const lw_result r = check_wool_and_buildings(state, c, false); r != LW_OK) return r;
        bool missing = false;
        llamawool::for_each_common_column(c, [&](double* column, bool written) { missing = missing || (written && !column); });
        if (missing) return null_argument(state, "columns (a column that store writes back is NULL)");
        // The state must stay one that a save can hold (load_save's ranges): whole times below
        // 2^53, click tokens within the burst, finite amounts >= 0.
        auto whole_in = [](double t, double limit) { return t >= 0 && t <= limit && t == std::floor(t); };
        constexpr double kMaxTime = 9007199254740991.0;  // 2^53 - 1
        const double maxTokens = static_cast<double>(state->rules->constants.clickBurst) * 1000;
        if (!whole_in(c.lastUpdateMs[index], kMaxTime))
            return invalid_row(state, "last_update_ms", index, c.lastUpdateMs[index], "a whole number of ms in [0, 2^53)");
        if (!whole_in(c.playTimeMs[index], kMaxTime))
            return invalid_row(state, "play_time_ms", index, c.playTimeMs[index], "a whole number of ms in [0, 2^53)");
        if (!whole_in(c.clickTokensMilli[index], maxTokens))
            return invalid_row(state, "click_tokens_milli", index, c.clickTokensMilli[index],
                               ("a whole number in [0, " + llamawool::format_amount(maxTokens) + "] (the click burst)").c_str());
        for (int w = 0; w < state->rules->wool_count(); ++w)
            if (!(c.wool[w][index] >= 0 && std::isfinite(c.wool[w][index])))
                return invalid_row(state, "wool[" + std::to_string(w) + "]", index, c.wool[w][index], "a finite amount >= 0");
        if (!(c.runValue[index] >= 0 && std::isfinite(c.runValue[index])))
            return invalid_row(state, "run_value", index, c.runValue[index], "a finite amount >= 0");
        if (!(c.lifetimeValue[index] >= 0 && std::isfinite(c.lifetimeValue[index])))
            return invalid_row(state, "lifetime_value", index, c.lifetimeValue[index], "a finite amount >= 0");
        llamawool::store_player(c, index, state->state);
        return succeed(state);
    });
}

lw_result lw_batch_advance(const lw_advance_columns* report, const lw_engine* engine, const lw_batch_columns* columns,
                           const double* to_ms, int arch) {
    return run_kernel(engine, columns, arch, [&](const llamawool::Ruleset& rules, const llamawool::PlayerColumns& c,
                                                 const llamawool::BatchOptions& options) {
        const llamawool::AdvanceColumns out = to_cpp(report);
        return llamawool::advance_batch(rules, c, to_ms, &out, options);
    });
}

lw_result lw_batch_advance_to(const lw_advance_columns* report, const lw_engine* engine, const lw_batch_columns* columns,
                              int64_t to_ms, int arch) {
    return run_kernel(engine, columns, arch, [&](const llamawool::Ruleset& rules, const llamawool::PlayerColumns& c,
                                                 const llamawool::BatchOptions& options) {
        const llamawool::AdvanceColumns out = to_cpp(report);
        return llamawool::advance_batch_to(rules, c, to_ms, &out, options);
    });
}

lw_result lw_batch_production_rates(const lw_rate_columns* out, const lw_engine* engine,
                                    const lw_batch_columns* columns, int64_t at_ms, int arch) {
    if (!out) return guarded(nullptr, [] { return null_argument(nullptr, "out"); });
    return run_kernel(engine, columns, arch, [&](const llamawool::Ruleset& rules, const llamawool::PlayerColumns& c,
                                                 const llamawool::BatchOptions& options) {
        llamawool::RateColumns rates;
        for (int w = 0; w < LW_MAX_WOOL_TYPES; ++w) rates.rate[w] = out->rate[w];
        rates.valueRate = out->value_rate;
        return llamawool::production_rates_batch(rules, c, at_ms, rates, options);
    });
}

lw_result lw_batch_pending_soul_shears(double* out, const lw_engine* engine, const lw_batch_columns* columns,
                                       int64_t at_ms, int arch) {
    return run_kernel(engine, columns, arch, [&](const llamawool::Ruleset& rules, const llamawool::PlayerColumns& c,
                                                 const llamawool::BatchOptions& options) {
        return llamawool::pending_soul_shears_batch(rules, c, at_ms, out, options);
    });
}

lw_result lw_batch_scores(const lw_score_columns* out, const lw_engine* engine, const lw_batch_columns* columns,
                          int64_t at_ms, int arch) {
    if (!out) return guarded(nullptr, [] { return null_argument(nullptr, "out"); });
    return run_kernel(engine, columns, arch, [&](const llamawool::Ruleset& rules, const llamawool::PlayerColumns& c,
                                                 const llamawool::BatchOptions& options) {
        const llamawool::ScoreColumns scores{out->lifetime_value, out->current_wool_value, out->prestige_level,
                                             out->soul_shears, out->value_per_second};
        return llamawool::leaderboard_scores_batch(rules, c, at_ms, scores, options);
    });
}

}  // extern "C"
