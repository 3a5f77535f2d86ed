// Sync with exact replay and rebase (docs/rules.md §12, docs/sync.md).
#include <fmt/format.h>

#include "llamawool/save.hpp"
#include "llamawool/sync.hpp"

namespace llamawool {

const char* sync_outcome_name(SyncOutcome outcome) {
    switch (outcome) {
        case SyncOutcome::accepted: return "accepted";
        case SyncOutcome::desync: return "desync";
        case SyncOutcome::rejected: return "rejected";
        case SyncOutcome::rebased: return "rebased";
    }
    return "unknown";
}

SyncResponse sync(const Ruleset& rules, State& state, const SyncRequest& request, std::int64_t nowMs) {
    SyncResponse response;
    const bool stale = request.baseHash != state_hash(rules, state);
    // A stale batch is replayed from the server's state: only actions after its lastUpdateMs can
    // still happen. The boundary is exclusive so that a batch sent twice replays nothing (its last
    // action's t equals the server's lastUpdateMs after the first copy); see docs/decisions.md.
    const std::int64_t rebaseAfterMs = state.lastUpdateMs;
    const ApplyOptions options{.nowMs = nowMs};

    for (std::size_t i = 0; i < request.actions.size(); ++i) {
        const Result<Action>& parsed = request.actions[i];
        SyncActionOutcome outcome{i, Status::success()};
        if (!parsed.ok()) {
            outcome.status = parsed.status();
        } else if (stale && parsed->t <= rebaseAfterMs) {
            response.results.push_back({i, Status::error(ErrorCode::time_regression,
                                                         fmt::format("actions[{}].t: {} is not after the server's "
                                                                     "lastUpdateMs {} (stale batch rebased)",
                                                                     i, parsed->t, rebaseAfterMs))});
            continue;
        } else {
            outcome.status = apply_action(rules, state, parsed.value(), options).status;
            if (!outcome.status.ok()) outcome.status.message = fmt::format("actions[{}].{}", i, outcome.status.message);
        }
        response.results.push_back(outcome);
        if (!outcome.status.ok()) {
            response.rejection = outcome;
            break;
        }
        ++response.applied;
    }

    response.stateHash = state_hash(rules, state);
    if (stale) response.outcome = SyncOutcome::rebased;
    else if (response.rejection) response.outcome = SyncOutcome::rejected;
    else response.outcome = response.stateHash == request.claimedHash ? SyncOutcome::accepted : SyncOutcome::desync;
    return response;
}

}  // namespace llamawool
