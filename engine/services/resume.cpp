#include "llamawool/resume.hpp"

namespace llamawool {

Result<ResumeReport> resume(const Ruleset& rules, State& state, std::int64_t t, const ApplyOptions& options) {
    const ActionResult r = apply_action(rules, state, Action::tick(t), options);
    if (!r.status.ok()) return r.status;
    return ResumeReport{r.advance, r.achievementsUnlocked};
}

Result<ResumeReport> preview_resume(const Ruleset& rules, const State& state, std::int64_t t, State* previewState) {
    State copy = state;
    auto report = resume(rules, copy, t);
    if (report.ok() && previewState) *previewState = std::move(copy);
    return report;
}

}  // namespace llamawool
