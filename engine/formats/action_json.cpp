// The JSON form of actions (docs/rules.md §10).
#include <fmt/format.h>

#include "rules/limits.hpp"
#include "action_json.hpp"
#include "json_fields.hpp"
#include "suggest.hpp"
#include "llamawool/action.hpp"
#include "llamawool/save.hpp"

namespace llamawool {
namespace {

using detail::ErrorSink;
using detail::Json;
using detail::ObjectReader;

constexpr std::int64_t kInt64Max = INT64_MAX;

struct TypeInfo {
    std::string_view name;
    ActionType type;
};
constexpr TypeInfo kTypes[] = {{"tick", ActionType::tick},
                               {"shear", ActionType::shear},
                               {"buy_building", ActionType::buy_building},
                               {"buy_upgrade", ActionType::buy_upgrade},
                               {"prestige", ActionType::prestige}};

// The type names, for the suggestion of an unknown one.
std::vector<std::string_view> type_names() {
    std::vector<std::string_view> names;
    for (const TypeInfo& info : kTypes) names.push_back(info.name);
    return names;
}

}  // namespace

namespace detail {

std::optional<ActionType> action_type_from_name(std::string_view name) {
    for (const TypeInfo& info : kTypes)
        if (info.name == name) return info.type;
    return std::nullopt;
}

Result<Action> action_from_json(const Json& j, const std::string& path) {
    ErrorSink malformed(ErrorCode::malformed);
    ObjectReader r(j, path, malformed);
    Action a;
    auto t = r.integer("t", 0, limits::kMaxTimeMs);
    auto type = r.string("type");
    if (!malformed.ok()) return malformed.status();
    if (t) a.t = *t;

    const auto known = action_type_from_name(*type);
    if (!known)
        return Status::error(ErrorCode::unknown_action,
                             fmt::format("{}: unknown action type \"{}\"{}", detail::join_path(path, "type"), *type,
                                         detail::did_you_mean(*type, type_names())));
    a.type = *known;

    // Integers are read over the whole int64 range here: whether a count or quantity is in the
    // allowed range is decided later (invalid_quantity ranks below the time checks).
    switch (a.type) {
        case ActionType::tick:
        case ActionType::prestige:
            if (a.type == ActionType::prestige) {
                r.reject_unknown({"t", "type", "expectedSoulShears"});
                a.expectedSoulShears = r.number("expectedSoulShears", 0, false, false);
            } else {
                r.reject_unknown({"t", "type"});
            }
            break;
        case ActionType::shear:
            r.reject_unknown({"t", "type", "count"});
            if (auto n = r.integer("count", -kInt64Max, kInt64Max)) a.count = *n;
            break;
        case ActionType::buy_building: {
            r.reject_unknown({"t", "type", "building", "quantity", "expectedCost"});
            if (auto id = r.string("building")) a.target = *id;
            const Json* q = r.field("quantity");
            if (q && q->is_string()) {
                if (q->get<std::string>() == "max") a.buyMax = true;
                else r.fail("quantity", fmt::format("must be an integer or \"max\", got {}", detail::json_excerpt(*q)));
            } else if (q) {
                if (auto n = r.integer("quantity", -kInt64Max, kInt64Max)) a.quantity = *n;
            }
            a.expectedCost = r.number("expectedCost", 0, false, false);
            break;
        }
        case ActionType::buy_upgrade:
            r.reject_unknown({"t", "type", "upgrade"});
            if (auto id = r.string("upgrade")) a.target = *id;
            break;
    }
    if (!malformed.ok()) return malformed.status();
    return a;
}

std::optional<std::uint64_t> parse_hash(const std::string& text) {
    if (text.size() != 16) return std::nullopt;
    std::uint64_t h = 0;
    for (char c : text) {
        int digit = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
        if (digit < 0) return std::nullopt;
        h = (h << 4) | static_cast<std::uint64_t>(digit);
    }
    return h;
}

}  // namespace detail

const char* action_type_name(ActionType type) {
    for (const TypeInfo& info : kTypes)
        if (info.type == type) return info.name.data();
    return "unknown";
}

Result<Action> parse_action(std::string_view text) {
    auto doc = detail::parse_json(text, "action", ErrorCode::malformed);
    if (!doc.ok()) return Status::error(ErrorCode::malformed, doc.status().message);
    return detail::action_from_json(doc.value(), "");
}

Result<std::vector<Action>> parse_actions(std::string_view text) {
    auto batch = parse_action_batch(text);
    if (!batch.ok()) return batch.status();
    std::vector<Action> actions;
    actions.reserve(batch->size());
    for (auto& a : batch.value()) {
        if (!a.ok()) return a.status();
        actions.push_back(std::move(a.value()));
    }
    return actions;
}

Result<std::vector<Result<Action>>> parse_action_batch(std::string_view text) {
    auto doc = detail::parse_json(text, "actions", ErrorCode::malformed);
    if (!doc.ok()) return Status::error(ErrorCode::malformed, doc.status().message);
    const Json& j = doc.value();
    if (!j.is_array())
        return Status::error(ErrorCode::malformed, fmt::format("actions: must be an array, got {}", detail::json_type_phrase(j)));
    std::vector<Result<Action>> actions;
    actions.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i) actions.push_back(detail::action_from_json(j[i], detail::index_path("actions", i)));
    return actions;
}

std::string action_to_json(const Action& a) {
    std::string out = fmt::format("{{\"t\":{},\"type\":\"{}\"", a.t, action_type_name(a.type));
    switch (a.type) {
        case ActionType::tick: break;
        case ActionType::shear: out += fmt::format(",\"count\":{}", a.count); break;
        case ActionType::buy_building:
            out += fmt::format(",\"building\":{}", Json(a.target).dump());
            out += a.buyMax ? std::string(",\"quantity\":\"max\"") : fmt::format(",\"quantity\":{}", a.quantity);
            if (a.expectedCost) out += fmt::format(",\"expectedCost\":{}", format_amount(*a.expectedCost));
            break;
        case ActionType::buy_upgrade: out += fmt::format(",\"upgrade\":{}", Json(a.target).dump()); break;
        case ActionType::prestige:
            if (a.expectedSoulShears) out += fmt::format(",\"expectedSoulShears\":{}", format_amount(*a.expectedSoulShears));
            break;
    }
    out += "}";
    return out;
}

}  // namespace llamawool
