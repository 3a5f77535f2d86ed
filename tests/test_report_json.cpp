// The action, advance and resume reports are written straight into a string (engine/
// report_json.cpp) instead of building an nlohmann document and dumping it. Hosts get the text
// (lw_state_apply, lw_state_preview_resume) so it must be what the nlohmann documents gave, byte
// for byte: the references below are the writers as they were, run on random players' actions.
#include <random>

#include "formats/json_reader.hpp"
#include "random_players.hpp"
#include "test_support.hpp"

using namespace lwtest;
using llamawool::detail::Json;

namespace {

Json sparse_wool(const Ruleset& r, const std::array<double, kMaxWoolTypes>& values) {
    Json j = Json::object();
    for (int w = 0; w < r.wool_count(); ++w)
        if (values[w] != 0) j[r.wool[w].id] = format_amount(values[w]);
    return j;
}

template <class Table>
Json ids(const Table& table, std::uint64_t mask) {
    Json j = Json::array();
    for (std::size_t i = 0; i < table.size(); ++i)
        if ((mask >> i) & 1u) j.push_back(table[i].id);
    return j;
}

// advance_json of report_json.cpp before the JsonWriter.
Json reference_advance(const Ruleset& r, const AdvanceReport& a) {
    Json j = Json::object();
    j["fromMs"] = a.fromMs;
    j["toMs"] = a.toMs;
    j["mode"] = a.offline ? "offline" : "online";
    j["creditedMs"] = a.creditedMs;
    j["forfeitedMs"] = a.forfeitedMs;
    j["efficiency"] = format_amount(a.efficiency);
    j["woolGained"] = sparse_wool(r, a.woolGained);
    j["valueGainedByType"] = sparse_wool(r, a.valueGainedByType);
    j["valueGained"] = format_amount(a.valueGained);
    j["woolUnlocked"] = ids(r.wool, a.woolUnlockedMask);
    return j;
}

Json reference_action_result(const Ruleset& r, const ActionResult& res) {
    Json j = Json::object();
    j["status"] = error_code_name(res.status.code);
    if (!res.status.ok()) {
        j["message"] = res.status.message;
        return j;
    }
    j["advance"] = reference_advance(r, res.advance);
    if (res.valuePaid != 0) j["valuePaid"] = format_amount(res.valuePaid);
    if (res.levelsBought != 0) j["levelsBought"] = res.levelsBought;
    if (res.woolSheared != 0) j["woolSheared"] = format_amount(res.woolSheared);
    if (res.soulShearsGained != 0) j["soulShearsGained"] = format_amount(res.soulShearsGained);
    if (res.achievementsUnlocked != 0) j["achievementsUnlocked"] = ids(r.achievements, res.achievementsUnlocked);
    return j;
}

// A random action at t on a player of the default ruleset: every kind, some refused, some with ids
// that need escaping in the refusal's message.
Action random_action(std::mt19937_64& rng, std::int64_t t) {
    static const char* const buildings[] = {"barn", "shears", "transport", "factory", "lab", "fa\"ctory\n"};
    static const char* const upgrades[] = {"sharp_shears", "auto_clicker", "night_shift", "ai_management", "caf\xc3\xa9"};
    switch (rng() % 5) {
        case 0: return Action::shear(t, static_cast<std::int64_t>(rng() % 25) + 1);
        case 1: return Action::buy_building(t, buildings[rng() % 6], static_cast<std::int64_t>(rng() % 12));
        case 2: return Action::buy_building_max(t, buildings[rng() % 6]);
        case 3: return Action::buy_upgrade(t, upgrades[rng() % 5]);
        default: return rng() % 2 ? Action::prestige(t) : Action::tick(t);
    }
}

}  // namespace

TEST_CASE("reports: action, advance and resume texts are byte for byte the nlohmann documents'") {
    std::mt19937_64 rng(20261130);
    int refused = 0, ok = 0;
    for (State s : random_players(rules(), 21, 40)) {
        std::int64_t t = s.lastUpdateMs;
        for (int i = 0; i < 40; ++i) {
            static const std::int64_t gaps[] = {0, 700, 60000, 400000, 9 * 3600000LL};
            t += gaps[rng() % 5];
            const ActionResult res = apply_action(rules(), s, random_action(rng, t));
            (res.status.ok() ? ok : refused) += 1;
            REQUIRE(action_result_to_json(rules(), res) == reference_action_result(rules(), res).dump());
            REQUIRE(advance_report_to_json(rules(), res.advance) == reference_advance(rules(), res.advance).dump());
            auto preview = preview_resume(rules(), s, t + 5 * 3600000LL);
            REQUIRE(preview.ok());
            Json reference = reference_advance(rules(), preview.value().advance);
            reference["achievementsUnlocked"] = ids(rules().achievements, preview.value().achievementsUnlocked);
            REQUIRE(resume_report_to_json(rules(), preview.value()) == reference.dump());
        }
    }
    // Both kinds of report were compared many times.
    CHECK(ok > 200);
    CHECK(refused > 200);
}
