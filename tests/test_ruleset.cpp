// The ruleset loader: the default ruleset against the tables of docs/rules.md §2-§9, the content
// hash, and rejection of invalid documents with the JSON path of the first problem.
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

using namespace lwtest;
using OJson = nlohmann::ordered_json;

namespace {

using Kind = Requirement::Kind;
using Metric = AchievementCondition::Metric;

OJson default_doc() {
    OJson doc = OJson::parse(default_ruleset_json(), nullptr, false);
    REQUIRE_FALSE(doc.is_discarded());
    return doc;
}

Result<Ruleset> load_doc(const OJson& doc) { return load_ruleset(doc.dump()); }

// The default document after `edit`, expected to be rejected as invalid_ruleset with a message
// that starts with `path` (the JSON path of the problem) followed by ": ".
void check_invalid(const std::function<void(OJson&)>& edit, const std::string& path,
                   const std::vector<std::string>& alsoInMessage = {}) {
    OJson doc = default_doc();
    edit(doc);
    auto loaded = load_doc(doc);
    const std::string message = loaded.status().message;
    CAPTURE(path);
    INFO("code ", std::string(error_code_name(loaded.status().code)), ", message: ", message);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.status().code == ErrorCode::invalid_ruleset);
    CHECK(message.rfind(path + ": ", 0) == 0);
    for (const std::string& part : alsoInMessage) {
        INFO("expected in message: ", part);
        CHECK(message.find(part) != std::string::npos);
    }
}

std::uint32_t wool_mask(const Ruleset& r, std::initializer_list<const char*> ids) {
    std::uint32_t m = 0;
    for (const char* id : ids) {
        const int w = r.find_wool(id);
        REQUIRE(w >= 0);
        m |= 1u << w;
    }
    return m;
}

// Reverses the key order of every object in the document (arrays keep their order).
OJson reverse_keys(const OJson& j) {
    if (j.is_object()) {
        std::vector<std::string> keys;
        for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
        OJson out = OJson::object();
        for (auto k = keys.rbegin(); k != keys.rend(); ++k) out[*k] = reverse_keys(j[*k]);
        return out;
    }
    if (j.is_array()) {
        OJson out = OJson::array();
        for (const OJson& e : j) out.push_back(reverse_keys(e));
        return out;
    }
    return j;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The default ruleset against the tables of docs/rules.md

TEST_CASE("the default ruleset loads: llama-wool-farm/1 with 10 wool types, 8 buildings, 13 upgrades, 15 achievements") {
    auto loaded = load_ruleset(default_ruleset_json());
    INFO(loaded.status().message);
    REQUIRE(loaded.ok());
    const Ruleset& r = loaded.value();
    CHECK(r.id == "llama-wool-farm/1");
    CHECK(r.wool_count() == 10);
    CHECK(r.building_count() == 8);
    CHECK(r.upgrade_count() == 13);
    CHECK(r.achievement_count() == 15);
    CHECK(r.events.empty());  // §8: the default ruleset has none
    CHECK(r.contentHash != 0);

    // default_ruleset() is the same document.
    CHECK(default_ruleset().id == r.id);
    CHECK(default_ruleset().contentHash == r.contentHash);
    CHECK(default_ruleset().wool_count() == 10);
}

TEST_CASE("default ruleset: wool table of §2") {
    struct Row { const char* id; double baseValue, productionRate, unlockValue; };
    const Row rows[] = {
        {"basic", 0.1, 1, 0},
        {"silver", 1, 0.8, 100},
        {"golden", 12, 0.6, 1e4},
        {"rainbow", 180, 0.4, 1e6},
        {"cosmic", 3240, 0.25, 1e8},
        {"ethereal", 71280, 0.15, 1e10},
        {"temporal", 1853280, 0.08, 1e12},
        {"dimensional", 55598400, 0.04, 1e15},
        {"celestial", 2001542400, 0.02, 1e18},
        {"quantum", 8.0061696e10, 0.01, 1e21},
    };
    const Ruleset& r = rules();
    REQUIRE(r.wool_count() == 10);
    for (int i = 0; i < 10; ++i) {
        const std::string id = rows[i].id;
        CAPTURE(id);
        CHECK(r.wool[i].id == id);
        CHECK(r.find_wool(id) == i);
        CHECK(r.wool[i].baseValue == rows[i].baseValue);
        CHECK(r.wool[i].productionRate == rows[i].productionRate);
        CHECK(r.wool[i].unlockValue == rows[i].unlockValue);
        CHECK(r.wool[i].rare == (i >= 2));  // "Types with index >= 2 are rare"
    }
    CHECK(r.wool[9].baseValue == 80061696000.0);
    CHECK(r.find_wool("plaid") == -1);
}

TEST_CASE("default ruleset: building table of §3") {
    struct Row { const char* id; double baseCost, r, baseProduction; std::initializer_list<const char*> produces; };
    const Row rows[] = {
        {"barn", 10, 1.15, 0.5, {"basic", "silver"}},
        {"shears", 100, 1.2, 2, {"basic", "silver", "golden"}},
        {"transport", 1000, 1.25, 10, {"silver", "golden"}},
        {"factory", 25000, 1.3, 50, {"golden", "rainbow"}},
        {"lab", 5e5, 1.35, 200, {"rainbow", "cosmic", "ethereal"}},
        {"portal", 1e7, 1.4, 1000, {"ethereal", "temporal", "dimensional"}},
        {"timeMachine", 1e9, 1.45, 5000, {"temporal", "dimensional", "celestial"}},
        {"dimensionGate", 1e12, 1.5, 25000, {"celestial", "quantum"}},
    };
    const Ruleset& r = rules();
    REQUIRE(r.building_count() == 8);
    for (int i = 0; i < 8; ++i) {
        const std::string id = rows[i].id;
        CAPTURE(id);
        CHECK(r.buildings[i].id == id);
        CHECK(r.find_building(id) == i);
        CHECK(r.buildings[i].baseCost == rows[i].baseCost);
        CHECK(r.buildings[i].costMultiplier == rows[i].r);
        CHECK(r.buildings[i].baseProduction == rows[i].baseProduction);
        CHECK(r.buildings[i].producesMask == wool_mask(r, rows[i].produces));
    }

    // "first level requires": a building level, then for factory and later a wool count.
    struct Req { int building; int level; int wool; double count; };
    const Req reqs[] = {
        {0, 5, -1, 0},   // shears: barn >= 5
        {1, 3, -1, 0},   // transport: shears >= 3
        {2, 5, 2, 1e4},  // factory: transport >= 5 and golden wool >= 1e4
        {3, 3, 3, 1000}, // lab: factory >= 3 and rainbow wool >= 1000
        {4, 5, 4, 1e4},  // portal: lab >= 5 and cosmic wool >= 1e4
        {5, 3, 6, 1000}, // timeMachine: portal >= 3 and temporal wool >= 1000
        {6, 5, 7, 1e4},  // dimensionGate: timeMachine >= 5 and dimensional wool >= 1e4
    };
    CHECK(r.buildings[0].requirements.empty());  // barn: —
    for (int i = 1; i < 8; ++i) {
        const std::string id = r.buildings[i].id;
        CAPTURE(id);
        const Req& want = reqs[i - 1];
        const auto& got = r.buildings[i].requirements;
        REQUIRE(got.size() == (want.wool < 0 ? 1u : 2u));
        CHECK(got[0].kind == Kind::building_level);
        CHECK(got[0].index == want.building);
        CHECK(got[0].amount == want.level);
        if (want.wool >= 0) {
            CHECK(got[1].kind == Kind::wool_count);
            CHECK(got[1].index == want.wool);
            CHECK(got[1].amount == want.count);
        }
    }
}

TEST_CASE("default ruleset: upgrade table of §6") {
    const Ruleset& r = rules();
    REQUIRE(r.upgrade_count() == 13);
    const char* ids[] = {"sharp_shears",        "better_tools",   "caffeine_pills",    "auto_clicker",
                         "night_shift",         "smart_scheduling", "selective_breeding", "workflow_optimization",
                         "ai_management",       "genetic_enhancement", "neural_network", "quantum_computing",
                         "time_dilation"};
    const double costs[] = {500, 2500, 5000, 1e4, 5e4, 1e5, 1e6, 5e6, 1e8, 1e9, 1e11, 1e13, 1e15};
    for (int u = 0; u < 13; ++u) {
        CAPTURE(u);
        CHECK(r.upgrades[u].id == ids[u]);
        CHECK(r.find_upgrade(ids[u]) == u);
        CHECK(r.upgrades[u].cost == costs[u]);
    }

    // Effects: every field that the table does not mention stays neutral.
    auto effects = [&](const char* id) { return r.upgrades[r.find_upgrade(id)].effects; };
    auto neutral_except = [&](const char* id, const char* field) {
        const UpgradeEffects e = effects(id);
        const std::string upgradeId = id;
        CAPTURE(upgradeId);
        if (std::string(field) != "production") CHECK(e.production == 1);
        if (std::string(field) != "click") CHECK(e.click == 1);
        if (std::string(field) != "building") CHECK(e.building == 1);
        if (std::string(field) != "rare") CHECK(e.rare == 1);
        if (std::string(field) != "buildingCost") CHECK(e.buildingCost == 1);
        if (std::string(field) != "autoClicks") CHECK(e.autoClicksPerSecond == 0);
        if (std::string(field) != "offline") {
            CHECK(e.offlineEfficiency == 0);
            CHECK(e.offlineCapMs == 0);
        }
    };
    CHECK(effects("sharp_shears").production == 1.5);
    neutral_except("sharp_shears", "production");
    CHECK(effects("better_tools").click == 2);
    neutral_except("better_tools", "click");
    CHECK(effects("caffeine_pills").production == 1.25);
    neutral_except("caffeine_pills", "production");
    CHECK(effects("auto_clicker").autoClicksPerSecond == 1);
    neutral_except("auto_clicker", "autoClicks");
    CHECK(effects("night_shift").offlineEfficiency == 0.1);
    CHECK(effects("night_shift").offlineCapMs == 24 * 3600 * 1000);
    neutral_except("night_shift", "offline");
    CHECK(effects("smart_scheduling").building == 1.1);
    neutral_except("smart_scheduling", "building");
    CHECK(effects("selective_breeding").rare == 2);
    neutral_except("selective_breeding", "rare");
    CHECK(effects("workflow_optimization").buildingCost == 0.9);
    neutral_except("workflow_optimization", "buildingCost");
    CHECK(effects("ai_management").autoClicksPerSecond == 5);
    neutral_except("ai_management", "autoClicks");
    CHECK(effects("genetic_enhancement").production == 6);
    neutral_except("genetic_enhancement", "production");
    CHECK(effects("neural_network").production == 2);
    neutral_except("neural_network", "production");
    CHECK(effects("quantum_computing").production == 3);
    neutral_except("quantum_computing", "production");
    CHECK(effects("time_dilation").offlineEfficiency == 0.1);
    CHECK(effects("time_dilation").offlineCapMs == 24 * 3600 * 1000);
    neutral_except("time_dilation", "offline");

    // Requirements.
    auto reqs = [&](const char* id) { return r.upgrades[r.find_upgrade(id)].requirements; };
    for (const char* id : {"sharp_shears", "better_tools", "auto_clicker", "night_shift", "selective_breeding"}) {
        CAPTURE(id);
        CHECK(reqs(id).empty());
    }
    struct Want { const char* id; Kind kind; int index; double amount; };
    const Want wants[] = {
        {"caffeine_pills", Kind::building_level, 0, 10},          // barn >= 10
        {"smart_scheduling", Kind::building_level, 1, 10},        // shears >= 10
        {"workflow_optimization", Kind::building_level, 3, 1},    // factory >= 1
        {"ai_management", Kind::upgrade_owned, 3, 0},             // auto_clicker
        {"genetic_enhancement", Kind::total_prestiges, 0, 10},    // totalPrestiges >= 10
        {"neural_network", Kind::upgrade_owned, 8, 0},            // ai_management
        {"quantum_computing", Kind::building_level, 7, 1},        // dimensionGate >= 1
        {"time_dilation", Kind::upgrade_owned, 4, 0},             // night_shift
    };
    for (const Want& w : wants) {
        const std::string id = w.id;
        CAPTURE(id);
        const auto got = reqs(w.id);
        REQUIRE(got.size() == 1);
        CHECK(got[0].kind == w.kind);
        if (w.kind != Kind::total_prestiges) CHECK(got[0].index == w.index);
        if (w.kind != Kind::upgrade_owned) CHECK(got[0].amount == w.amount);
    }
}

TEST_CASE("default ruleset: achievement table of §7") {
    const Ruleset& r = rules();
    REQUIRE(r.achievement_count() == 15);
    struct Row { const char* id; Metric metric; double threshold; bool strict; };
    const double h = 3600000;
    const Row rows[] = {
        {"first_wool", Metric::lifetime_value, 0, true},  // lifetimeValue > 0
        {"wool_collector", Metric::lifetime_value, 1e3, false},
        {"wool_tycoon", Metric::lifetime_value, 1e6, false},
        {"wool_emperor", Metric::lifetime_value, 1e9, false},
        {"first_building", Metric::max_building_level, 1, false},
        {"industrialist", Metric::building_level_sum, 10, false},
        {"mogul", Metric::building_level_sum, 100, false},
        {"automation_master", Metric::owns_upgrades, 0, false},
        {"first_prestige", Metric::total_prestiges, 1, false},
        {"veteran", Metric::total_prestiges, 10, false},
        {"legend", Metric::total_prestiges, 100, false},
        {"dedicated_player", Metric::play_time_ms, 1 * h, false},
        {"committed_farmer", Metric::play_time_ms, 24 * h, false},
        {"llama_devotee", Metric::play_time_ms, 100 * h, false},
        {"eternal_guardian", Metric::play_time_ms, 1000 * h, false},
    };
    for (int a = 0; a < 15; ++a) {
        const std::string id = rows[a].id;
        CAPTURE(id);
        CHECK(r.achievements[a].id == id);
        CHECK(r.find_achievement(id) == a);
        CHECK(r.achievements[a].when.metric == rows[a].metric);
        CHECK(r.achievements[a].when.strict == rows[a].strict);
        if (rows[a].metric != Metric::owns_upgrades) CHECK(r.achievements[a].when.threshold == rows[a].threshold);
    }
    const std::uint64_t both = (std::uint64_t{1} << r.find_upgrade("auto_clicker")) |
                               (std::uint64_t{1} << r.find_upgrade("ai_management"));
    CHECK(r.achievements[r.find_achievement("automation_master")].when.upgradesMask == both);
}

TEST_CASE("default ruleset: constants of §4, §5, §9 and §10") {
    const Constants& c = rules().constants;
    CHECK(c.startingLlamaBasicPerSecond == 1);
    CHECK(c.clickBasicWool == 1);
    CHECK(c.achievementProductionBonus == 0.02);
    CHECK(c.soulShearProductionBonus == 0.10);
    CHECK(c.soulShearBuildingBonus == 0.05);
    CHECK(c.onlineGapMaxMs == 300000);
    CHECK(c.offlineBaseCapMs == 24 * 3600000LL);
    CHECK(c.offlineMaxCapMs == 72 * 3600000LL);
    CHECK(c.offlineBaseEfficiency == 0.8);
    CHECK(c.offlineEfficiencyPerSoulShear == 0.02);
    CHECK(c.clickTokensPerSecond == 20);
    CHECK(c.clickBurst == 20);
    CHECK(c.shearMaxCount == 1000);
    CHECK(c.buyMaxQuantity == 10000);
    CHECK(c.buildingMaxLevel == 100000);
    CHECK(c.prestigeThresholdBaseExponent == 6);
    CHECK(c.prestigeThresholdExponentStep == 2);
    CHECK(c.prestigeGainExponent == 6);  // gain = floor(log10(runValue / 1e6))
}

TEST_CASE("a ruleset with events loads them") {
    const Ruleset r = ruleset_with_events(R"([
      {"id": "double_wool_weekend", "startMs": 1700003600000, "endMs": 1700176400000, "effects": {"production": 2}},
      {"id": "summer_fair", "startMs": 1700100000000, "endMs": 1700400000000, "effects": {"buildingCost": 0.75}},
      {"id": "autumn_harvest", "startMs": 1700300000000, "endMs": 1701000000000, "effects": {"offlineEfficiency": 0.1}},
      {"id": "prestige_bonus", "startMs": 1700500000000, "endMs": 1702000000000, "effects": {"prestige": 2}}
    ])");
    CHECK(r.id == "llama-wool-farm/1+events");
    REQUIRE(r.events.size() == 4);
    CHECK(r.events[0].id == "double_wool_weekend");
    CHECK(r.events[0].startMs == 1700003600000);
    CHECK(r.events[0].endMs == 1700176400000);
    CHECK(r.events[0].production == 2);
    CHECK(r.events[0].prestige == 1);
    CHECK(r.events[0].buildingCost == 1);
    CHECK(r.events[0].offlineEfficiency == 0);
    CHECK(r.events[1].buildingCost == 0.75);
    CHECK(r.events[1].production == 1);
    CHECK(r.events[2].offlineEfficiency == 0.1);
    CHECK(r.events[3].prestige == 2);
    CHECK(r.contentHash != rules().contentHash);
    // The rest of the tables is the default one.
    CHECK(r.wool_count() == 10);
    CHECK(r.buildings[7].costMultiplier == 1.5);
}

// ---------------------------------------------------------------------------------------------
// contentHash

TEST_CASE("contentHash is stable and hashes canonical JSON") {
    const std::string text(default_ruleset_json());
    auto a = load_ruleset(text);
    auto b = load_ruleset(text);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->contentHash == b->contentHash);
    CHECK(a->contentHash == default_ruleset().contentHash);

    const OJson doc = default_doc();
    auto check_same = [&](const std::string& variant) {
        auto v = load_ruleset(variant);
        INFO(v.status().message);
        REQUIRE(v.ok());
        CHECK(v->contentHash == a->contentHash);
    };
    auto check_differs = [&](const OJson& edited) {
        auto v = load_doc(edited);
        INFO(v.status().message);
        REQUIRE(v.ok());
        CHECK(v->contentHash != a->contentHash);
    };
    SUBCASE("whitespace does not matter") {
        check_same(doc.dump());
        check_same(doc.dump(4));
        check_same("\n\t " + doc.dump(1, '\t') + "\r\n\n");
    }
    SUBCASE("key order does not matter") {
        const OJson reversed = reverse_keys(doc);
        REQUIRE(reversed.begin().key() == "events");  // really reordered
        check_same(reversed.dump());
        check_same(reversed.dump(2));
    }
    SUBCASE("a changed number changes it") {
        OJson d = doc;
        d["buildings"][0]["baseCost"] = 11;
        check_differs(d);
        d = doc;
        d["wool"][9]["baseValue"] = 8.0061696e10 * 2;
        check_differs(d);
        d = doc;
        d["upgrades"][0]["cost"] = 501;
        check_differs(d);
        d = doc;
        d["constants"]["clickBurst"] = 21;
        check_differs(d);
    }
    SUBCASE("a changed id or reordered table changes it") {
        OJson d = doc;
        d["id"] = "llama-wool-farm/1b";
        check_differs(d);
        d = doc;
        std::swap(d["achievements"][0], d["achievements"][1]);
        check_differs(d);
    }
}

// ---------------------------------------------------------------------------------------------
// Invalid rulesets

TEST_CASE("invalid rulesets are rejected with the JSON path of the first problem") {
    SUBCASE("unknown building referenced by a requirement") {
        check_invalid([](OJson& d) { d["buildings"][3]["requires"][0]["building"] = "fatcory"; },
                      "buildings[3].requires[0].building", {"fatcory"});
    }
    SUBCASE("unknown wool referenced by a requirement") {
        check_invalid([](OJson& d) { d["buildings"][4]["requires"][1]["wool"] = "plaid"; },
                      "buildings[4].requires[1].wool", {"plaid"});
    }
    SUBCASE("unknown upgrade referenced by a requirement") {
        check_invalid([](OJson& d) { d["upgrades"][8]["requires"][0]["upgrade"] = "auto_clickr"; },
                      "upgrades[8].requires[0].upgrade", {"auto_clickr"});
    }
    SUBCASE("unknown wool in produces") {
        check_invalid([](OJson& d) { d["buildings"][0]["produces"][1] = "silk"; }, "buildings[0].produces[1]",
                      {"silk"});
    }
    SUBCASE("unknown upgrade in an achievement condition") {
        check_invalid([](OJson& d) { d["achievements"][7]["when"]["upgrades"][1] = "ai_mgmt"; },
                      "achievements[7].when.upgrades[1]", {"ai_mgmt"});
    }
    SUBCASE("negative cost") {
        check_invalid([](OJson& d) { d["upgrades"][0]["cost"] = -5; }, "upgrades[0].cost", {"-5"});
    }
    SUBCASE("negative or zero baseCost, negative baseValue") {
        check_invalid([](OJson& d) { d["buildings"][2]["baseCost"] = -1000; }, "buildings[2].baseCost", {"-1000"});
        check_invalid([](OJson& d) { d["buildings"][2]["baseCost"] = 0; }, "buildings[2].baseCost");
        check_invalid([](OJson& d) { d["wool"][4]["baseValue"] = -3240; }, "wool[4].baseValue", {"-3240"});
    }
    SUBCASE("missing field") {
        check_invalid([](OJson& d) { d["wool"][2].erase("baseValue"); }, "wool[2].baseValue", {"missing"});
        check_invalid([](OJson& d) { d["buildings"][5].erase("produces"); }, "buildings[5].produces");
        check_invalid([](OJson& d) { d["upgrades"][12].erase("cost"); }, "upgrades[12].cost");
        check_invalid([](OJson& d) { d["constants"].erase("clickBurst"); }, "constants.clickBurst");
        check_invalid([](OJson& d) { d.erase("achievements"); }, "achievements");
    }
    SUBCASE("costMultiplier must be > 1") {
        check_invalid([](OJson& d) { d["buildings"][7]["costMultiplier"] = 1; }, "buildings[7].costMultiplier",
                      {"1"});
        check_invalid([](OJson& d) { d["buildings"][7]["costMultiplier"] = 0.99; }, "buildings[7].costMultiplier",
                      {"0.99"});
        // Just above 1 is fine.
        OJson d = default_doc();
        d["buildings"][7]["costMultiplier"] = 1.0000001;
        CHECK(load_doc(d).ok());
    }
    SUBCASE("duplicate id") {
        check_invalid([](OJson& d) { d["wool"][1]["id"] = "basic"; }, "wool[1].id", {"basic"});
        check_invalid([](OJson& d) { d["buildings"][6]["id"] = "portal"; }, "buildings[6].id", {"portal"});
        check_invalid([](OJson& d) { d["upgrades"][12]["id"] = "night_shift"; }, "upgrades[12].id", {"night_shift"});
        check_invalid([](OJson& d) { d["achievements"][14]["id"] = "legend"; }, "achievements[14].id", {"legend"});
    }
    SUBCASE("unknown field") {
        check_invalid([](OJson& d) { d["theme"] = "pastel"; }, "theme");
        check_invalid([](OJson& d) { d["buildings"][1]["colour"] = "red"; }, "buildings[1].colour");
        check_invalid([](OJson& d) { d["upgrades"][2]["effects"]["speed"] = 2; }, "upgrades[2].effects.speed");
        check_invalid([](OJson& d) { d["constants"]["gravity"] = 9.81; }, "constants.gravity");
        check_invalid([](OJson& d) { d["wool"][0]["colour"] = "white"; }, "wool[0].colour");
    }
    SUBCASE("event with endMs <= startMs") {
        check_invalid(
            [](OJson& d) {
                d["events"] = OJson::parse(
                    R"([{"id": "fair", "startMs": 1700000000000, "endMs": 1700000000000, "effects": {"production": 2}}])",
                    nullptr, false);
            },
            "events[0].endMs", {"1700000000000"});
        check_invalid(
            [](OJson& d) {
                d["events"] = OJson::parse(
                    R"([{"id": "ok", "startMs": 10, "endMs": 20, "effects": {}},
                        {"id": "backwards", "startMs": 2000, "endMs": 1000, "effects": {"prestige": 2}}])",
                    nullptr, false);
            },
            "events[1].endMs", {"1000"});
    }
    SUBCASE("event with an unknown or non-positive effect") {
        check_invalid(
            [](OJson& d) {
                d["events"] = OJson::parse(R"([{"id": "e", "startMs": 1, "endMs": 2, "effects": {"luck": 2}}])",
                                           nullptr, false);
            },
            "events[0].effects.luck");
        check_invalid(
            [](OJson& d) {
                d["events"] = OJson::parse(R"([{"id": "e", "startMs": 1, "endMs": 2, "effects": {"production": 0}}])",
                                           nullptr, false);
            },
            "events[0].effects.production");
    }
    SUBCASE("wrong types") {
        check_invalid([](OJson& d) { d["wool"][3]["baseValue"] = "180"; }, "wool[3].baseValue", {"\"180\""});
        check_invalid([](OJson& d) { d["wool"][3]["rare"] = 1; }, "wool[3].rare");
        check_invalid([](OJson& d) { d["buildings"][0]["requires"][0] = OJson::object(); }, "buildings[0].requires[0]");
        check_invalid([](OJson& d) { d["buildings"] = OJson::object(); }, "buildings");
        check_invalid([](OJson& d) { d["buildings"][1]["requires"][0]["level"] = 4.5; },
                      "buildings[1].requires[0].level", {"4.5"});
    }
    SUBCASE("other schema rules") {
        check_invalid([](OJson& d) { d["format"] = "llamawool-save"; }, "format", {"llamawool-save"});
        check_invalid([](OJson& d) { d["wool"][0]["unlockValue"] = 1; }, "wool[0].unlockValue");
        check_invalid([](OJson& d) { d["wool"][5]["id"] = "ether eal"; }, "wool[5].id", {"ether eal"});
        check_invalid([](OJson& d) { d["achievements"][0]["when"]["metric"] = "luck"; },
                      "achievements[0].when.metric", {"luck"});
        check_invalid([](OJson& d) { d["upgrades"][0]["effects"]["production"] = 0; },
                      "upgrades[0].effects.production");
        check_invalid([](OJson& d) { d["wool"] = OJson::array(); }, "wool");
    }
    SUBCASE("the first problem in document order wins") {
        check_invalid(
            [](OJson& d) {
                d["wool"][2].erase("baseValue");
                d["upgrades"][0]["cost"] = -5;
            },
            "wool[2].baseValue");
    }
}

TEST_CASE("a document that is not JSON is invalid_json; JSON that is not an object is invalid_ruleset") {
    for (const char* text : {"", "{", "not json", "{\"id\": \"x\",}", "[1, 2"}) {
        const std::string doc = text;
        CAPTURE(doc);
        auto loaded = load_ruleset(text);
        REQUIRE_FALSE(loaded.ok());
        CHECK(loaded.status().code == ErrorCode::invalid_json);
        CHECK_FALSE(loaded.status().message.empty());
    }
    const std::string full(default_ruleset_json());
    auto truncated = load_ruleset(full.substr(0, full.size() / 2));
    CHECK(truncated.status().code == ErrorCode::invalid_json);

    for (const char* text : {"[]", "42", "\"llama-wool-farm/1\"", "null"}) {
        const std::string doc = text;
        CAPTURE(doc);
        auto loaded = load_ruleset(text);
        REQUIRE_FALSE(loaded.ok());
        CHECK(loaded.status().code == ErrorCode::invalid_ruleset);
    }
}
