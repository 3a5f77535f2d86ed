// The smallest useful embedding of the engine in a C++ server: load a save (or start a game),
// apply the actions a client sent, and store the new save with its hash.
#include <cstdio>

#include "llamawool/llamawool.hpp"

int main() {
    using namespace llamawool;
    const Ruleset& rules = default_ruleset();  // llama-wool-farm/1, embedded in the library

    State state = new_game(rules, "p-123", 1700000000000);
    const Action actions[] = {
        Action::shear(1700000001000, 20),  // 20 clicks: 20 basic wool, worth 0.1 each
        Action::shear(1700000002000, 20),
        Action::shear(1700000003000, 20),
        Action::shear(1700000004000, 20),
        Action::shear(1700000005000, 20),
        Action::buy_building(1700000005000, "barn", 1),  // costs 10 value
        Action::buy_building(1700000006000, "lab", 1),   // rejected: building_locked
    };
    for (const Action& a : actions) {
        const ActionResult r = apply_action(rules, state, a, ApplyOptions{.nowMs = 1700000007000});
        std::printf("%-12s %s %s\n", action_type_name(a.type), error_code_name(r.status.code), r.status.message.c_str());
    }

    const std::string save = save_to_json(rules, state);  // store this; load_save() reads it back
    auto reloaded = load_save(rules, save);
    std::printf("barn level %d, basic wool %s, stateHash %s, reload %s\n", state.buildings[0],
                format_amount(state.wool[0]).c_str(), format_hash(state_hash(rules, state)).c_str(),
                reloaded.ok() ? "ok" : reloaded.status().message.c_str());
    return reloaded.ok() ? 0 : 1;
}
