// JSON forms of sync requests and responses (docs/sync.md).
#include <fmt/format.h>

#include "action_json.hpp"
#include "json_fields.hpp"
#include "json_writer.hpp"
#include "save_json.hpp"
#include "sync_request_plain.hpp"
#include "llamawool/save.hpp"
#include "llamawool/sync.hpp"

namespace llamawool {

using detail::Json;

Result<SyncRequest> parse_sync_request(std::string_view text) {
    if (auto plain = detail::parse_plain_sync_request(text)) return std::move(*plain);
    return detail::parse_sync_request_general(text);
}

Result<SyncRequest> detail::parse_sync_request_general(std::string_view text) {
    auto doc = detail::parse_json(text, "request", ErrorCode::invalid_request);
    if (!doc.ok()) return Status::error(ErrorCode::invalid_request, doc.status().message);
    detail::ErrorSink sink(ErrorCode::invalid_request);
    detail::ObjectReader r(doc.value(), "", sink);
    r.reject_unknown({"baseHash", "actions", "claimedHash"});
    SyncRequest request;
    for (auto [key, out] : {std::pair{"baseHash", &request.baseHash}, std::pair{"claimedHash", &request.claimedHash}}) {
        if (auto hex = r.string(key)) {
            auto h = detail::parse_hash(*hex);
            if (h) *out = *h;
            else r.fail(key, fmt::format("must be 16 lowercase hex digits, got {}", Json(*hex).dump()));
        }
    }
    if (const Json* actions = r.array("actions")) {
        request.actions.reserve(actions->size());
        for (std::size_t i = 0; i < actions->size(); ++i)
            request.actions.push_back(detail::action_from_json((*actions)[i], detail::index_path("actions", i)));
    }
    if (!sink.ok()) return sink.status();
    return request;
}

std::string sync_request_to_json(const SyncRequest& request) {
    std::string out = fmt::format("{{\"baseHash\":\"{}\",\"actions\":[", format_hash(request.baseHash));
    for (std::size_t i = 0; i < request.actions.size(); ++i) {
        if (i) out += ",";
        // An entry that failed to parse has no canonical form; it is written as null.
        out += request.actions[i].ok() ? action_to_json(request.actions[i].value()) : "null";
    }
    out += fmt::format("],\"claimedHash\":\"{}\"}}", format_hash(request.claimedHash));
    return out;
}

// A field per line, each value compact, as detail::dump_fields_per_line lays out a document
// (tests/test_json_writer.cpp compares the two); written directly (json_writer.hpp), and the `state` is
// the save written compact, not the save text parsed back and dumped again.
std::string sync_response_to_json(const Ruleset& rules, const State& state, const SyncResponse& response) {
    std::string out;
    out.reserve(64 + 40 * response.results.size() + (response.outcome != SyncOutcome::accepted ? 1024 : 0));
    bool first = true;
    auto field = [&](std::string_view key) {
        out += first ? "{\n  " : ",\n  ";
        first = false;
        detail::append_json_string(out, key);
        out += ": ";
    };
    auto outcome_json = [&](const SyncActionOutcome& o) {
        detail::JsonWriter w(out, /*pretty=*/false);
        w.begin_object();
        w.key("index");
        w.integer(static_cast<std::int64_t>(o.index));
        w.key("status");
        w.string(error_code_name(o.status.code));
        if (!o.status.ok()) {
            w.key("message");
            w.string(o.status.message);
        }
        w.end_object();
    };
    field("outcome");
    detail::append_json_string(out, sync_outcome_name(response.outcome));
    field("stateHash");
    detail::append_json_string(out, format_hash(response.stateHash));
    field("applied");
    fmt::format_to(std::back_inserter(out), "{}", response.applied);
    field("results");
    out += '[';
    for (std::size_t i = 0; i < response.results.size(); ++i) {
        if (i) out += ',';
        outcome_json(response.results[i]);
    }
    out += ']';
    if (response.rejection) {
        field("rejected");
        outcome_json(*response.rejection);
    }
    if (response.outcome != SyncOutcome::accepted) {
        // The client adopts this state; it is the save document itself.
        field("state");
        detail::append_save_json(out, rules, state, /*pretty=*/false);
    }
    out += "\n}\n";
    return out;
}

}  // namespace llamawool
