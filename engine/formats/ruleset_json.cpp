// Loading and validating a ruleset document (engine/rulesets/*.json, docs/ruleset.md).
#include <fmt/format.h>

#include "rules/limits.hpp"
#include "fnv1a.hpp"
#include "json_fields.hpp"
#include "llamawool/ruleset.hpp"

namespace llamawool {
namespace {

using detail::ErrorSink;
using detail::index_path;
using detail::Json;
using detail::ObjectReader;

using limits::kMaxTimeMs;

bool valid_id(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

// Reads the id of table entry `r` and checks it is well-formed and not a duplicate.
template <class Table>
std::string read_id(ObjectReader& r, const Table& earlier) {
    auto id = r.string("id");
    if (!id) return {};
    if (!valid_id(*id)) {
        r.fail("id", fmt::format("must be 1-64 letters, digits, '_' or '-', got \"{}\"", *id));
        return {};
    }
    for (const auto& e : earlier) {
        if (e.id == *id) {
            r.fail("id", fmt::format("duplicate id \"{}\"", *id));
            return {};
        }
    }
    return *id;
}

void read_constants(const Json& j, ErrorSink& sink, Constants& c) {
    ObjectReader r(j, "constants", sink);
    r.reject_unknown({"startingLlamaBasicPerSecond", "clickBasicWool", "achievementProductionBonus",
                      "soulShearProductionBonus", "soulShearBuildingBonus", "onlineGapMaxMs", "offlineBaseCapMs",
                      "offlineMaxCapMs", "offlineBaseEfficiency", "offlineEfficiencyPerSoulShear",
                      "clickTokensPerSecond", "clickBurst", "shearMaxCount", "buyMaxQuantity", "buildingMaxLevel",
                      "prestigeThresholdBaseExponent", "prestigeThresholdExponentStep", "prestigeGainExponent"});
    auto num = [&](std::string_view k, double& out, bool positive = false) {
        if (auto v = r.number(k, 0, positive)) out = *v;
    };
    auto integer = [&](std::string_view k, std::int64_t& out, std::int64_t lo, std::int64_t hi) {
        if (auto v = r.integer(k, lo, hi)) out = *v;
    };
    num("startingLlamaBasicPerSecond", c.startingLlamaBasicPerSecond);
    num("clickBasicWool", c.clickBasicWool);
    num("achievementProductionBonus", c.achievementProductionBonus);
    num("soulShearProductionBonus", c.soulShearProductionBonus);
    num("soulShearBuildingBonus", c.soulShearBuildingBonus);
    integer("onlineGapMaxMs", c.onlineGapMaxMs, 0, kMaxTimeMs);
    integer("offlineBaseCapMs", c.offlineBaseCapMs, 0, kMaxTimeMs);
    integer("offlineMaxCapMs", c.offlineMaxCapMs, 0, kMaxTimeMs);
    num("offlineBaseEfficiency", c.offlineBaseEfficiency);
    num("offlineEfficiencyPerSoulShear", c.offlineEfficiencyPerSoulShear);
    integer("clickTokensPerSecond", c.clickTokensPerSecond, 1, 1000000);
    integer("clickBurst", c.clickBurst, 1, 1000000);
    integer("shearMaxCount", c.shearMaxCount, 1, 1000000);
    integer("buyMaxQuantity", c.buyMaxQuantity, 1, 1000000);
    integer("buildingMaxLevel", c.buildingMaxLevel, 1, 1000000000);
    integer("prestigeThresholdBaseExponent", c.prestigeThresholdBaseExponent, 0, 308);
    integer("prestigeThresholdExponentStep", c.prestigeThresholdExponentStep, 0, 308);
    integer("prestigeGainExponent", c.prestigeGainExponent, 0, 308);
}

void read_wool(const Json& arr, ErrorSink& sink, Ruleset& rs) {
    if (arr.empty()) sink.fail("wool", "must list at least one wool type");
    if (arr.size() > kMaxWoolTypes) sink.fail("wool", fmt::format("at most {} wool types", kMaxWoolTypes));
    for (std::size_t i = 0; i < arr.size() && sink.ok(); ++i) {
        ObjectReader r(arr[i], index_path("wool", i), sink);
        r.reject_unknown({"id", "baseValue", "productionRate", "unlockValue", "rare"});
        WoolType w;
        w.id = read_id(r, rs.wool);
        if (auto v = r.number("baseValue", 0, true)) w.baseValue = *v;
        if (auto v = r.number("productionRate", 0)) w.productionRate = *v;
        if (auto v = r.number("unlockValue", 0)) w.unlockValue = *v;
        if (auto v = r.boolean("rare")) w.rare = *v;
        if (i == 0 && r.ok() && w.unlockValue != 0) r.fail("unlockValue", "the first wool type must be unlocked from the start (0)");
        rs.wool.push_back(std::move(w));
    }
}

// "requires" lists of buildings and upgrades. Upgrade references may point forward in the table,
// so they are resolved against the complete list of upgrade ids.
void read_requirements(const Json* arr, const std::string& path, ErrorSink& sink, const Ruleset& rs,
                       const std::vector<std::string>& upgradeIds, std::vector<Requirement>& out) {
    if (!arr) return;
    for (std::size_t i = 0; i < arr->size() && sink.ok(); ++i) {
        ObjectReader r((*arr)[i], index_path(path, i), sink);
        Requirement req;
        if (r.field("building", false)) {
            r.reject_unknown({"building", "level"});
            auto id = r.string("building");
            req.kind = Requirement::Kind::building_level;
            if (id) {
                req.index = rs.find_building(*id);
                if (req.index < 0) r.fail("building", fmt::format("unknown building \"{}\"", *id));
            }
            if (auto v = r.integer("level", 1, rs.constants.buildingMaxLevel)) req.amount = static_cast<double>(*v);
        } else if (r.field("wool", false)) {
            r.reject_unknown({"wool", "count"});
            auto id = r.string("wool");
            req.kind = Requirement::Kind::wool_count;
            if (id) {
                req.index = rs.find_wool(*id);
                if (req.index < 0) r.fail("wool", fmt::format("unknown wool type \"{}\"", *id));
            }
            if (auto v = r.number("count", 0)) req.amount = *v;
        } else if (r.field("upgrade", false)) {
            r.reject_unknown({"upgrade"});
            auto id = r.string("upgrade");
            req.kind = Requirement::Kind::upgrade_owned;
            if (id) {
                req.index = -1;
                for (std::size_t u = 0; u < upgradeIds.size(); ++u)
                    if (upgradeIds[u] == *id) req.index = static_cast<int>(u);
                if (req.index < 0) r.fail("upgrade", fmt::format("unknown upgrade \"{}\"", *id));
            }
        } else if (r.field("totalPrestiges", false)) {
            r.reject_unknown({"totalPrestiges"});
            req.kind = Requirement::Kind::total_prestiges;
            if (auto v = r.integer("totalPrestiges", 0, detail::kMaxSafeInteger)) req.amount = static_cast<double>(*v);
        } else if (r.ok()) {
            sink.fail(index_path(path, i), "must have one of \"building\", \"wool\", \"upgrade\", \"totalPrestiges\"");
        }
        out.push_back(req);
    }
}

void read_buildings(const Json& arr, ErrorSink& sink, Ruleset& rs, const std::vector<std::string>& upgradeIds) {
    if (arr.size() > kMaxBuildings) sink.fail("buildings", fmt::format("at most {} buildings", kMaxBuildings));
    // Ids first, so that a requirement may name any building.
    for (std::size_t i = 0; i < arr.size() && sink.ok(); ++i) {
        ObjectReader r(arr[i], index_path("buildings", i), sink);
        Building b;
        b.id = read_id(r, rs.buildings);
        rs.buildings.push_back(std::move(b));
    }
    for (std::size_t i = 0; i < arr.size() && sink.ok(); ++i) {
        std::string path = index_path("buildings", i);
        ObjectReader r(arr[i], path, sink);
        r.reject_unknown({"id", "baseCost", "costMultiplier", "baseProduction", "produces", "requires"});
        Building& b = rs.buildings[i];
        if (auto v = r.number("baseCost", 0, true)) b.baseCost = *v;
        if (auto v = r.number("costMultiplier", 1, true)) b.costMultiplier = *v;
        if (auto v = r.number("baseProduction", 0)) b.baseProduction = *v;
        if (const Json* produces = r.array("produces")) {
            for (std::size_t k = 0; k < produces->size() && sink.ok(); ++k) {
                const Json& p = (*produces)[k];
                int w = p.is_string() ? rs.find_wool(p.get<std::string>()) : -1;
                if (w < 0) sink.fail(index_path(path + ".produces", k), fmt::format("unknown wool type {}", detail::json_excerpt(p)));
                else b.producesMask |= 1u << w;
            }
        }
        read_requirements(r.array("requires"), path + ".requires", sink, rs, upgradeIds, b.requirements);
    }
}

void read_upgrade_effects(const Json* j, const std::string& path, ErrorSink& sink, UpgradeEffects& e) {
    if (!j) return;
    ObjectReader r(*j, path, sink);
    r.reject_unknown({"production", "click", "building", "rare", "buildingCost", "autoClicksPerSecond",
                      "offlineEfficiency", "offlineCapMs"});
    auto factor = [&](std::string_view k, double& out) {
        if (auto v = r.number(k, 0, true, false)) out = *v;
    };
    factor("production", e.production);
    factor("click", e.click);
    factor("building", e.building);
    factor("rare", e.rare);
    factor("buildingCost", e.buildingCost);
    if (auto v = r.number("autoClicksPerSecond", 0, false, false)) e.autoClicksPerSecond = *v;
    if (auto v = r.number("offlineEfficiency", 0, false, false)) e.offlineEfficiency = *v;
    if (auto v = r.integer("offlineCapMs", 0, kMaxTimeMs, false)) e.offlineCapMs = *v;
}

void read_upgrades(const Json& arr, ErrorSink& sink, Ruleset& rs, const std::vector<std::string>& upgradeIds) {
    if (arr.size() > kMaxUpgrades) sink.fail("upgrades", fmt::format("at most {} upgrades", kMaxUpgrades));
    for (std::size_t i = 0; i < arr.size() && sink.ok(); ++i) {
        std::string path = index_path("upgrades", i);
        ObjectReader r(arr[i], path, sink);
        r.reject_unknown({"id", "cost", "effects", "requires"});
        Upgrade u;
        u.id = read_id(r, rs.upgrades);
        if (auto v = r.number("cost", 0)) u.cost = *v;
        read_upgrade_effects(r.field("effects"), path + ".effects", sink, u.effects);
        read_requirements(r.array("requires"), path + ".requires", sink, rs, upgradeIds, u.requirements);
        rs.upgrades.push_back(std::move(u));
    }
}

void read_achievements(const Json& arr, ErrorSink& sink, Ruleset& rs) {
    using Metric = AchievementCondition::Metric;
    if (arr.size() > kMaxAchievements) sink.fail("achievements", fmt::format("at most {} achievements", kMaxAchievements));
    for (std::size_t i = 0; i < arr.size() && sink.ok(); ++i) {
        std::string path = index_path("achievements", i);
        ObjectReader r(arr[i], path, sink);
        r.reject_unknown({"id", "when"});
        Achievement a;
        a.id = read_id(r, rs.achievements);
        if (const Json* when = r.field("when")) {
            ObjectReader w(*when, path + ".when", sink);
            auto metric = w.string("metric");
            static const std::pair<std::string_view, Metric> kMetrics[] = {
                {"lifetimeValue", Metric::lifetime_value}, {"maxBuildingLevel", Metric::max_building_level},
                {"buildingLevelSum", Metric::building_level_sum}, {"ownsUpgrades", Metric::owns_upgrades},
                {"totalPrestiges", Metric::total_prestiges}, {"playTimeMs", Metric::play_time_ms}};
            bool known = false;
            for (auto& [name, m] : kMetrics) {
                if (metric && *metric == name) { a.when.metric = m; known = true; }
            }
            if (metric && !known) w.fail("metric", fmt::format("unknown metric \"{}\"", *metric));
            if (known && a.when.metric == Metric::owns_upgrades) {
                w.reject_unknown({"metric", "upgrades"});
                if (const Json* ups = w.array("upgrades")) {
                    for (std::size_t k = 0; k < ups->size() && sink.ok(); ++k) {
                        const Json& id = (*ups)[k];
                        int u = id.is_string() ? rs.find_upgrade(id.get<std::string>()) : -1;
                        if (u < 0) sink.fail(index_path(path + ".when.upgrades", k), fmt::format("unknown upgrade {}", detail::json_excerpt(id)));
                        else a.when.upgradesMask |= std::uint64_t{1} << u;
                    }
                }
            } else if (known) {
                w.reject_unknown({"metric", "atLeast", "above"});
                if (w.field("above", false)) {
                    a.when.strict = true;
                    if (auto v = w.number("above", 0)) a.when.threshold = *v;
                } else if (auto v = w.number("atLeast", 0)) {
                    a.when.threshold = *v;
                }
            }
        }
        rs.achievements.push_back(std::move(a));
    }
}

void read_events(const Json& arr, ErrorSink& sink, Ruleset& rs) {
    if (arr.size() > kMaxEvents) sink.fail("events", fmt::format("at most {} events", kMaxEvents));
    for (std::size_t i = 0; i < arr.size() && sink.ok(); ++i) {
        std::string path = index_path("events", i);
        ObjectReader r(arr[i], path, sink);
        r.reject_unknown({"id", "startMs", "endMs", "effects"});
        Event e;
        e.id = read_id(r, rs.events);
        if (auto v = r.integer("startMs", 0, kMaxTimeMs)) e.startMs = *v;
        if (auto v = r.integer("endMs", 0, kMaxTimeMs)) e.endMs = *v;
        if (r.ok() && e.endMs <= e.startMs) r.fail("endMs", fmt::format("must be after startMs ({}), got {}", e.startMs, e.endMs));
        if (const Json* fx = r.field("effects")) {
            ObjectReader f(*fx, path + ".effects", sink);
            f.reject_unknown({"production", "prestige", "buildingCost", "offlineEfficiency"});
            if (auto v = f.number("production", 0, true, false)) e.production = *v;
            if (auto v = f.number("prestige", 0, true, false)) e.prestige = *v;
            if (auto v = f.number("buildingCost", 0, true, false)) e.buildingCost = *v;
            if (auto v = f.number("offlineEfficiency", 0, false, false)) e.offlineEfficiency = *v;
        }
        rs.events.push_back(std::move(e));
    }
}

}  // namespace

int Ruleset::find_wool(std::string_view key) const {
    for (int i = 0; i < wool_count(); ++i) if (wool[i].id == key) return i;
    return -1;
}
int Ruleset::find_building(std::string_view key) const {
    for (int i = 0; i < building_count(); ++i) if (buildings[i].id == key) return i;
    return -1;
}
int Ruleset::find_upgrade(std::string_view key) const {
    for (int i = 0; i < upgrade_count(); ++i) if (upgrades[i].id == key) return i;
    return -1;
}
int Ruleset::find_achievement(std::string_view key) const {
    for (int i = 0; i < achievement_count(); ++i) if (achievements[i].id == key) return i;
    return -1;
}

Result<Ruleset> load_ruleset(std::string_view text) {
    auto doc = detail::parse_json(text, "ruleset", ErrorCode::invalid_ruleset);
    if (!doc.ok()) return doc.status();
    const Json& j = doc.value();

    ErrorSink sink(ErrorCode::invalid_ruleset);
    Ruleset rs;
    ObjectReader root(j, "", sink);
    root.reject_unknown({"format", "id", "constants", "wool", "buildings", "upgrades", "achievements", "events"});
    if (auto format = root.string("format"); format && *format != "llamawool-ruleset")
        root.fail("format", fmt::format("must be \"llamawool-ruleset\", got \"{}\"", *format));
    if (auto id = root.string("id")) {
        if (id->empty() || id->size() > 128) root.fail("id", "must be 1-128 characters");
        rs.id = *id;
    }
    if (const Json* c = root.field("constants")) read_constants(*c, sink, rs.constants);
    if (sink.ok() && rs.constants.offlineMaxCapMs < rs.constants.offlineBaseCapMs)
        sink.fail("constants.offlineMaxCapMs", "must be >= offlineBaseCapMs");
    if (const Json* w = root.array("wool"); w && sink.ok()) read_wool(*w, sink, rs);

    // Upgrade ids are needed before buildings and upgrades are read (requirements refer to them).
    std::vector<std::string> upgradeIds;
    const Json* ups = root.array("upgrades");
    if (ups && sink.ok()) {
        for (const Json& u : *ups)
            if (u.is_object() && u.contains("id") && u["id"].is_string()) upgradeIds.push_back(u["id"].get<std::string>());
            else upgradeIds.emplace_back();
    }
    if (const Json* b = root.array("buildings"); b && sink.ok()) read_buildings(*b, sink, rs, upgradeIds);
    if (ups && sink.ok()) read_upgrades(*ups, sink, rs, upgradeIds);
    if (const Json* a = root.array("achievements"); a && sink.ok()) read_achievements(*a, sink, rs);
    if (const Json* e = root.array("events"); e && sink.ok()) read_events(*e, sink, rs);
    if (!sink.ok()) return sink.status();

    // Content hash over the canonical text: keys sorted, no whitespace.
    detail::Fnv1a64 h;
    h.text(nlohmann::json(j).dump());
    rs.contentHash = h.value();
    return rs;
}

std::string events_to_json(const Ruleset& rules) {
    // The effects an event has (the neutral ones, x1 and +0, are left out), as in a ruleset.
    Json events = Json::array();
    for (const Event& e : rules.events) {
        Json effects = Json::object();
        if (e.production != 1) effects["production"] = e.production;
        if (e.prestige != 1) effects["prestige"] = e.prestige;
        if (e.buildingCost != 1) effects["buildingCost"] = e.buildingCost;
        if (e.offlineEfficiency != 0) effects["offlineEfficiency"] = e.offlineEfficiency;
        events.push_back({{"id", e.id}, {"startMs", e.startMs}, {"endMs", e.endMs}, {"effects", std::move(effects)}});
    }
    return events.dump();
}

}  // namespace llamawool
