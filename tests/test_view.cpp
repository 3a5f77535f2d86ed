// The UI query (include/llamawool/view.hpp): every figure of the view against the engine's own
// functions and against the actions it describes (the x10 price is what buying 10 pays, "max"
// buys maxCount levels for maxPrice), and the view leaves the state as it was.
#include <string>

#include "test_support.hpp"

using namespace lwtest;

namespace {

State midgame() {
    auto loaded = load_save(rules(), read_test_file("saves/valid-midgame.json"));
    REQUIRE_MESSAGE(loaded.ok(), loaded.status().message);
    return loaded.value();
}

FarmView view_ok(const Ruleset& rs, const State& s, std::int64_t atMs) {
    auto v = farm_view(rs, s, atMs);
    REQUIRE_MESSAGE(v.ok(), v.status().message);
    return v.value();
}

// The state a tick at t leaves: what the view describes.
State ticked(const State& s, std::int64_t t, const Ruleset& rs = rules()) {
    State copy = s;
    apply_ok(copy, Action::tick(t), rs);
    return copy;
}

}  // namespace

TEST_CASE("the view changes nothing: the save and the hash are byte-identical after") {
    const State s = midgame();
    const std::string before = state_bytes(s);
    const FarmView v = view_ok(rules(), s, s.lastUpdateMs + 3600000);
    (void)farm_view_to_json(rules(), v);
    CHECK(state_bytes(s) == before);
}

TEST_CASE("the view's wool, rates and multipliers are compute_production of the ticked state") {
    const State s = midgame();
    const std::int64_t t = s.lastUpdateMs + 90000;
    const FarmView v = view_ok(rules(), s, t);
    const State at = ticked(s, t);
    const Production p = compute_production(rules(), at, t);
    for (int w = 0; w < rules().wool_count(); ++w) {
        CAPTURE(w);
        CHECK(v.wool[w].amount == at.wool[w]);
        CHECK(v.wool[w].ratePerSecond == p.rate[w]);
        CHECK(v.wool[w].unlocked == (((p.unlockedMask >> w) & 1u) != 0));
    }
    CHECK(v.production.valueRate == p.valueRate);
    CHECK(v.production.multipliers.total == p.multipliers.total);
    CHECK(v.production.multipliers.achievements == p.multipliers.achievements);
    CHECK(v.spendableValue == spendable_value(rules(), at));
    CHECK(v.runValue == at.runValue);
    CHECK(v.achievements == at.achievements);
    CHECK(v.clickTokensMilli == at.clickTokensMilli);
    // The midgame save has 13480 milli-tokens and 90 s refill them to the burst of 20 clicks.
    CHECK(v.clicksAvailable == 20);
}

TEST_CASE("sinceLastUpdate is preview_resume; ifAway is resuming 8 h later") {
    const State s = midgame();
    const std::int64_t t = s.lastUpdateMs + 600000;  // 10 min: an offline gap
    const FarmView v = view_ok(rules(), s, t);
    auto resumed = preview_resume(rules(), s, t);
    REQUIRE(resumed.ok());
    CHECK(resume_report_to_json(rules(), v.sinceLastUpdate) == resume_report_to_json(rules(), resumed.value()));
    CHECK(v.sinceLastUpdate.advance.offline);
    const State at = ticked(s, t);
    auto away = preview_resume(rules(), at, t + 8 * 3600000LL);
    REQUIRE(away.ok());
    REQUIRE(v.offline.ifAway.has_value());
    CHECK(resume_report_to_json(rules(), *v.offline.ifAway) == resume_report_to_json(rules(), away.value()));
    CHECK(v.offline.ifAway->advance.creditedMs == 8 * 3600000LL);
    CHECK(v.offline.capMs == offline_cap_ms(rules(), at));
    CHECK(v.offline.efficiency == offline_efficiency(rules(), at, t));
}

TEST_CASE("building prices are what buying 1, 10 and max levels pays") {
    const State s = midgame();
    const std::int64_t t = s.lastUpdateMs + 1000;
    const FarmView v = view_ok(rules(), s, t);
    int bought = 0;
    for (int b = 0; b < rules().building_count(); ++b) {
        const std::string id = rules().buildings[b].id;
        const BuildingView& bv = v.buildings[b];
        CAPTURE(id);
        CHECK(bv.level == s.buildings[b]);
        CHECK(bv.unlocked == building_unlocked(rules(), s, b));
        for (const std::int64_t n : {1, 10}) {
            const PriceView& pv = n == 1 ? bv.next1 : bv.next10;
            State copy = s;
            const ActionResult r = apply_action(rules(), copy, Action::buy_building(t, id, n));
            if (bv.unlocked) CHECK(pv.affordable == r.status.ok());
            if (r.status.ok()) CHECK(r.valuePaid == pv.price);
            else CHECK(pv.price == building_bulk_price(rules(), ticked(s, t), b, n, t));
        }
        State copy = s;
        const ActionResult r = apply_action(rules(), copy, Action::buy_building_max(t, id));
        CHECK(bv.maxCount == r.levelsBought);
        CHECK(bv.maxPrice == r.valuePaid);
        if (r.status.ok()) ++bought;
    }
    // The midgame farm can afford some buildings and not others: both branches were exercised.
    CHECK(bought >= 2);
    CHECK(bought < rules().building_count());
}

TEST_CASE("a locked building says its first unmet requirement, as buy_building's refusal does") {
    const State s = midgame();
    const FarmView v = view_ok(rules(), s, s.lastUpdateMs);
    const int factory = building("factory");
    const BuildingView& bv = v.buildings[factory];
    CHECK_FALSE(bv.unlocked);
    CHECK(bv.maxCount == 0);
    CHECK(bv.requirement == "transport >= 5 (have 2)");
    State copy = s;
    const ActionResult r = apply_rejected(copy, Action::buy_building(s.lastUpdateMs, "factory", 1),
                                          ErrorCode::building_locked);
    CHECK(r.status.message == "building: \"factory\" needs " + bv.requirement);
    CHECK(v.buildings[building("barn")].requirement.empty());
}

TEST_CASE("max is 0 levels at no price when not one level is affordable") {
    State s = new_game(rules(), "p-1", kT0);  // no wool: the barn's 10 is out of reach
    const FarmView v = view_ok(rules(), s, kT0);
    const BuildingView& barn = v.buildings[building("barn")];
    CHECK(barn.unlocked);
    CHECK(barn.maxCount == 0);
    CHECK(barn.maxPrice == 0);
    CHECK_FALSE(barn.next1.affordable);
    CHECK(barn.next1.price == 10);
    const std::string json = farm_view_to_json(rules(), v);
    CHECK(json.find(R"("id":"barn","level":0,"unlocked":true,"requirement":null,"next1":{"price":"10","affordable":false},)"
                    R"("next10":{"price":"203.03718238052724","affordable":false},"max":{"count":0,"price":null}})") !=
          std::string::npos);
}

TEST_CASE("upgrades: cost, owned, requirement and affordability match buy_upgrade") {
    const State s = midgame();
    const std::int64_t t = s.lastUpdateMs;
    const FarmView v = view_ok(rules(), s, t);
    for (int u = 0; u < rules().upgrade_count(); ++u) {
        const std::string id = rules().upgrades[u].id;
        CAPTURE(id);
        const UpgradeView& uv = v.upgrades[u];
        CHECK(uv.cost == rules().upgrades[u].cost);
        CHECK(uv.owned == s.owns_upgrade(u));
        CHECK(uv.unlocked == upgrade_unlocked(rules(), s, u));
        State copy = s;
        const ActionResult r = apply_action(rules(), copy, Action::buy_upgrade(t, id));
        if (r.status.ok()) CHECK((uv.affordable && uv.unlocked && !uv.owned));
        if (r.status.code == ErrorCode::upgrade_locked)
            CHECK(r.status.message == "upgrade: \"" + id + "\" needs " + uv.requirement);
        if (r.status.code == ErrorCode::insufficient_funds) CHECK_FALSE(uv.affordable);
    }
    CHECK(v.upgrades[static_cast<std::size_t>(rules().find_upgrade("ai_management"))].requirement.empty());  // owns auto_clicker
    CHECK(v.upgrades[static_cast<std::size_t>(rules().find_upgrade("genetic_enhancement"))].requirement ==
          "totalPrestiges >= 10 (have 1)");
}

TEST_CASE("prestige: pending soul shears and the threshold are the engine's, and prestige gives them") {
    State s = midgame();
    s.runValue = 3.5e9;  // above 10^8, the second prestige's threshold
    const FarmView v = view_ok(rules(), s, s.lastUpdateMs);
    CHECK(v.prestige.totalPrestiges == 1);
    CHECK(v.prestige.thresholdExponent == 8);
    REQUIRE(v.prestige.threshold.has_value());
    CHECK(*v.prestige.threshold == 1e8);
    CHECK(v.prestige.ready);
    CHECK(v.prestige.pending == pending_soul_shears(rules(), s, s.lastUpdateMs));
    CHECK(v.prestige.pending == 3);  // floor(log10(3.5e9 / 1e6))
    State copy = s;
    const ActionResult r = apply_ok(copy, Action::prestige(s.lastUpdateMs));
    CHECK(r.soulShearsGained == v.prestige.pending);

    s.totalPrestiges = 200;  // 10^406: beyond binary64, never reached
    const FarmView far = view_ok(rules(), s, s.lastUpdateMs);
    CHECK(far.prestige.thresholdExponent == 406);
    CHECK_FALSE(far.prestige.threshold.has_value());
    CHECK_FALSE(far.prestige.ready);
    CHECK(far.prestige.pending == 0);
}

TEST_CASE("the active events and their effect on the multipliers and prices") {
    const Ruleset rs = ruleset_with_events(R"([{"id": "summer_fair", "startMs": 1700000010000,
        "endMs": 1700000020000, "effects": {"buildingCost": 0.75, "production": 2}}])");
    const State s = new_game(rs, "p-1", kT0);
    const FarmView before = view_ok(rs, s, kT0 + 9999);
    const FarmView during = view_ok(rs, s, kT0 + 10000);
    CHECK(before.activeEvents == 0);
    CHECK(during.activeEvents == 1);  // bit 0: the ruleset's first event
    CHECK(during.production.multipliers.events == 2);
    CHECK(during.buildings[0].next1.price == 7.5);
    CHECK(farm_view_to_json(rs, during).find(R"("activeEvents":[{"id":"summer_fair","startMs":1700000010000,)"
                                             R"("endMs":1700000020000,"effects":{"production":"2","prestige":"1",)"
                                             R"("buildingCost":"0.75","offlineEfficiency":"0"}}])") != std::string::npos);
}

TEST_CASE("a bad atMs is refused naming atMs and its value") {
    const State s = midgame();
    auto early = farm_view(rules(), s, s.lastUpdateMs - 1);
    CHECK(early.status().code == ErrorCode::time_regression);
    CHECK(early.status().message == "atMs: 1700034499999 is before the state's lastUpdateMs 1700034500000");
    auto negative = farm_view(rules(), s, -5);
    CHECK(negative.status().code == ErrorCode::invalid_argument);
    CHECK(negative.status().message == "atMs: must be a time in ms in [0, 2^53), got -5");
    auto huge = farm_view(rules(), s, std::int64_t{1} << 53);
    CHECK(huge.status().code == ErrorCode::invalid_argument);
}

TEST_CASE("the offline preview is left out when atMs + 8 h would pass 2^53 ms") {
    const std::int64_t late = (std::int64_t{1} << 53) - 1000;
    const State s = new_game(rules(), "p-1", late);
    const FarmView v = view_ok(rules(), s, late);
    CHECK_FALSE(v.offline.ifAway.has_value());
    CHECK(farm_view_to_json(rules(), v).find(R"("ifAway":null)") != std::string::npos);
}
