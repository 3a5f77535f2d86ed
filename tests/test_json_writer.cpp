// The engine writes its save and its sync response straight into a string (engine/formats/json_writer.hpp)
// instead of building an nlohmann document and dumping it. These are the documents every save, hash
// check and signature is made of, so the text must be what the nlohmann documents gave, byte for
// byte: the references below are the writers as they were, and both run on many states.
#include "formats/json_reader.hpp"
#include "formats/json_writer.hpp"
#include "formats/save_json.hpp"
#include "random_players.hpp"
#include "test_support.hpp"

using namespace lwtest;
using llamawool::detail::Json;

namespace {

// The save as save_to_json built it before json_writer.hpp (a document, then dump(2)).
Json reference_save_document(const Ruleset& r, const State& s) {
    Json j = Json::object();
    j["format"] = "llamawool-save";
    j["version"] = 1;
    j["ruleset"] = r.id;
    j["playerId"] = s.playerId;
    j["createdMs"] = s.createdMs;
    j["lastUpdateMs"] = s.lastUpdateMs;
    Json wool = Json::object();
    for (int w = 0; w < r.wool_count(); ++w) wool[r.wool[w].id] = format_amount(s.wool[w]);
    j["wool"] = std::move(wool);
    Json buildings = Json::object();
    for (int b = 0; b < r.building_count(); ++b) buildings[r.buildings[b].id] = s.buildings[b];
    j["buildings"] = std::move(buildings);
    Json upgrades = Json::array();
    for (int u = 0; u < r.upgrade_count(); ++u)
        if (s.owns_upgrade(u)) upgrades.push_back(r.upgrades[u].id);
    j["upgrades"] = std::move(upgrades);
    Json achievements = Json::array();
    for (int a = 0; a < r.achievement_count(); ++a)
        if (s.has_achievement(a)) achievements.push_back(r.achievements[a].id);
    j["achievements"] = std::move(achievements);
    j["soulShears"] = format_amount(s.soulShears);
    j["totalPrestiges"] = s.totalPrestiges;
    j["runValue"] = format_amount(s.runValue);
    j["lifetimeValue"] = format_amount(s.lifetimeValue);
    j["playTimeMs"] = s.playTimeMs;
    j["clickTokensMilli"] = s.clickTokensMilli;
    j["totalClicks"] = s.totalClicks;
    j["stateHash"] = format_hash(state_hash(r, s));
    return j;
}

// The sync response as sync_response_to_json built it before (its state: the save parsed back).
std::string reference_sync_response(const Ruleset& r, const State& state, const SyncResponse& response) {
    auto outcome_json = [](const SyncActionOutcome& o) {
        Json j = Json::object();
        j["index"] = o.index;
        j["status"] = error_code_name(o.status.code);
        if (!o.status.ok()) j["message"] = o.status.message;
        return j;
    };
    Json j = Json::object();
    j["outcome"] = sync_outcome_name(response.outcome);
    j["stateHash"] = format_hash(response.stateHash);
    j["applied"] = response.applied;
    Json results = Json::array();
    for (const SyncActionOutcome& o : response.results) results.push_back(outcome_json(o));
    j["results"] = std::move(results);
    if (response.rejection) j["rejected"] = outcome_json(*response.rejection);
    if (response.outcome != SyncOutcome::accepted)
        j["state"] = llamawool::detail::parse_json(save_to_json(r, state), "save", ErrorCode::invalid_save).value();
    return llamawool::detail::dump_fields_per_line(j);
}

}  // namespace

TEST_CASE("json_writer: strings are escaped as nlohmann escapes them") {
    for (const std::string text : std::initializer_list<std::string>{"", "plain id_1.x:y-z", "a \"quoted\" word", "back\\slash", "tab\there", "line\nbreak",
                                   std::string("nul\0byte", 8), "\x01\x1f\x7f", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\xa6\x99", "~ }{ /"}) {
        std::string out;
        llamawool::detail::append_json_string(out, text);
        CHECK_MESSAGE(out == Json(text).dump(), "text: ", Json(text).dump());
    }
}

TEST_CASE("json_writer: the save text is byte for byte the nlohmann document's, pretty and compact") {
    std::vector<State> states = random_players(rules(), 7, 300);
    states.push_back(new_game(rules(), "p-1", kT0));
    for (const State& s : states) {
        const Json doc = reference_save_document(rules(), s);
        REQUIRE(save_to_json(rules(), s) == doc.dump(2) + "\n");
        std::string compact;
        llamawool::detail::append_save_json(compact, rules(), s, /*pretty=*/false);
        REQUIRE(compact == doc.dump());
    }
}

TEST_CASE("json_writer: every sync response is byte for byte the nlohmann document's") {
    const State start = random_players(rules(), 11, 1).front();
    std::vector<std::pair<State, SyncResponse>> cases;
    SyncResponse accepted;
    accepted.stateHash = state_hash(rules(), start);
    accepted.applied = 3;
    for (std::size_t i = 0; i < 3; ++i) accepted.results.push_back({i, Status::success()});
    cases.emplace_back(start, accepted);
    cases.emplace_back(start, SyncResponse{});  // nothing examined: an empty results array
    SyncResponse rejected = accepted;
    rejected.outcome = SyncOutcome::rejected;
    rejected.applied = 2;
    rejected.results.back() = {2, Status::error(ErrorCode::building_locked, "building: \"shears\" needs barn >= 5 (\xc3\xa9\t)")};
    rejected.rejection = rejected.results.back();
    cases.emplace_back(start, rejected);
    for (SyncOutcome outcome : {SyncOutcome::desync, SyncOutcome::rebased}) {
        SyncResponse r = accepted;
        r.outcome = outcome;
        r.results.front().status = Status::error(ErrorCode::time_regression, "t: 1 is before the state's lastUpdateMs 2");
        cases.emplace_back(start, r);
    }
    for (const State& s : random_players(rules(), 12, 50)) {
        SyncResponse desync = accepted;
        desync.outcome = SyncOutcome::desync;
        desync.stateHash = state_hash(rules(), s);
        cases.emplace_back(s, desync);
    }
    for (const auto& [state, response] : cases)
        REQUIRE(sync_response_to_json(rules(), state, response) == reference_sync_response(rules(), state, response));
}

TEST_CASE("json_writer: the leaderboard scores text is byte for byte the nlohmann document's") {
    std::vector<State> states = random_players(rules(), 13, 200);
    states.push_back(new_game(rules(), "p-1", kT0));
    for (const State& s : states) {
        const LeaderboardScores scores = leaderboard_scores(rules(), s, s.lastUpdateMs);
        Json j = Json::object();  // the scores as leaderboard_scores_to_json built them before
        j["lifetimeValue"] = format_amount(scores.lifetimeValue);
        j["currentWoolValue"] = format_amount(scores.currentWoolValue);
        j["prestigeLevel"] = scores.prestigeLevel;
        j["soulShears"] = format_amount(scores.soulShears);
        j["valuePerSecond"] = format_amount(scores.valuePerSecond);
        REQUIRE(leaderboard_scores_to_json(scores) == j.dump());
    }
}
