// The UI query: the engine's farm_view rendered as JSON. Reads the state, never commits.
#include "abi.hpp"
#include "llamawool/view.hpp"

using namespace lw_abi;

extern "C" {

lw_result lw_state_view_json(char** out_view_json, lw_state* state, int64_t at_ms) {
    return with_state(out_view_json, "out_view_json", state, [&] {
        // farm_view checks at_ms itself (range, then lastUpdateMs), its messages naming it atMs:
        // checking here too would only repeat the rule (and its bytes in the wasm module).
        auto view = llamawool::farm_view(*state->rules, state->state, at_ms);
        if (!view.ok()) return fail(state, view.status());
        return give_text(out_view_json, llamawool::farm_view_to_json(*state->rules, view.value()), state);
    });
}

}  // extern "C"
