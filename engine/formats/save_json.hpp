// The save document in its two spellings: pretty (save_to_json, the save format) and compact (the
// `state` of a sync response, which embeds the save in a one-line value).
#pragma once

#include <string>

#include "llamawool/ruleset.hpp"
#include "llamawool/state.hpp"

namespace llamawool::detail {

// Appends the save document, without the pretty form's final newline.
void append_save_json(std::string& out, const Ruleset& rules, const State& state, bool pretty);

}  // namespace llamawool::detail
