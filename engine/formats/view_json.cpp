// The view as JSON (include/llamawool/view.hpp, docs/view.md). Written straight into a string
// (json_writer.hpp) because a page asks for it several times a second: building an nlohmann
// document first would cost more than computing the view. Amounts are decimal strings as in
// saves and reports (exact, and never a JSON number a JS client would round); levels, counts and
// times are integers.
#include "json_writer.hpp"
#include "report_writer.hpp"
#include "llamawool/save.hpp"
#include "llamawool/view.hpp"

namespace llamawool {
namespace {

using detail::JsonWriter;
using detail::amount_member;  // shared with the reports (report_json.cpp)
using detail::integer_member;

// These field writers and the members are called about 80 times per document; inlined at every call (as -O2
// with LTO does) they made lw_state_view_json 31 KB of the wasm module's 400 KiB budget. Kept as
// calls, they cost a call each, nothing measurable beside formatting the amount.
#define LW_VIEW_FIELD [[gnu::noinline]]

LW_VIEW_FIELD void flag(JsonWriter& w, std::string_view key, bool x) {
    w.key(key);
    w.boolean(x);
}

// "" (no unmet requirement) is written as null, so a client tests the field, not its length.
LW_VIEW_FIELD void requirement(JsonWriter& w, const std::string& text) {
    w.key("requirement");
    if (text.empty()) w.null(); else w.string(text);
}

// One array of the view: an object per ruleset entry, in ruleset order, each led by its id.
template <class Entries, class Fields>
void entries(JsonWriter& w, std::string_view key, const Entries& table, Fields&& fields) {
    w.key(key);
    w.begin_array();
    for (std::size_t i = 0; i < table.size(); ++i) {
        w.element();
        w.begin_object();
        w.key("id");
        w.string(table[i].id);
        fields(i);
        w.end_object();
    }
    w.end_array();
}

LW_VIEW_FIELD void price(JsonWriter& w, std::string_view key, const PriceView& p) {
    w.key(key);
    w.begin_object();
    amount_member(w, "price", p.price);
    flag(w, "affordable", p.affordable);
    w.end_object();
}

void wool(JsonWriter& w, const Ruleset& rules, const FarmView& v) {
    entries(w, "wool", rules.wool, [&](std::size_t i) {
        const WoolView& x = v.wool[i];
        amount_member(w, "amount", x.amount);
        amount_member(w, "value", x.value);
        amount_member(w, "ratePerSecond", x.ratePerSecond);
        flag(w, "unlocked", x.unlocked);
        amount_member(w, "unlockValue", rules.wool[i].unlockValue);
    });
}

void multipliers(JsonWriter& w, const MultiplierBreakdown& m) {
    w.key("multipliers");
    w.begin_object();
    amount_member(w, "base", m.base);
    amount_member(w, "buildings", m.buildings);
    amount_member(w, "upgrades", m.upgrades);
    amount_member(w, "achievements", m.achievements);
    amount_member(w, "prestige", m.prestige);
    amount_member(w, "events", m.events);
    amount_member(w, "total", m.total);
    amount_member(w, "click", m.click);
    amount_member(w, "rare", m.rare);
    w.end_object();
}

void clicks(JsonWriter& w, const Ruleset& rules, const FarmView& v) {
    const Constants& c = rules.constants;
    w.key("clicks");
    w.begin_object();
    amount_member(w, "power", v.production.clickPower);
    amount_member(w, "autoPerSecond", v.production.autoClicksPerSecond);
    integer_member(w, "tokensMilli", v.clickTokensMilli);
    integer_member(w, "burstMilli", c.clickBurst * 1000);
    integer_member(w, "refillPerSecond", c.clickTokensPerSecond);
    integer_member(w, "available", v.clicksAvailable);
    w.end_object();
}

void buildings(JsonWriter& w, const Ruleset& rules, const FarmView& v) {
    entries(w, "buildings", rules.buildings, [&](std::size_t i) {
        const BuildingView& b = v.buildings[i];
        integer_member(w, "level", b.level);
        flag(w, "unlocked", b.unlocked);
        requirement(w, b.requirement);
        price(w, "next1", b.next1);
        price(w, "next10", b.next10);
        w.key("max");
        w.begin_object();
        integer_member(w, "count", b.maxCount);
        w.key("price");
        if (b.maxCount > 0) w.string(format_amount(b.maxPrice)); else w.null();
        w.end_object();
    });
}

void upgrades(JsonWriter& w, const Ruleset& rules, const FarmView& v) {
    entries(w, "upgrades", rules.upgrades, [&](std::size_t i) {
        const UpgradeView& u = v.upgrades[i];
        amount_member(w, "cost", u.cost);
        flag(w, "owned", u.owned);
        flag(w, "unlocked", u.unlocked);
        requirement(w, u.requirement);
        flag(w, "affordable", u.affordable);
    });
}

void achievements(JsonWriter& w, const Ruleset& rules, const FarmView& v) {
    entries(w, "achievements", rules.achievements,
            [&](std::size_t i) { flag(w, "unlocked", ((v.achievements >> i) & 1u) != 0); });
}

void prestige(JsonWriter& w, const PrestigeView& p) {
    w.key("prestige");
    w.begin_object();
    amount_member(w, "soulShears", p.soulShears);
    integer_member(w, "totalPrestiges", p.totalPrestiges);
    amount_member(w, "pendingSoulShears", p.pending);
    flag(w, "ready", p.ready);
    integer_member(w, "thresholdExponent", p.thresholdExponent);
    w.key("threshold");
    if (p.threshold) w.string(format_amount(*p.threshold)); else w.null();
    w.end_object();
}

void active_events(JsonWriter& w, const Ruleset& rules, const FarmView& v) {
    w.key("activeEvents");
    w.begin_array();
    for (std::size_t i = 0; i < rules.events.size(); ++i) {
        if (((v.activeEvents >> i) & 1u) == 0) continue;
        const Event& e = rules.events[i];
        w.element();
        w.begin_object();
        w.key("id");
        w.string(e.id);
        integer_member(w, "startMs", e.startMs);
        integer_member(w, "endMs", e.endMs);
        w.key("effects");
        w.begin_object();
        amount_member(w, "production", e.production);
        amount_member(w, "prestige", e.prestige);
        amount_member(w, "buildingCost", e.buildingCost);
        amount_member(w, "offlineEfficiency", e.offlineEfficiency);
        w.end_object();
        w.end_object();
    }
    w.end_array();
}

void offline(JsonWriter& w, const Ruleset& rules, const OfflineView& o) {
    w.key("offline");
    w.begin_object();
    integer_member(w, "capMs", o.capMs);
    amount_member(w, "efficiency", o.efficiency);
    integer_member(w, "previewAwayMs", o.previewAwayMs);
    w.key("ifAway");
    if (o.ifAway) detail::write_resume_report(w, rules, *o.ifAway); else w.null();
    w.end_object();
}

}  // namespace

std::string farm_view_to_json(const Ruleset& rules, const FarmView& v) {
    std::string out;
    out.reserve(6144);
    JsonWriter w(out, /*pretty=*/false);
    w.begin_object();
    integer_member(w, "atMs", v.atMs);
    w.key("sinceLastUpdate");
    detail::write_resume_report(w, rules, v.sinceLastUpdate);
    wool(w, rules, v);
    amount_member(w, "valuePerSecond", v.production.valueRate);
    amount_member(w, "spendableValue", v.spendableValue);
    amount_member(w, "runValue", v.runValue);
    amount_member(w, "lifetimeValue", v.lifetimeValue);
    multipliers(w, v.production.multipliers);
    clicks(w, rules, v);
    buildings(w, rules, v);
    upgrades(w, rules, v);
    achievements(w, rules, v);
    prestige(w, v.prestige);
    active_events(w, rules, v);
    offline(w, rules, v.offline);
    w.end_object();
    return out;
}

}  // namespace llamawool
