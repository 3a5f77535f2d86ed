// The two sides of a sync (docs/rules.md §12, docs/sync.md): `sync` replays a client's batch on
// the server's trusted save; `client-batch` builds the request an honest client would send.
#include <cstdio>

#include <fmt/format.h>

#include "cli_io.hpp"
#include "commands.hpp"
#include "display.hpp"
#include "llamawool/llamawool.hpp"

namespace llamawool::cli {

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
