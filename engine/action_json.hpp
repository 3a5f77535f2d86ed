// Internal: reading one action from an already parsed JSON value (used by the action and sync
// readers).
#pragma once

#include <string>

#include "json_reader.hpp"
#include "llamawool/action.hpp"

namespace llamawool::detail {

Result<Action> action_from_json(const Json& value, const std::string& path);

// 16 lowercase hex digits -> hash; nullopt otherwise.
std::optional<std::uint64_t> parse_hash(const std::string& text);

}  // namespace llamawool::detail
