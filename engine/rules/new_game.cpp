#include "llamawool/state.hpp"

namespace llamawool {

State new_game(const Ruleset& rules, std::string playerId, std::int64_t t) {
    State s;
    s.playerId = std::move(playerId);
    s.createdMs = t;
    s.lastUpdateMs = t;
    s.clickTokensMilli = rules.constants.clickBurst * 1000;
    return s;
}

bool is_valid_player_id(const std::string& id) {
    if (id.empty() || id.size() > 128) return false;
    for (char c : id) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                  c == '-' || c == '.' || c == ':';
        if (!ok) return false;
    }
    return true;
}

}  // namespace llamawool
