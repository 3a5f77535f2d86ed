// Reports of actions and advances. Written straight into a string (json_writer.hpp): they are
// made on every apply and twice in every UI view, and building an nlohmann document first cost
// more than the advance itself. The text is what the nlohmann rendering gave, byte for byte.
#include "json_reader.hpp"
#include "report_writer.hpp"
#include "llamawool/report.hpp"
#include "llamawool/resume.hpp"
#include "llamawool/save.hpp"

namespace llamawool {
namespace {

using detail::Json;
using detail::JsonWriter;

// Not inlined: called many times per report, and the wasm module is at its size budget
// (docs/wasm-package.md, "Size"); a call costs nothing beside formatting the amount.
#define LW_REPORT_FIELD [[gnu::noinline]]

// Amounts go out as decimal strings, like in the save format (exact and JSON-safe).
Json amount(double x) { return format_amount(x); }

using detail::amount_member;
using detail::integer_member;

Json wool_map(const Ruleset& rules, const std::array<double, kMaxWoolTypes>& values) {
    Json j = Json::object();
    for (int w = 0; w < rules.wool_count(); ++w) j[rules.wool[w].id] = amount(values[w]);
    return j;
}

// Per-type gains list only the types that gained something: most advances touch few types.
LW_REPORT_FIELD void sparse_wool_map(JsonWriter& w, std::string_view key, const Ruleset& rules,
                     const std::array<double, kMaxWoolTypes>& values) {
    w.key(key);
    w.begin_object();
    for (int i = 0; i < rules.wool_count(); ++i)
        if (values[i] != 0) amount_member(w, rules.wool[i].id, values[i]);
    w.end_object();
}

Json wool_ids(const Ruleset& rules, std::uint32_t mask) {
    Json j = Json::array();
    for (int w = 0; w < rules.wool_count(); ++w)
        if ((mask >> w) & 1u) j.push_back(rules.wool[w].id);
    return j;
}

template <class Table>
LW_REPORT_FIELD void id_list(JsonWriter& w, std::string_view key, const Table& table, std::uint64_t mask) {
    w.key(key);
    w.begin_array();
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (((mask >> i) & 1u) == 0) continue;
        w.element();
        w.string(table[i].id);
    }
    w.end_array();
}

// The members of an advance report, in the open object.
LW_REPORT_FIELD void advance_fields(JsonWriter& w, const Ruleset& rules, const AdvanceReport& r) {
    integer_member(w, "fromMs", r.fromMs);
    integer_member(w, "toMs", r.toMs);
    w.key("mode");
    w.string(r.offline ? "offline" : "online");
    integer_member(w, "creditedMs", r.creditedMs);
    integer_member(w, "forfeitedMs", r.forfeitedMs);
    amount_member(w, "efficiency", r.efficiency);
    sparse_wool_map(w, "woolGained", rules, r.woolGained);
    sparse_wool_map(w, "valueGainedByType", rules, r.valueGainedByType);
    amount_member(w, "valueGained", r.valueGained);
    id_list(w, "woolUnlocked", rules.wool, r.woolUnlockedMask);
}

}  // namespace

namespace detail {

LW_REPORT_FIELD void amount_member(JsonWriter& w, std::string_view key, double x) {
    w.key(key);
    w.string(format_amount(x));
}

LW_REPORT_FIELD void integer_member(JsonWriter& w, std::string_view key, std::int64_t x) {
    w.key(key);
    w.integer(x);
}

void write_resume_report(JsonWriter& w, const Ruleset& rules, const ResumeReport& report) {
    w.begin_object();
    advance_fields(w, rules, report.advance);
    id_list(w, "achievementsUnlocked", rules.achievements, report.achievementsUnlocked);
    w.end_object();
}

}  // namespace detail

std::string advance_report_to_json(const Ruleset& rules, const AdvanceReport& report) {
    std::string out;
    JsonWriter w(out, /*pretty=*/false);
    w.begin_object();
    advance_fields(w, rules, report);
    w.end_object();
    return out;
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
    std::string out;
    JsonWriter w(out, /*pretty=*/false);
    detail::write_resume_report(w, rules, report);
    return out;
}

std::string action_result_to_json(const Ruleset& rules, const ActionResult& r) {
    std::string out;
    JsonWriter w(out, /*pretty=*/false);
    w.begin_object();
    w.key("status");
    w.string(error_code_name(r.status.code));
    if (!r.status.ok()) {
        w.key("message");
        w.string(r.status.message);
    } else {
        w.key("advance");
        w.begin_object();
        advance_fields(w, rules, r.advance);
        w.end_object();
        if (r.valuePaid != 0) amount_member(w, "valuePaid", r.valuePaid);
        if (r.levelsBought != 0) integer_member(w, "levelsBought", r.levelsBought);
        if (r.woolSheared != 0) amount_member(w, "woolSheared", r.woolSheared);
        if (r.soulShearsGained != 0) amount_member(w, "soulShearsGained", r.soulShearsGained);
        if (r.achievementsUnlocked != 0) id_list(w, "achievementsUnlocked", rules.achievements, r.achievementsUnlocked);
    }
    w.end_object();
    return out;
}

}  // namespace llamawool
