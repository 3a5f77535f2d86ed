// Playing: one action at a time, and the offline report of a returning player.
#include "abi.hpp"
#include "llamawool/engine.hpp"
#include "llamawool/report.hpp"
#include "llamawool/resume.hpp"

using namespace lw_abi;

namespace {

llamawool::ApplyOptions clock_options(int64_t now_ms) {
    llamawool::ApplyOptions options;
    if (now_ms != LW_NO_CLOCK) options.nowMs = now_ms;
    return options;
}

lw_result resume_on(char** out, lw_state* state, int64_t t_ms, int64_t now_ms, bool commit) {
    llamawool::State next = state->state;
    const auto report = llamawool::resume(*state->rules, next, t_ms, clock_options(now_ms));
    if (!report.ok()) return fail(state, report.status());
    const std::string json = llamawool::resume_report_to_json(*state->rules, report.value());
    if (!commit) return give_text(out, json, state);
    return commit_with_report(out, state, next, json);
}

}  // namespace

extern "C" {

lw_result lw_state_apply(char** out_report_json, lw_state* state, const char* action_json, int64_t now_ms) {
    return with_state(out_report_json, "out_report_json", state, [&] {
        if (!action_json) return null_argument(state, "action_json");
        auto action = llamawool::parse_action(action_json);
        if (!action.ok()) return fail(state, action.status());
        llamawool::State next = state->state;
        const llamawool::ActionResult result =
            llamawool::apply_action(*state->rules, next, action.value(), clock_options(now_ms));
        if (!result.status.ok()) return fail(state, result.status);
        return commit_with_report(out_report_json, state, next,
                                  llamawool::action_result_to_json(*state->rules, result));
    });
}

// A preview is a resume on a copy that is never committed (what llamawool::preview_resume does),
// so the preview equals the commit to the bit.
lw_result lw_state_preview_resume(char** out_report_json, lw_state* state, int64_t t_ms) {
    return with_state(out_report_json, "out_report_json", state, [&] {
        return resume_on(out_report_json, state, t_ms, LW_NO_CLOCK, false);
    });
}

lw_result lw_state_resume(char** out_report_json, lw_state* state, int64_t t_ms, int64_t now_ms) {
    return with_state(out_report_json, "out_report_json", state, [&] {
        return resume_on(out_report_json, state, t_ms, now_ms, true);
    });
}

}  // extern "C"
