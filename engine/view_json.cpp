// The view as JSON (include/llamawool/view.hpp, docs/view.md). Written straight into a string
// (json_writer.hpp) because a page asks for it several times a second: building an nlohmann
// document first would cost more than computing the view. Amounts are decimal strings as in
// saves and reports (exact, and never a JSON number a JS client would round); levels, counts and
// times are integers.
#include "json_writer.hpp"
#include "llamawool/report.hpp"
#include "llamawool/save.hpp"
#include "llamawool/view.hpp"

namespace llamawool {
namespace {

using detail::JsonWriter;

// The field writers below are called about 80 times per document; inlined at every call (as -O2
// with LTO does) they made lw_state_view_json 31 KB of the wasm module's 400 KiB budget. Kept as
// calls, they cost a call each, nothing measurable beside formatting the amount.
#define LW_VIEW_FIELD [[gnu::noinline]]

LW_VIEW_FIELD void amount(JsonWriter& w, std::string_view key, double x) {
    w.key(key);
    w.string(format_amount(x));
}

LW_VIEW_FIELD void flag(JsonWriter& w, std::string_view key, bool x) {
    w.key(key);
    w.boolean(x);
}

LW_VIEW_FIELD void integer(JsonWriter& w, std::string_view key, std::int64_t x) {
    w.key(key);
    w.integer(x);
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
    amount(w, "price", p.price);
    flag(w, "affordable", p.affordable);
    w.end_object();
}

void wool(JsonWriter& w, const Ruleset& rules, const FarmView& v) {
    entries(w, "wool", rules.wool, [&](std::size_t i) {
        const WoolView& x = v.wool[i];
        amount(w, "amount", x.amount);
        amount(w, "value", x.value);
        amount(w, "ratePerSecond", x.ratePerSecond);
        flag(w, "unlocked", x.unlocked);
        amount(w, "unlockValue", rules.wool[i].unlockValue);
    });
}

void multipliers(JsonWriter& w, const MultiplierBreakdown& m) {
    w.key("multipliers");
    w.begin_object();
    amount(w, "base", m.base);
    amount(w, "buildings", m.buildings);
    amount(w, "upgrades", m.upgrades);
    amount(w, "achievements", m.achievements);
    amount(w, "prestige", m.prestige);
    amount(w, "events", m.events);
    amount(w, "total", m.total);
    amount(w, "click", m.click);
    amount(w, "rare", m.rare);
    w.end_object();
}

void clicks(JsonWriter& w, const Ruleset& rules, const FarmView& v) {
    const Constants& c = rules.constants;
    w.key("clicks");
    w.begin_object();
    amount(w, "power", v.production.clickPower);
    amount(w, "autoPerSecond", v.production.autoClicksPerSecond);
    integer(w, "tokensMilli", v.clickTokensMilli);
    integer(w, "burstMilli", c.clickBurst * 1000);
    integer(w, "refillPerSecond", c.clickTokensPerSecond);
    integer(w, "available", v.clicksAvailable);
    w.end_object();
}

void buildings(JsonWriter& w, const Ruleset& rules, const FarmView& v) {
    entries(w, "buildings", rules.buildings, [&](std::size_t i) {
        const BuildingView& b = v.buildings[i];
        integer(w, "level", b.level);
        flag(w, "unlocked", b.unlocked);
        requirement(w, b.requirement);
        price(w, "next1", b.next1);
        price(w, "next10", b.next10);
        w.key("max");
        w.begin_object();
        integer(w, "count", b.maxCount);
        w.key("price");
        if (b.maxCount > 0) w.string(format_amount(b.maxPrice)); else w.null();
        w.end_object();
    });
}

void upgrades(JsonWriter& w, const Ruleset& rules, const FarmView& v) {
    entries(w, "upgrades", rules.upgrades, [&](std::size_t i) {
        const UpgradeView& u = v.upgrades[i];
        amount(w, "cost", u.cost);
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
    amount(w, "soulShears", p.soulShears);
    integer(w, "totalPrestiges", p.totalPrestiges);
    amount(w, "pendingSoulShears", p.pending);
    flag(w, "ready", p.ready);
    integer(w, "thresholdExponent", p.thresholdExponent);
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
        integer(w, "startMs", e.startMs);
        integer(w, "endMs", e.endMs);
        w.key("effects");
        w.begin_object();
        amount(w, "production", e.production);
        amount(w, "prestige", e.prestige);
        amount(w, "buildingCost", e.buildingCost);
        amount(w, "offlineEfficiency", e.offlineEfficiency);
        w.end_object();
        w.end_object();
    }
    w.end_array();
}

void offline(JsonWriter& w, const Ruleset& rules, const OfflineView& o) {
    w.key("offline");
    w.begin_object();
    integer(w, "capMs", o.capMs);
    amount(w, "efficiency", o.efficiency);
    integer(w, "previewAwayMs", o.previewAwayMs);
    w.key("ifAway");
    if (o.ifAway) w.raw(resume_report_to_json(rules, *o.ifAway)); else w.null();
    w.end_object();
}

}  // namespace

std::string farm_view_to_json(const Ruleset& rules, const FarmView& v) {
    std::string out;
    out.reserve(6144);
    JsonWriter w(out, /*pretty=*/false);
    w.begin_object();
    integer(w, "atMs", v.atMs);
    w.key("sinceLastUpdate");
    w.raw(resume_report_to_json(rules, v.sinceLastUpdate));
    wool(w, rules, v);
    amount(w, "valuePerSecond", v.production.valueRate);
    amount(w, "spendableValue", v.spendableValue);
    amount(w, "runValue", v.runValue);
    amount(w, "lifetimeValue", v.lifetimeValue);
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
