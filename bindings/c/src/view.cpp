// The UI query: the engine's farm_view rendered as JSON. Reads the state, never commits.
#include "abi.hpp"
#include "llamawool/view.hpp"

using namespace lw_abi;

extern "C" {

lw_result lw_state_view_json(char** out_view_json, lw_state* state, int64_t at_ms) {
    return with_state(out_view_json, "out_view_json", state, [&] {
        // The ABI's own name for the time, as every other lw_state_* function names its argument.
        if (const lw_result r = check_time(state, "at_ms", at_ms); r != LW_OK) return r;
        if (at_ms < state->state.lastUpdateMs)
            return finish(state, LW_ETIME_REGRESSION,
                          "at_ms: " + std::to_string(at_ms) + " is before the state's lastUpdateMs " +
                              std::to_string(state->state.lastUpdateMs));
        auto view = llamawool::farm_view(*state->rules, state->state, at_ms);
        if (!view.ok()) return fail(state, view.status());
        return give_text(out_view_json, llamawool::farm_view_to_json(*state->rules, view.value()), state);
    });
}

}  // extern "C"
