// States: new, load, copy, save, and what a host reads off them.
#include "abi.hpp"
#include "llamawool/save.hpp"

using namespace lw_abi;

namespace lw_abi {

lw_result give_state(lw_state** out, std::shared_ptr<const llamawool::Ruleset> rules, llamawool::State state) {
    *out = new lw_state{std::move(rules), std::move(state), {}};
    return succeed(nullptr);
}

lw_result check_time(lw_state* state, const char* name, int64_t t_ms) {
    constexpr int64_t kMaxTimeMs = (int64_t{1} << 53) - 1;
    if (t_ms >= 0 && t_ms <= kMaxTimeMs) return LW_OK;
    return finish(state, LW_EINVALID_ARGUMENT,
                  std::string(name) + ": must be a time in ms in [0, 2^53), got " + std::to_string(t_ms));
}

}  // namespace lw_abi

extern "C" {

lw_result lw_state_new(lw_state** out_state, const lw_engine* engine, const char* player_id, int64_t t_ms) {
    return with_engine(out_state, "out_state", engine, [&] {
        if (!player_id) return null_argument(nullptr, "player_id");
        if (!llamawool::is_valid_player_id(player_id))
            return finish(nullptr, LW_EINVALID_ARGUMENT,
                          std::string("player_id: must be 1-128 letters, digits or _ - . :, got \"") + player_id + "\"");
        if (const lw_result r = check_time(nullptr, "t_ms", t_ms); r != LW_OK) return r;
        return give_state(out_state, engine->rules, llamawool::new_game(*engine->rules, player_id, t_ms));
    });
}

lw_result lw_state_load(lw_state** out_state, const lw_engine* engine, const char* save_json) {
    return with_engine(out_state, "out_state", engine, [&] {
        if (!save_json) return null_argument(nullptr, "save_json");
        auto loaded = llamawool::load_save(*engine->rules, save_json);
        if (!loaded.ok()) return fail(nullptr, loaded.status());
        return give_state(out_state, engine->rules, std::move(loaded.value()));
    });
}

lw_result lw_state_copy(lw_state** out_state, lw_state* state) {
    return with_state(out_state, "out_state", state, [&] {
        const lw_result r = give_state(out_state, state->rules, state->state);
        return finish(state, r, {});
    });
}

void lw_state_free(lw_state* state) { delete state; }

const char* lw_state_errmsg(const lw_state* state) { return state ? state->errmsg.c_str() : ""; }

lw_result lw_state_save(char** out_save_json, lw_state* state) {
    return with_state(out_save_json, "out_save_json", state, [&] {
        return give_text(out_save_json, llamawool::save_to_json(*state->rules, state->state), state);
    });
}

lw_result lw_state_hash(uint64_t* out_hash, lw_state* state) {
    return with_state(out_hash, "out_hash", state, [&] {
        *out_hash = llamawool::state_hash(*state->rules, state->state);
        return succeed(state);
    });
}

lw_result lw_state_hash_hex(char out_hex[17], lw_state* state) {
    return with_state(out_hex, "out_hex", state, [&] {
        const std::string hex = llamawool::format_hash(llamawool::state_hash(*state->rules, state->state));
        hex.copy(out_hex, 16);
        out_hex[16] = '\0';
        return succeed(state);
    });
}

lw_result lw_state_player_id(const char** out_player_id, lw_state* state) {
    return with_state(out_player_id, "out_player_id", state, [&] {
        *out_player_id = state->state.playerId.c_str();
        return succeed(state);
    });
}

lw_result lw_state_last_update_ms(int64_t* out_ms, lw_state* state) {
    return with_state(out_ms, "out_ms", state, [&] {
        *out_ms = state->state.lastUpdateMs;
        return succeed(state);
    });
}

}  // extern "C"
