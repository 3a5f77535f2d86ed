// `scores`: a save's leaderboard scores, optionally of the farm advanced to a later time.
#include <cstdio>

#include <fmt/format.h>

#include "cli_io.hpp"
#include "commands.hpp"
#include "display.hpp"
#include "llamawool/llamawool.hpp"

namespace llamawool::cli {

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

}  // namespace llamawool::cli
