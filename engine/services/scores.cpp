#include "formats/json_writer.hpp"
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

// Written straight into the text (json_writer.hpp): a server asks for the scores after every sync.
std::string leaderboard_scores_to_json(const LeaderboardScores& s) {
    std::string out;
    detail::JsonWriter w(out, false);
    w.begin_object();
    w.key("lifetimeValue");
    w.string(format_amount(s.lifetimeValue));
    w.key("currentWoolValue");
    w.string(format_amount(s.currentWoolValue));
    w.key("prestigeLevel");
    w.integer(s.prestigeLevel);
    w.key("soulShears");
    w.string(format_amount(s.soulShears));
    w.key("valuePerSecond");
    w.string(format_amount(s.valuePerSecond));
    w.end_object();
    return out;
}

}  // namespace llamawool
