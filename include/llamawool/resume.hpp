// A returning player (docs/rules.md §5, §12): what the offline time earned. `preview_resume` is
// what a client draws every frame and commits nothing; `resume` commits the same advance. Both
// are a `tick` at time t, so the preview equals the commit to the bit.
#pragma once

#include <cstdint>

#include "llamawool/engine.hpp"

namespace llamawool {

struct ResumeReport {
    AdvanceReport advance;                   // online/offline, credited/forfeited ms, efficiency, gains
    std::uint64_t achievementsUnlocked = 0;  // evaluated at the end, as for any action
};

// The report of resuming at t, and optionally the state it would lead to; `state` is untouched.
Result<ResumeReport> preview_resume(const Ruleset& rules, const State& state, std::int64_t t,
                                    State* previewState = nullptr);

// Commits the resume: state advances to t. Errors (time_regression, time_in_future) change nothing.
Result<ResumeReport> resume(const Ruleset& rules, State& state, std::int64_t t, const ApplyOptions& options = {});

std::string resume_report_to_json(const Ruleset& rules, const ResumeReport& report);

}  // namespace llamawool
