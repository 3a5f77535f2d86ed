#include "formats/json_reader.hpp"
#include "llamawool/engine.hpp"
#include "llamawool/save.hpp"
#include "llamawool/scores.hpp"

namespace llamawool {

LeaderboardScores leaderboard_scores(const Ruleset& rules, const State& state, std::int64_t atMs) {
    LeaderboardScores s;
    s.lifetimeValue = state.lifetimeValue;
    s.currentWoolValue = spendable_value(rules, state);
    s.prestigeLevel = state.totalPrestiges;
    s.soulShears = state.soulShears;
    s.valuePerSecond = compute_production(rules, state, atMs).valueRate;
    return s;
}

std::string leaderboard_scores_to_json(const LeaderboardScores& s) {
    detail::Json j = detail::Json::object();
    j["lifetimeValue"] = format_amount(s.lifetimeValue);
    j["currentWoolValue"] = format_amount(s.currentWoolValue);
    j["prestigeLevel"] = s.prestigeLevel;
    j["soulShears"] = format_amount(s.soulShears);
    j["valuePerSecond"] = format_amount(s.valuePerSecond);
    return j.dump();
}

}  // namespace llamawool
