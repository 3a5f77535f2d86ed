// Sync (docs/rules.md §12): the server keeps the trusted state, replays a client's batch of
// actions and compares hashes. The JSON forms are documented in docs/sync.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llamawool/action.hpp"
#include "llamawool/engine.hpp"

namespace llamawool {

struct SyncRequest {
    std::uint64_t baseHash = 0;          // the state hash the client started the batch from
    std::vector<Result<Action>> actions;  // in order; an entry that failed to parse keeps its error
    std::uint64_t claimedHash = 0;       // the state hash the client computed after the batch
};

enum class SyncOutcome {
    accepted,  // base matched, every action applied, claimedHash matches
    desync,    // base matched, every action applied, claimedHash differs: adopt the server's state
    rejected,  // base matched, an action was refused: the state stays at the last good action
    rebased,   // base was stale: the actions after the server's lastUpdateMs were replayed on its state
};

const char* sync_outcome_name(SyncOutcome outcome);

struct SyncActionOutcome {
    std::size_t index = 0;
    Status status;  // ok, the rejection, or time_regression for an action dropped by a rebase
};

struct SyncResponse {
    SyncOutcome outcome = SyncOutcome::accepted;
    std::uint64_t stateHash = 0;   // of the authoritative state after the sync
    std::size_t applied = 0;       // actions committed
    std::vector<SyncActionOutcome> results;  // one per action examined (none after a rejection)
    std::optional<SyncActionOutcome> rejection;  // the first refused action (not counting rebase drops)
};

// Replays `request` on the trusted `state` (which it updates) with the host's clock `nowMs`
// (actions more than 5 s ahead of it are time_in_future).
SyncResponse sync(const Ruleset& rules, State& state, const SyncRequest& request, std::int64_t nowMs);

// {"baseHash": "16 hex", "actions": [...], "claimedHash": "16 hex"}. A document that breaks this
// shape is invalid_request; a single bad action is kept as its own malformed/unknown_action entry.
Result<SyncRequest> parse_sync_request(std::string_view json_text);
std::string sync_request_to_json(const SyncRequest& request);

// The response with the authoritative save included unless the outcome is `accepted`.
std::string sync_response_to_json(const Ruleset& rules, const State& state, const SyncResponse& response);

}  // namespace llamawool
