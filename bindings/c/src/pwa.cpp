// The PWA's saves (GameSave, VersionedGameState) imported into a new state (docs/pwa-import.md).
#include <string>

#include "abi.hpp"
#include "llamawool/pwa_import.hpp"

using namespace lw_abi;

extern "C" {

lw_result lw_pwa_import(lw_state** out_state, char** out_report_json, const lw_engine* engine, const char* gamesave_json,
                        int64_t now_ms) {
    return guarded(nullptr, [&]() -> lw_result {
        if (!out_state) return null_argument(nullptr, "out_state");
        *out_state = nullptr;
        if (!out_report_json) return null_argument(nullptr, "out_report_json");
        *out_report_json = nullptr;
        if (!engine) return null_argument(nullptr, "engine");
        if (!gamesave_json) return null_argument(nullptr, "gamesave_json");
        llamawool::PwaImportOptions options;
        if (now_ms != LW_NO_CLOCK) {
            if (const lw_result r = check_time(nullptr, "now_ms", now_ms); r != LW_OK) return r;
            options.nowMs = now_ms;
        }
        auto imported = llamawool::import_pwa_save(*engine->rules, gamesave_json, options);
        if (!imported.ok()) return fail(nullptr, imported.status());
        const std::string report = llamawool::pwa_import_to_json(*engine->rules, imported.value(), false);
        lw_state* state = nullptr;
        give_state(&state, engine->rules, std::move(imported.value().state));
        if (const lw_result r = give_text(out_report_json, report, nullptr); r != LW_OK) {
            lw_state_free(state);  // both outputs stay NULL
            return r;
        }
        *out_state = state;
        return succeed(nullptr);
    });
}

}  // extern "C"
