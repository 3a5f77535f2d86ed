// Shared helpers of the test suite.
#pragma once

#include <string>

#include <doctest/doctest.h>

#include "llamawool/llamawool.hpp"

namespace lwtest {

using namespace llamawool;

inline constexpr std::int64_t kT0 = 1700000000000;  // a realistic epoch-ms start time

const Ruleset& rules();  // the default ruleset

// Applies an action that must succeed (CHECKs the status and prints its message otherwise).
ActionResult apply_ok(State& state, const Action& action, const Ruleset& r = rules());

// Applies an action that must be rejected with `code`, and checks that the state is unchanged
// byte for byte (save text and hash).
ActionResult apply_rejected(State& state, const Action& action, ErrorCode code, const Ruleset& r = rules());
// The same with the host's clock in the options (time_in_future).
ActionResult apply_rejected(State& state, const Action& action, ErrorCode code, const ApplyOptions& options);

// The exact bytes that identify a state: its save document (which contains its hash).
std::string state_bytes(const State& state, const Ruleset& r = rules());

// Reads a file under tests/data.
std::string read_test_file(const std::string& relativePath);

// A ruleset that is the default one plus `eventsJson` (a JSON array) as its events.
Ruleset ruleset_with_events(const std::string& eventsJson, const std::string& id = "llama-wool-farm/1+events");

// The default ruleset with one piece of its JSON text replaced (the piece must occur).
Ruleset ruleset_replacing(const std::string& from, const std::string& to);

// Bits and indices of the default ruleset's entries by id (REQUIREs that the id exists).
std::uint64_t upgrade_bit(const char* id);
std::uint64_t achievement_bit(const char* id);
int building(const char* id);

// Hand-computed rates and prices are compared within a few ulps: the rules fix each formula,
// and the tests check the formula rather than the rounding of every intermediate product.
inline doctest::Approx near(double v) { return doctest::Approx(v).epsilon(1e-12); }

// Relative difference |a - b| / |b|.
double rel_diff(double a, double b);

}  // namespace lwtest
