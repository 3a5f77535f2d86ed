// Wakes up a shard of returning players with the SIMD batch path and checks one of them against
// the scalar engine. Run by `make test` (examples/CMakeLists.txt).
#include <cstdio>
#include <string>
#include <vector>

#include "llamawool/llamawool.hpp"

int main() {
    using namespace llamawool;
    const Ruleset& rules = default_ruleset();

    // 10 000 players who all left at some point yesterday with a barn or two.
    std::vector<State> players;
    for (int i = 0; i < 10000; ++i) {
        State s = new_game(rules, "p-" + std::to_string(i), 1700000000000 + i * 1000);
        s.buildings[0] = 1 + i % 50;  // barn
        players.push_back(s);
    }

    PlayerBatch batch(rules, players);  // columns, filled from the States
    std::vector<double> gained(players.size());
    AdvanceColumns report;
    report.valueGained = gained.data();
    const std::int64_t now = 1700000000000 + 30LL * 3600000;  // everybody comes back 30 h later
    const Status s = advance_batch_to(rules, batch.columns(), now, &report);
    if (!s.ok()) {
        std::printf("advance_batch_to: %s\n", s.message.c_str());
        return 1;
    }
    for (std::size_t i = 0; i < players.size(); ++i) batch.store(i, players[i]);  // back into States

    State scalar = new_game(rules, "p-42", 1700000000000 + 42 * 1000);
    scalar.buildings[0] = 1 + 42 % 50;
    advance(rules, scalar, now);
    const bool same = state_hash(rules, scalar) == state_hash(rules, players[42]);
    std::printf("arch %s: player 42 earned %s value offline; scalar engine agrees: %s\n",
                batch_arch_name(resolve_batch_arch(BatchArch::automatic).value()),
                format_amount(gained[42]).c_str(), same ? "yes" : "NO");
    return same ? 0 : 1;
}
