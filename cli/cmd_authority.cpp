// Server-side commands (docs/rules.md §12): sync a client's batch, resume a returning player,
// leaderboard scores; plus `client-batch`, which builds the request an honest client would send.
#include <cstdio>

#include <fmt/format.h>

#include "cli_io.hpp"
#include "commands.hpp"
#include "display.hpp"
#include "llamawool/llamawool.hpp"

namespace llamawool::cli {
namespace {

bool read_time_option(const ParsedArgs& p, const std::string& name, bool required, long long& out) {
    const std::string* v = p.option(name);
    if (!v) {
        if (required) print_error(name + " MS is required");
        return !required;
    }
    return parse_ms(name, *v, out);
}

}  // namespace

int cmd_sync(const ParsedArgs& p) {
    if (p.positional.size() != 2 || (p.positional[0] == "-" && p.positional[1] == "-")) {
        print_error("sync needs STATE and REQUEST (files; one of them may be '-' for stdin)");
        return 2;
    }
    long long now = 0;
    if (!read_time_option(p, "--now", true, now)) return 2;
    const Ruleset* selected = ruleset_option(p);  // --ruleset FILE, or the embedded default
    if (!selected) return 1;
    const Ruleset& rules = *selected;
    auto state = load_save_file(rules, p.positional[0]);
    if (!state) return 1;
    const auto requestText = read_input(p.positional[1]);
    if (!requestText) return 1;
    auto request = parse_sync_request(*requestText);
    if (!request.ok()) {
        print_error(fmt::format("{}: {} ({})", p.positional[1], request.status().message,
                                error_code_name(request.status().code)));
        return 1;
    }
    const SyncResponse response = sync(rules, *state, request.value(), now);
    const std::string* out = p.option("-o");
    if (out && *out != "-" && !write_output_atomically(*out, save_to_json(rules, *state))) return 1;
    std::fputs(sync_response_to_json(rules, *state, response).c_str(), stdout);
    return 0;
}

int cmd_resume(const ParsedArgs& p) {
    if (p.positional.size() != 1) {
        print_error("resume needs STATE (a file, or '-' for stdin)");
        return 2;
    }
    long long t = 0, now = 0;
    if (!read_time_option(p, "--t", true, t)) return 2;
    ApplyOptions options;
    if (p.option("--now")) {
        if (!read_time_option(p, "--now", false, now)) return 2;
        options.nowMs = now;
    }
    const Ruleset* selected = ruleset_option(p);  // --ruleset FILE, or the embedded default
    if (!selected) return 1;
    const Ruleset& rules = *selected;
    auto state = load_save_file(rules, p.positional[0]);
    if (!state) return 1;
    auto report = p.option("--preview") ? preview_resume(rules, *state, t) : resume(rules, *state, t, options);
    if (!report.ok()) {
        print_error(fmt::format("{} ({})", report.status().message, error_code_name(report.status().code)));
        return 1;
    }
    const std::string* out = p.option("-o");
    if (out && !p.option("--preview") && !write_output_atomically(*out, save_to_json(rules, *state))) return 1;
    std::printf("%s\n", resume_report_to_json(rules, report.value()).c_str());
    std::fflush(stdout);
    std::fprintf(stderr, "%s", describe_advance(rules, report->advance, "").c_str());
    return 0;
}

int cmd_scores(const ParsedArgs& p) {
    if (p.positional.size() != 1) {
        print_error("scores needs STATE (a file, or '-' for stdin)");
        return 2;
    }
    const Ruleset* selected = ruleset_option(p);  // --ruleset FILE, or the embedded default
    if (!selected) return 1;
    const Ruleset& rules = *selected;
    auto state = load_save_file(rules, p.positional[0]);
    if (!state) return 1;
    // --t advances the save to that time first (a preview, nothing is written): the scores of a
    // player who comes back then. Without it, the scores of the save as it is.
    State s = *state;
    long long t = s.lastUpdateMs;
    if (p.option("--t")) {
        if (!read_time_option(p, "--t", false, t)) return kExitUsage;
        if (t < s.lastUpdateMs) {
            print_error(fmt::format("--t: {} is before the save's lastUpdateMs {}", t, s.lastUpdateMs));
            return kExitUsage;
        }
        advance(rules, s, t);
    }
    std::printf("%s\n", leaderboard_scores_to_json(leaderboard_scores(rules, s, t)).c_str());
    return kExitOk;
}

int cmd_client_batch(const ParsedArgs& p) {
    if (p.positional.size() != 2 || (p.positional[0] == "-" && p.positional[1] == "-")) {
        print_error("client-batch needs STATE and ACTIONS (files; one of them may be '-' for stdin)");
        return 2;
    }
    const Ruleset* selected = ruleset_option(p);  // --ruleset FILE, or the embedded default
    if (!selected) return 1;
    const Ruleset& rules = *selected;
    auto state = load_save_file(rules, p.positional[0]);
    if (!state) return 1;
    const auto actionsText = read_input(p.positional[1]);
    if (!actionsText) return 1;
    auto actions = parse_actions(*actionsText);
    if (!actions.ok()) {
        print_error(fmt::format("{}: {}", p.positional[1], actions.status().message));
        return 1;
    }
    // What a client does: apply locally, send what its engine accepted, claim the resulting hash.
    SyncRequest request;
    request.baseHash = state_hash(rules, *state);
    std::size_t leftOut = 0;
    for (std::size_t i = 0; i < actions->size(); ++i) {
        const ActionResult r = apply_action(rules, *state, actions.value()[i]);
        if (!r.status.ok()) {
            ++leftOut;
            std::fprintf(stderr, "client-batch: actions[%zu] left out: %s (%s)\n", i, r.status.message.c_str(),
                         error_code_name(r.status.code));
            continue;
        }
        request.actions.emplace_back(actions.value()[i]);
    }
    request.claimedHash = state_hash(rules, *state);
    const std::string* out = p.option("-o");
    if (!write_output_atomically(out ? *out : "-", sync_request_to_json(request) + "\n")) return kExitFailed;
    return leftOut == 0 ? kExitOk : kExitRefused;
}

}  // namespace llamawool::cli
