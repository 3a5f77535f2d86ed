// Server hosts: sync a client's batch on the trusted state, and leaderboard scores.
#include "abi.hpp"
#include "llamawool/scores.hpp"
#include "llamawool/sync.hpp"

using namespace lw_abi;

namespace {

int outcome_code(llamawool::SyncOutcome outcome) {
    switch (outcome) {
        case llamawool::SyncOutcome::accepted: return LW_SYNC_ACCEPTED;
        case llamawool::SyncOutcome::desync: return LW_SYNC_DESYNC;
        case llamawool::SyncOutcome::rejected: return LW_SYNC_REJECTED;
        case llamawool::SyncOutcome::rebased: return LW_SYNC_REBASED;
    }
    return LW_SYNC_REJECTED;  // unreachable: every enumerator is listed above
}

}  // namespace

extern "C" {

lw_result lw_state_sync(char** out_response_json, int* out_outcome, lw_state* state, const char* request_json,
                        int64_t now_ms) {
    if (out_outcome) *out_outcome = 0;
    return with_state(out_response_json, "out_response_json", state, [&] {
        if (!request_json) return null_argument(state, "request_json");
        auto request = llamawool::parse_sync_request(request_json);
        if (!request.ok()) return fail(state, request.status());
        llamawool::State synced = state->state;
        const llamawool::SyncResponse response = llamawool::sync(*state->rules, synced, request.value(), now_ms);
        const lw_result r = commit_with_report(out_response_json, state, synced,
                                               llamawool::sync_response_to_json(*state->rules, synced, response));
        if (r == LW_OK && out_outcome) *out_outcome = outcome_code(response.outcome);
        return r;
    });
}

lw_result lw_state_scores(lw_scores* out_scores, lw_state* state, int64_t at_ms) {
    return with_state(out_scores, "out_scores", state, [&] {
        if (const lw_result r = check_time(state, "at_ms", at_ms); r != LW_OK) return r;
        const llamawool::LeaderboardScores s = llamawool::leaderboard_scores(*state->rules, state->state, at_ms);
        *out_scores = lw_scores{s.lifetimeValue, s.currentWoolValue, s.prestigeLevel, s.soulShears, s.valuePerSecond};
        return succeed(state);
    });
}

lw_result lw_state_scores_json(char** out_scores_json, lw_state* state, int64_t at_ms) {
    return with_state(out_scores_json, "out_scores_json", state, [&] {
        if (const lw_result r = check_time(state, "at_ms", at_ms); r != LW_OK) return r;
        const llamawool::LeaderboardScores s = llamawool::leaderboard_scores(*state->rules, state->state, at_ms);
        return give_text(out_scores_json, llamawool::leaderboard_scores_to_json(s), state);
    });
}

}  // extern "C"
