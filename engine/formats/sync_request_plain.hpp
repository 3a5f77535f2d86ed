// The sync request's two parsers (docs/sync.md). parse_sync_request tries the plain-form parser
// first and gives the text to the general one only when the plain one declines it.
#pragma once

#include <optional>
#include <string_view>

#include "llamawool/sync.hpp"

namespace llamawool::detail {

// A parser for the form in which clients send a request: one object with baseHash, actions and
// claimedHash once each; actions whose fields are the ones their type takes, once each; strings of
// printable ASCII without escapes; integers without a fraction or exponent; amounts as plain
// non-negative JSON numbers. It reads such a text straight into the request, without building a
// JSON document (the document, its path strings and its field lookups were three times the cost
// of replaying the batch, natively, and more in WebAssembly: bench BM_ParseSyncRequest100).
// Anything else, every error included, gives nullopt, and the general parser reads the text and
// explains what is wrong. A text it accepts gives exactly the request the general parser gives
// (tests/test_sync_request.cpp compares the two on generated and mutated texts; the sync fuzz
// target on every input).
std::optional<SyncRequest> parse_plain_sync_request(std::string_view text);

// The general parser: any JSON, every error named by field (invalid_request for the request,
// a malformed or unknown_action entry for an action).
Result<SyncRequest> parse_sync_request_general(std::string_view text);

}  // namespace llamawool::detail
