#include "cli_io.hpp"
#include "commands.hpp"
#include "llamawool/llamawool.hpp"

namespace llamawool::cli {

int cmd_new(const ParsedArgs& p) {
    if (!p.positional.empty()) {
        print_error("new takes no positional arguments, got \"" + p.positional[0] + "\"");
        return 2;
    }
    const std::string player = p.option("--player") ? *p.option("--player") : "player-1";
    if (!is_valid_player_id(player)) {
        print_error("--player: must be 1-128 letters, digits or _ - . :, got \"" + player + "\"");
        return 2;
    }
    long long t = 1700000000000;
    if (const std::string* v = p.option("--t"); v && !parse_ms("--t", *v, t)) return 2;
    const Ruleset* selected = ruleset_option(p);  // --ruleset FILE, or the embedded default
    if (!selected) return 1;
    const Ruleset& rules = *selected;
    const State state = new_game(rules, player, t);
    const std::string* out = p.option("-o");
    return write_output_atomically(out ? *out : "-", save_to_json(rules, state)) ? 0 : 1;
}

}  // namespace llamawool::cli
