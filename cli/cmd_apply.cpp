// `llamawool apply STATE ACTIONS`: replays a batch of actions on a save.
#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_io.hpp"
#include "commands.hpp"
#include "llamawool/llamawool.hpp"

namespace llamawool::cli {

int cmd_apply(const ParsedArgs& p) {
    if (p.positional.size() != 2) {
        print_error("apply needs STATE and ACTIONS (files, or '-' for stdin)");
        return kExitUsage;
    }
    const std::string& statePath = p.positional[0];
    const std::string& actionsPath = p.positional[1];
    if (statePath == "-" && actionsPath == "-") {
        print_error("only one of STATE and ACTIONS can be read from stdin");
        return 2;
    }
    // --trace adds the save after each action to its result line ("save": the document as a JSON
    // string), so that another implementation can be compared with this one at every step.
    const bool trace = p.option("--trace") != nullptr;
    ApplyOptions options;
    if (const std::string* v = p.option("--now")) {
        long long now = 0;
        if (!parse_ms("--now", *v, now)) return 2;
        options.nowMs = now;
    }

    const Ruleset* selected = ruleset_option(p);  // --ruleset FILE, or the embedded default
    if (!selected) return 1;
    const Ruleset& rules = *selected;
    auto loaded = load_save_file(rules, statePath);
    if (!loaded) return 1;
    const auto actionsText = read_input(actionsPath);
    if (!actionsText) return 1;
    auto batch = parse_action_batch(*actionsText);
    if (!batch.ok()) {
        print_error(fmt::format("{}: {}", actionsPath, batch.status().message));
        return 1;
    }

    State state = std::move(*loaded);
    std::string results;
    std::size_t accepted = 0;
    for (std::size_t i = 0; i < batch->size(); ++i) {
        nlohmann::ordered_json line = {{"index", i}};
        const Result<Action>& parsed = batch.value()[i];
        if (!parsed.ok()) {
            line["status"] = error_code_name(parsed.status().code);
            line["message"] = parsed.status().message;
        } else {
            const Action& action = parsed.value();
            line["action"] = nlohmann::ordered_json::parse(action_to_json(action));
            const ActionResult r = apply_action(rules, state, action, options);
            if (r.status.ok()) ++accepted;
            const auto outcome = nlohmann::ordered_json::parse(action_result_to_json(rules, r));
            for (auto it = outcome.begin(); it != outcome.end(); ++it) line[it.key()] = *it;
        }
        if (trace) line["save"] = save_to_json(rules, state);
        results += line.dump() + "\n";
    }

    // With -o FILE the save goes to FILE and the result lines to stdout; without it (or with "-o -")
    // the save goes to stdout and the result lines to stderr, so that stdout is one document that the
    // next command can read (`llamawool new | llamawool apply - ACTIONS | llamawool inspect -`).
    const std::string save = save_to_json(rules, state);
    const std::string* out = p.option("-o");
    if (out && *out != "-") {
        if (!write_output_atomically(*out, save)) return kExitFailed;
        std::fputs(results.c_str(), stdout);
        if (std::fflush(stdout) != 0) return kExitFailed;  // results first, then the summary, also on one pipe
    } else {
        std::fputs(results.c_str(), stderr);
        if (!write_output_atomically("-", save)) return kExitFailed;
    }
    std::fprintf(stderr, "applied %zu of %zu actions; stateHash %s\n", accepted, batch->size(),
                 format_hash(state_hash(rules, state)).c_str());
    return accepted == batch->size() ? kExitOk : kExitRefused;
}

}  // namespace llamawool::cli
