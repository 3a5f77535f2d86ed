// JSON forms of sync requests and responses (docs/sync.md).
#include <fmt/format.h>

#include "action_json.hpp"
#include "json_fields.hpp"
#include "llamawool/save.hpp"
#include "llamawool/sync.hpp"

namespace llamawool {

using detail::Json;

Result<SyncRequest> parse_sync_request(std::string_view text) {
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

std::string sync_response_to_json(const Ruleset& rules, const State& state, const SyncResponse& response) {
    auto outcome_json = [](const SyncActionOutcome& o) {
        Json j = Json::object();
        j["index"] = o.index;
        j["status"] = error_code_name(o.status.code);
        if (!o.status.ok()) j["message"] = o.status.message;
        return j;
    };
    Json j = Json::object();
    j["outcome"] = sync_outcome_name(response.outcome);
    j["stateHash"] = format_hash(response.stateHash);
    j["applied"] = response.applied;
    Json results = Json::array();
    for (const SyncActionOutcome& o : response.results) results.push_back(outcome_json(o));
    j["results"] = std::move(results);
    if (response.rejection) j["rejected"] = outcome_json(*response.rejection);
    if (response.outcome != SyncOutcome::accepted) {
        // The client adopts this state; it is the save document itself.
        auto save = detail::parse_json(save_to_json(rules, state), "save", ErrorCode::invalid_save);
        j["state"] = std::move(save.value());
    }
    return detail::dump_fields_per_line(j);
}

}  // namespace llamawool
