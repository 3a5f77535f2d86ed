// Formatting of numbers and reports for people (the JSON outputs use exact decimals instead).
#pragma once

#include <cstdint>
#include <string>

#include "llamawool/llamawool.hpp"

namespace llamawool::cli {

std::string human(double x);              // "1,234.5" style for small, "1.23e+12" for large
std::string human_duration(std::int64_t ms);  // "8 h 0 min", "42 s"
// Multi-line description of an advance ("offline 8 h: credited ..., forfeited ..., +123 value").
std::string describe_advance(const Ruleset& rules, const AdvanceReport& r, const std::string& indent);

}  // namespace llamawool::cli
