// Save format v1 (docs/rules.md §11) and the state hash.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "llamawool/ruleset.hpp"
#include "llamawool/state.hpp"
#include "llamawool/status.hpp"

namespace llamawool {

// 64-bit hash of the canonical encoding of the state (docs/save-format.md): FNV-1a 64 over a
// fixed little-endian byte layout. Identical on every build and platform.
std::uint64_t state_hash(const Ruleset& rules, const State& state);

// The hash as 16 lowercase hex digits.
std::string format_hash(std::uint64_t hash);

// The save document (pretty-printed JSON, fields in the documented order, ending in a newline).
std::string save_to_json(const Ruleset& rules, const State& state);

// Strict reader. Rejects missing/unknown fields, wrong types, negative/NaN/infinite/out-of-range
// numbers, unknown or duplicate ids, a foreign ruleset and a stateHash that does not match.
Result<State> load_save(const Ruleset& rules, std::string_view json_text);

// Shortest decimal string that round-trips a finite double ("1234.5", "0", "1e+21").
std::string format_amount(double value);

}  // namespace llamawool
