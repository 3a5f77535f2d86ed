// Internal: reading one action from an already parsed JSON value (used by the action and sync
// readers).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "json_reader.hpp"
#include "llamawool/action.hpp"

namespace llamawool::detail {

Result<Action> action_from_json(const Json& value, const std::string& path);

// The action type of a JSON "type" name ("shear" -> ActionType::shear); nullopt for a name that
// is none (the general reader then answers unknown_action with a suggestion).
std::optional<ActionType> action_type_from_name(std::string_view name);

// 16 lowercase hex digits -> hash; nullopt otherwise.
std::optional<std::uint64_t> parse_hash(const std::string& text);

}  // namespace llamawool::detail
