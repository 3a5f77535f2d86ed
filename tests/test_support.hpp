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

// The exact bytes that identify a state: its save document (which contains its hash).
std::string state_bytes(const State& state, const Ruleset& r = rules());

// Reads a file under tests/data.
std::string read_test_file(const std::string& relativePath);

// A ruleset that is the default one plus `eventsJson` (a JSON array) as its events.
Ruleset ruleset_with_events(const std::string& eventsJson, const std::string& id = "llama-wool-farm/1+events");

// Relative difference |a - b| / |b|.
double rel_diff(double a, double b);

}  // namespace lwtest
