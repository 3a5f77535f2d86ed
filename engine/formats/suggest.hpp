// "Did you mean ...?" for an unknown name: the closest of a list of known names by edit distance
// (integers only; the first of equally close names wins, so the answer depends only on the inputs).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace llamawool::detail {

// Edit distance between two byte strings (insert, delete, substitute, swap two neighbours: 1 each),
// ASCII letters compared without case.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The known name closest to `name` when it is close enough to be a plausible typo (at most 2 edits,
// and fewer than half of the name's length), else "".
std::string closest_name(std::string_view name, const std::vector<std::string_view>& known);

// " (did you mean \"shear\"?)" for the closest known name, or "" when none is close.
std::string did_you_mean(std::string_view name, const std::vector<std::string_view>& known);

}  // namespace llamawool::detail
