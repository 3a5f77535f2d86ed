#include "json_reader.hpp"
#include "llamawool/report.hpp"
#include "llamawool/resume.hpp"
#include "llamawool/save.hpp"

namespace llamawool {
namespace {

using detail::Json;

// Amounts go out as decimal strings, like in the save format (exact and JSON-safe).
Json amount(double x) { return format_amount(x); }

Json wool_map(const Ruleset& rules, const std::array<double, kMaxWoolTypes>& values) {
    Json j = Json::object();
    for (int w = 0; w < rules.wool_count(); ++w) j[rules.wool[w].id] = amount(values[w]);
    return j;
}

// Per-type gains list only the types that gained something: most advances touch few types.
Json sparse_wool_map(const Ruleset& rules, const std::array<double, kMaxWoolTypes>& values) {
    Json j = Json::object();
    for (int w = 0; w < rules.wool_count(); ++w)
        if (values[w] != 0) j[rules.wool[w].id] = amount(values[w]);
    return j;
}

Json wool_ids(const Ruleset& rules, std::uint32_t mask) {
    Json j = Json::array();
    for (int w = 0; w < rules.wool_count(); ++w)
        if ((mask >> w) & 1u) j.push_back(rules.wool[w].id);
    return j;
}

Json achievement_ids(const Ruleset& rules, std::uint64_t mask) {
    Json j = Json::array();
    for (int a = 0; a < rules.achievement_count(); ++a)
        if ((mask >> a) & 1u) j.push_back(rules.achievements[a].id);
    return j;
}

Json advance_json(const Ruleset& rules, const AdvanceReport& r) {
    Json j = Json::object();
    j["fromMs"] = r.fromMs;
    j["toMs"] = r.toMs;
    j["mode"] = r.offline ? "offline" : "online";
    j["creditedMs"] = r.creditedMs;
    j["forfeitedMs"] = r.forfeitedMs;
    j["efficiency"] = amount(r.efficiency);
    j["woolGained"] = sparse_wool_map(rules, r.woolGained);
    j["valueGainedByType"] = sparse_wool_map(rules, r.valueGainedByType);
    j["valueGained"] = amount(r.valueGained);
    j["woolUnlocked"] = wool_ids(rules, r.woolUnlockedMask);
    return j;
}

}  // namespace

std::string advance_report_to_json(const Ruleset& rules, const AdvanceReport& report) {
    return advance_json(rules, report).dump();
}

std::string production_to_json(const Ruleset& rules, const Production& p) {
    Json j = Json::object();
    const MultiplierBreakdown& m = p.multipliers;
    j["multipliers"] = {{"base", amount(m.base)},         {"buildings", amount(m.buildings)},
                        {"upgrades", amount(m.upgrades)}, {"achievements", amount(m.achievements)},
                        {"prestige", amount(m.prestige)}, {"events", amount(m.events)},
                        {"total", amount(m.total)},       {"click", amount(m.click)},
                        {"rare", amount(m.rare)}};
    j["clickPower"] = amount(p.clickPower);
    j["autoClicksPerSecond"] = amount(p.autoClicksPerSecond);
    j["ratePerSecond"] = wool_map(rules, p.rate);
    j["valuePerSecond"] = amount(p.valueRate);
    j["unlocked"] = wool_ids(rules, p.unlockedMask);
    return j.dump();
}

std::string resume_report_to_json(const Ruleset& rules, const ResumeReport& report) {
    Json j = advance_json(rules, report.advance);
    j["achievementsUnlocked"] = achievement_ids(rules, report.achievementsUnlocked);
    return j.dump();
}

std::string action_result_to_json(const Ruleset& rules, const ActionResult& r) {
    Json j = Json::object();
    j["status"] = error_code_name(r.status.code);
    if (!r.status.ok()) {
        j["message"] = r.status.message;
        return j.dump();
    }
    j["advance"] = advance_json(rules, r.advance);
    if (r.valuePaid != 0) j["valuePaid"] = amount(r.valuePaid);
    if (r.levelsBought != 0) j["levelsBought"] = r.levelsBought;
    if (r.woolSheared != 0) j["woolSheared"] = amount(r.woolSheared);
    if (r.soulShearsGained != 0) j["soulShearsGained"] = amount(r.soulShearsGained);
    if (r.achievementsUnlocked != 0) j["achievementsUnlocked"] = achievement_ids(rules, r.achievementsUnlocked);
    return j.dump();
}

}  // namespace llamawool
