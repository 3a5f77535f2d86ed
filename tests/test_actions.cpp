// Actions (docs/rules.md §10): every rejection code, the precedence order when several apply, the
// effect of shearing, paying cheapest wool first, and achievements evaluated after each action.
// Rejections go through apply_rejected, which also checks that the state is byte-identical.
#include <string>

#include "test_support.hpp"

using namespace lwtest;

namespace {


constexpr int kBasic = 0, kSilver = 1, kGolden = 2, kRainbow = 3;

// parse_action must fail with `code`, and the message must name `field` (when given).
void check_parse_error(const std::string& json, ErrorCode code, const std::string& field) {
    CAPTURE(json);
    const auto parsed = parse_action(json);
    REQUIRE_FALSE(parsed.ok());
    INFO("message: ", parsed.status().message);
    CHECK(parsed.status().code == code);
    CHECK_FALSE(parsed.status().message.empty());
    if (!field.empty()) CHECK(parsed.status().message.find(field) != std::string::npos);
}

Action with_expected_cost(Action a, double cost) {
    a.expectedCost = cost;
    return a;
}

}  // namespace

// ---- malformed and unknown_action (parse_action) ----------------------------------------------

TEST_CASE("malformed: not JSON, not an object, missing, mistyped or extra fields") {
    check_parse_error("not json", ErrorCode::malformed, "");
    check_parse_error("{\"t\": 1, \"type\": \"tick\"", ErrorCode::malformed, "");  // unterminated
    check_parse_error("[1, 2]", ErrorCode::malformed, "");
    check_parse_error(R"({"type": "tick"})", ErrorCode::malformed, "t");
    check_parse_error(R"({"t": 1})", ErrorCode::malformed, "type");
    check_parse_error(R"({"t": "1", "type": "tick"})", ErrorCode::malformed, "t");
    check_parse_error(R"({"t": 1.5, "type": "tick"})", ErrorCode::malformed, "t");
    check_parse_error(R"({"t": 1, "type": 7})", ErrorCode::malformed, "type");
    check_parse_error(R"({"t": 1, "type": "tick", "count": 1})", ErrorCode::malformed, "count");
    check_parse_error(R"({"t": 1, "type": "shear"})", ErrorCode::malformed, "count");
    check_parse_error(R"({"t": 1, "type": "shear", "count": "5"})", ErrorCode::malformed, "count");
    check_parse_error(R"({"t": 1, "type": "shear", "count": 2.5})", ErrorCode::malformed, "count");
    check_parse_error(R"({"t": 1, "type": "shear", "count": 1, "building": "barn"})", ErrorCode::malformed,
                      "building");
    check_parse_error(R"({"t": 1, "type": "buy_building", "building": "barn"})", ErrorCode::malformed, "quantity");
    check_parse_error(R"({"t": 1, "type": "buy_building", "quantity": 1})", ErrorCode::malformed, "building");
    check_parse_error(R"({"t": 1, "type": "buy_building", "building": 3, "quantity": 1})", ErrorCode::malformed,
                      "building");
    check_parse_error(R"({"t": 1, "type": "buy_building", "building": "barn", "quantity": "all"})",
                      ErrorCode::malformed, "quantity");
    check_parse_error(R"({"t": 1, "type": "buy_building", "building": "barn", "quantity": 1, "expectedCost": "10"})",
                      ErrorCode::malformed, "expectedCost");
    check_parse_error(R"({"t": 1, "type": "buy_upgrade"})", ErrorCode::malformed, "upgrade");
    check_parse_error(R"({"t": 1, "type": "buy_upgrade", "upgrade": "sharp_shears", "quantity": 1})",
                      ErrorCode::malformed, "quantity");
    check_parse_error(R"({"t": 1, "type": "prestige", "expectedSoulShears": "1"})", ErrorCode::malformed,
                      "expectedSoulShears");
}

TEST_CASE("malformed: t must be an integer in [0, 2^53)") {
    check_parse_error(R"({"t": -1, "type": "tick"})", ErrorCode::malformed, "t");
    check_parse_error(R"({"t": 9007199254740992, "type": "tick"})", ErrorCode::malformed, "t");  // 2^53
    const auto last = parse_action(R"({"t": 9007199254740991, "type": "tick"})");                 // 2^53 - 1
    REQUIRE(last.ok());
    CHECK(last.value().t == 9007199254740991);
    const auto zero = parse_action(R"({"t": 0, "type": "tick"})");
    REQUIRE(zero.ok());
    CHECK(zero.value().t == 0);

    // apply_action checks the range of an Action built in code as well.
    State s = new_game(rules(), "p-1", kT0);
    apply_rejected(s, Action::tick(std::int64_t{1} << 53), ErrorCode::malformed);
    // t = -1 would also be a time regression: malformed comes first.
    apply_rejected(s, Action::tick(-1), ErrorCode::malformed);
}

TEST_CASE("well-formed actions parse with their fields") {
    auto a = parse_action(R"({"t": 5, "type": "buy_building", "building": "barn", "quantity": "max",
                              "expectedCost": 12.5})");
    REQUIRE(a.ok());
    CHECK(a.value().type == ActionType::buy_building);
    CHECK(a.value().target == "barn");
    CHECK(a.value().buyMax);
    REQUIRE(a.value().expectedCost.has_value());
    CHECK(*a.value().expectedCost == 12.5);
    // Out-of-range counts and quantities parse: they are invalid_quantity at apply time.
    a = parse_action(R"({"t": 5, "type": "shear", "count": 0})");
    REQUIRE(a.ok());
    CHECK(a.value().count == 0);
}

TEST_CASE("unknown_action, and malformed wins over it") {
    check_parse_error(R"({"t": 1, "type": "dance"})", ErrorCode::unknown_action, "dance");
    check_parse_error(R"({"type": "dance"})", ErrorCode::malformed, "t");  // missing t ranks first
}

// ---- time checks ------------------------------------------------------------------------------

TEST_CASE("time_regression: t before lastUpdateMs") {
    State s = new_game(rules(), "p-1", kT0);
    apply_rejected(s, Action::tick(kT0 - 1), ErrorCode::time_regression);
    apply_ok(s, Action::tick(kT0));  // t == lastUpdateMs is fine
    // time_regression ranks above unknown_building and invalid_quantity.
    apply_rejected(s, Action::buy_building(kT0 - 1, "castle", 0), ErrorCode::time_regression);
}

TEST_CASE("time_in_future: t more than 5 s after the host's now") {
    State s = new_game(rules(), "p-1", kT0);
    const ApplyOptions now{.nowMs = kT0 + 1000};
    apply_rejected(s, Action::tick(kT0 + 6001), ErrorCode::time_in_future, now);  // now + 5001
    // time_in_future ranks above unknown_building.
    apply_rejected(s, Action::buy_building(kT0 + 6001, "castle", 1), ErrorCode::time_in_future, now);
    // ... and below time_regression.
    apply_rejected(s, Action::tick(kT0 - 1), ErrorCode::time_regression, ApplyOptions{.nowMs = kT0 - 10000});
    CHECK(apply_action(rules(), s, Action::tick(kT0 + 6000), now).status.ok());  // now + 5000 exactly
    // Without a host clock there is no such check.
    CHECK(apply_action(rules(), s, Action::tick(kT0 + 1000000)).status.ok());
}

// ---- unknown ids and quantities ---------------------------------------------------------------

TEST_CASE("unknown_building and unknown_upgrade") {
    State s = new_game(rules(), "p-1", kT0);
    s.wool[kBasic] = 1e6;
    apply_rejected(s, Action::buy_building(kT0, "castle", 1), ErrorCode::unknown_building);
    apply_rejected(s, Action::buy_upgrade(kT0, "golden_fleece"), ErrorCode::unknown_upgrade);
    // unknown_building ranks above invalid_quantity.
    apply_rejected(s, Action::buy_building(kT0, "castle", 0), ErrorCode::unknown_building);
    // A rejected action does not even advance: lastUpdateMs stays (apply_rejected compares bytes).
    apply_rejected(s, Action::buy_building(kT0 + 100000, "castle", 1), ErrorCode::unknown_building);
    CHECK(s.lastUpdateMs == kT0);
}

TEST_CASE("invalid_quantity: buy quantity outside 1..10000, shear count outside 1..1000") {
    State s = new_game(rules(), "p-1", kT0);
    apply_rejected(s, Action::buy_building(kT0, "barn", 0), ErrorCode::invalid_quantity);
    apply_rejected(s, Action::buy_building(kT0, "barn", -1), ErrorCode::invalid_quantity);
    apply_rejected(s, Action::buy_building(kT0, "barn", 10001), ErrorCode::invalid_quantity);
    // 10000 is a valid quantity; with no wool it is merely unaffordable. So invalid_quantity ranks
    // above insufficient_funds here.
    apply_rejected(s, Action::buy_building(kT0, "barn", 10000), ErrorCode::insufficient_funds);
    apply_rejected(s, Action::shear(kT0, 0), ErrorCode::invalid_quantity);
    apply_rejected(s, Action::shear(kT0, 1001), ErrorCode::invalid_quantity);
    // 1000 is a valid count; a burst of 20 clicks cannot pay for it.
    apply_rejected(s, Action::shear(kT0, 1000), ErrorCode::rate_limited);
    // invalid_quantity ranks above building_locked (shears needs barn >= 5).
    apply_rejected(s, Action::buy_building(kT0, "shears", 0), ErrorCode::invalid_quantity);
    // ... and above rate_limited.
    s.clickTokensMilli = 0;
    apply_rejected(s, Action::shear(kT0, 1001), ErrorCode::invalid_quantity);
    apply_rejected(s, Action::shear(kT0, 1), ErrorCode::rate_limited);
}

// ---- ownership and requirements ---------------------------------------------------------------

TEST_CASE("already_owned ranks above upgrade_locked and insufficient_funds") {
    State s = new_game(rules(), "p-1", kT0);
    s.wool[kBasic] = 5000;  // 500 value
    apply_ok(s, Action::buy_upgrade(kT0, "sharp_shears"));
    apply_rejected(s, Action::buy_upgrade(kT0, "sharp_shears"), ErrorCode::already_owned);  // now broke too
    s.upgrades |= upgrade_bit("caffeine_pills");  // owned although barn < 10
    apply_rejected(s, Action::buy_upgrade(kT0, "caffeine_pills"), ErrorCode::already_owned);
}

TEST_CASE("building_locked: shears needs barn >= 5 for its first level only") {
    State s = new_game(rules(), "p-1", kT0);
    s.wool[kSilver] = 1e6;
    s.buildings[building("barn")] = 4;
    apply_rejected(s, Action::buy_building(kT0, "shears", 1), ErrorCode::building_locked);
    apply_rejected(s, Action::buy_building_max(kT0, "shears"), ErrorCode::building_locked);
    s.buildings[building("barn")] = 5;
    apply_ok(s, Action::buy_building(kT0, "shears", 1));
    CHECK(s.buildings[building("shears")] == 1);
    // Once owned the requirement no longer applies.
    s.buildings[building("barn")] = 0;
    apply_ok(s, Action::buy_building(kT0, "shears", 2));
    CHECK(s.buildings[building("shears")] == 3);
    // building_locked ranks above insufficient_funds.
    State broke = new_game(rules(), "p-1", kT0);
    broke.buildings[building("barn")] = 4;
    apply_rejected(broke, Action::buy_building(kT0, "shears", 1), ErrorCode::building_locked);
}

TEST_CASE("building_locked: factory needs golden wool >= 1e4 at purchase time, before paying") {
    State s = new_game(rules(), "p-1", kT0);
    s.buildings[building("transport")] = 5;
    s.wool[kBasic] = 1e6;           // 1e5 value, plenty for 25000
    s.wool[kGolden] = 9999.999;
    apply_rejected(s, Action::buy_building(kT0, "factory", 1), ErrorCode::building_locked);

    SUBCASE("exactly 1e4 golden, and the price is paid from that golden wool") {
        State t = new_game(rules(), "p-1", kT0);
        t.buildings[building("transport")] = 5;
        t.wool[kGolden] = 1e4;  // the only wool: 1.2e5 value
        const ActionResult r = apply_ok(t, Action::buy_building(kT0, "factory", 1));
        CHECK(r.valuePaid == near(25000.0));
        CHECK(t.buildings[building("factory")] == 1);
        CHECK(t.wool[kGolden] == near(7916.666666666667));  // 1e4 - 25000 / 12: below 1e4 afterwards
    }
    SUBCASE("golden wool produced by the advance before the purchase counts") {
        State t = s;
        t.wool[kGolden] = 9990;
        t.runValue = 1e4;  // golden unlocked: transport 5 makes 10 * 5 * 0.6 = 30 golden/s
        apply_rejected(t, Action::buy_building(kT0, "factory", 1), ErrorCode::building_locked);
        apply_ok(t, Action::buy_building(kT0 + 1000, "factory", 1));  // 9990 + 30 = 10020 >= 1e4
        CHECK(t.buildings[building("factory")] == 1);
    }
    SUBCASE("transport >= 5 is needed too") {
        State t = s;
        t.wool[kGolden] = 2e4;
        t.buildings[building("transport")] = 4;
        apply_rejected(t, Action::buy_building(kT0, "factory", 1), ErrorCode::building_locked);
    }
}

TEST_CASE("upgrade_locked ranks above insufficient_funds") {
    State s = new_game(rules(), "p-1", kT0);
    s.buildings[building("barn")] = 9;
    apply_rejected(s, Action::buy_upgrade(kT0, "caffeine_pills"), ErrorCode::upgrade_locked);  // no wool either
    apply_rejected(s, Action::buy_upgrade(kT0, "ai_management"), ErrorCode::upgrade_locked);   // needs auto_clicker
    s.totalPrestiges = 9;
    apply_rejected(s, Action::buy_upgrade(kT0, "genetic_enhancement"), ErrorCode::upgrade_locked);
    s.wool[kSilver] = 5000;
    s.buildings[building("barn")] = 10;
    apply_ok(s, Action::buy_upgrade(kT0, "caffeine_pills"));
    CHECK(s.owns_upgrade(rules().find_upgrade("caffeine_pills")));
    CHECK(s.wool[kSilver] == 0.0);  // 5000 value paid exactly
}

// ---- prestige -----------------------------------------------------------------------------------

TEST_CASE("prestige_not_ready ranks above soul_shears_mismatch") {
    State s = new_game(rules(), "p-1", kT0);
    Action a = Action::prestige(kT0);
    apply_rejected(s, Action::prestige(kT0), ErrorCode::prestige_not_ready);
    a.expectedSoulShears = 1;  // would also mismatch the (zero) pending gain
    apply_rejected(s, a, ErrorCode::prestige_not_ready);
    s.totalPrestiges = 1;
    s.runValue = 9e7;  // below the second threshold 1e8; floor(log10(90)) = 1 would match
    apply_rejected(s, a, ErrorCode::prestige_not_ready);
    s.totalPrestiges = 0;
    s.runValue = 1e7;  // gain floor(log10(1e7 / 1e6)) = 1
    a.expectedSoulShears = 2;
    apply_rejected(s, a, ErrorCode::soul_shears_mismatch);
    a.expectedSoulShears = 1;
    const ActionResult r = apply_ok(s, a);
    CHECK(r.soulShearsGained == 1.0);
}

// ---- rate limit ---------------------------------------------------------------------------------

TEST_CASE("rate_limited: a full burst allows 20 clicks, then 20 per second") {
    State s = new_game(rules(), "p-1", kT0);
    apply_rejected(s, Action::shear(kT0, 21), ErrorCode::rate_limited);  // 21000 > 20000 milli-tokens
    apply_ok(s, Action::shear(kT0, 20));
    CHECK(s.clickTokensMilli == 0);
    apply_rejected(s, Action::shear(kT0, 1), ErrorCode::rate_limited);
    apply_rejected(s, Action::shear(kT0 + 49, 1), ErrorCode::rate_limited);  // 49 * 20 = 980 < 1000
    apply_ok(s, Action::shear(kT0 + 50, 1));                                  // 50 * 20 = 1000
    CHECK(s.clickTokensMilli == 0);
    apply_rejected(s, Action::shear(kT0 + 50, 1), ErrorCode::rate_limited);
    // rate_limited ranks above insufficient_funds/cost_mismatch trivially (shear costs nothing), and
    // below invalid_quantity (checked in the invalid_quantity case).
}

// ---- funds and prices ---------------------------------------------------------------------------

TEST_CASE("insufficient_funds, and it ranks above cost_mismatch") {
    State s = new_game(rules(), "p-1", kT0);
    apply_rejected(s, Action::buy_building(kT0, "barn", 1), ErrorCode::insufficient_funds);
    apply_rejected(s, with_expected_cost(Action::buy_building(kT0, "barn", 1), 999), ErrorCode::insufficient_funds);
    s.wool[kBasic] = 99;  // 9.9 value < 10
    apply_rejected(s, Action::buy_building(kT0, "barn", 1), ErrorCode::insufficient_funds);
    apply_rejected(s, Action::buy_upgrade(kT0, "sharp_shears"), ErrorCode::insufficient_funds);
    s.wool[kBasic] = 100;  // 10 value: exactly enough
    apply_ok(s, Action::buy_building(kT0, "barn", 1));
    CHECK(s.wool[kBasic] == 0.0);
}

TEST_CASE("cost_mismatch: expectedCost more than 1e-9 relative away from the price") {
    State s = new_game(rules(), "p-1", kT0);
    s.wool[kBasic] = 1000;  // 100 value; barn level 1 costs 10
    apply_rejected(s, with_expected_cost(Action::buy_building(kT0, "barn", 1), 10.1), ErrorCode::cost_mismatch);
    apply_rejected(s, with_expected_cost(Action::buy_building(kT0, "barn", 1), 10 * (1 + 2e-9)),
                   ErrorCode::cost_mismatch);
    apply_rejected(s, with_expected_cost(Action::buy_building(kT0, "barn", 2), 10),  // 2 levels cost 21.5
                   ErrorCode::cost_mismatch);
    const ActionResult r = apply_ok(s, with_expected_cost(Action::buy_building(kT0, "barn", 1), 10 * (1 + 5e-10)));
    CHECK(r.valuePaid == 10.0);
    apply_ok(s, with_expected_cost(Action::buy_building(kT0, "barn", 2), 24.725));  // 11.5 + 13.225 (levels 1 and 2)
    CHECK(s.buildings[0] == 3);
}

// ---- effects ------------------------------------------------------------------------------------

TEST_CASE("shear adds count x clickPower basic wool, its value, and totalClicks") {
    State s = new_game(rules(), "p-1", kT0);
    ActionResult r = apply_ok(s, Action::shear(kT0, 5));
    CHECK(r.woolSheared == 5.0);             // 5 * clickPower 1
    CHECK(s.wool[kBasic] == 5.0);
    CHECK(s.runValue == near(0.5));          // 5 * 0.1
    CHECK(s.lifetimeValue == near(0.5));
    CHECK(s.totalClicks == 5);
    CHECK(s.clickTokensMilli == 15000);      // 20000 - 5 * 1000

    // better_tools x2, sharp_shears x1.5 and now first_wool (1.02): clickPower = 2 * 1.5 * 1.02 = 3.06
    s.upgrades |= upgrade_bit("better_tools") | upgrade_bit("sharp_shears");
    REQUIRE(s.achievements == achievement_bit("first_wool"));
    r = apply_ok(s, Action::shear(kT0, 10));
    CHECK(r.woolSheared == near(30.6));           // 10 * 3.06
    CHECK(s.wool[kBasic] == near(35.6));          // 5 + 30.6
    CHECK(s.runValue == near(3.56));              // 0.5 + 3.06
    CHECK(s.lifetimeValue == near(3.56));
    CHECK(s.totalClicks == 15);
    CHECK(s.clickTokensMilli == 5000);
}

TEST_CASE("paying takes the cheapest wool first, with a partial take of the last type") {
    State s = new_game(rules(), "p-1", kT0);
    s.wool[kBasic] = 1000;   // 100 value
    s.wool[kSilver] = 150;   // 150 value
    s.wool[kGolden] = 100;   // 1200 value
    s.wool[kRainbow] = 3;    // 540 value, never reached
    const ActionResult r = apply_ok(s, Action::buy_upgrade(kT0, "sharp_shears"));  // 500
    CHECK(r.valuePaid == 500.0);
    CHECK(s.wool[kBasic] == 0.0);                        // all 100 taken, 400 left to pay
    CHECK(s.wool[kSilver] == 0.0);                       // all 150 taken, 250 left to pay
    CHECK(s.wool[kGolden] == near(79.16666666666667));   // 100 - 250 / 12
    CHECK(s.wool[kRainbow] == 3.0);
}

TEST_CASE("paying: a type worth exactly the remainder is taken whole") {
    State s = new_game(rules(), "p-1", kT0);
    s.wool[kBasic] = 5000;  // 500 value
    s.wool[kSilver] = 7;
    apply_ok(s, Action::buy_upgrade(kT0, "sharp_shears"));
    CHECK(s.wool[kBasic] == 0.0);
    CHECK(s.wool[kSilver] == 7.0);

    State t = new_game(rules(), "p-1", kT0);
    t.wool[kBasic] = 4990;  // 499 value, plus silver 1 = 500: affordable in sum only
    t.wool[kSilver] = 1;
    apply_ok(t, Action::buy_upgrade(kT0, "sharp_shears"));
    CHECK(t.wool[kBasic] == 0.0);
    CHECK(t.wool[kSilver] == 0.0);

    State u = new_game(rules(), "p-1", kT0);  // a building price paid from basic then silver
    u.wool[kBasic] = 50;   // 5 value
    u.wool[kSilver] = 20;  // 20 value
    apply_ok(u, Action::buy_building(kT0, "barn", 1));  // 10
    CHECK(u.wool[kBasic] == 0.0);
    CHECK(u.wool[kSilver] == near(15.0));  // 20 - (10 - 5) / 1
}

TEST_CASE("achievements are evaluated at the end of each successful action") {
    SUBCASE("first_wool after the first shear") {
        State s = new_game(rules(), "p-1", kT0);
        const ActionResult r = apply_ok(s, Action::shear(kT0, 1));  // no time passes: only the click
        CHECK(r.achievementsUnlocked == achievement_bit("first_wool"));
        CHECK(s.achievements == achievement_bit("first_wool"));
    }
    SUBCASE("first_building after the first building") {
        State s = new_game(rules(), "p-1", kT0);
        s.wool[kBasic] = 100;
        const ActionResult r = apply_ok(s, Action::buy_building(kT0, "barn", 1));
        CHECK(r.achievementsUnlocked == achievement_bit("first_building"));  // lifetimeValue still 0
        CHECK(s.achievements == achievement_bit("first_building"));
    }
    SUBCASE("industrialist at 10 levels in total") {
        State s = new_game(rules(), "p-1", kT0);
        s.wool[kSilver] = 1e6;
        s.buildings[building("barn")] = 5;
        s.buildings[building("shears")] = 4;
        s.achievements = achievement_bit("first_building");
        const ActionResult r = apply_ok(s, Action::buy_building(kT0, "barn", 1));
        CHECK(r.achievementsUnlocked == achievement_bit("industrialist"));
    }
    SUBCASE("automation_master once both auto_clicker and ai_management are owned") {
        State s = new_game(rules(), "p-1", kT0);
        s.wool[kSilver] = 1e8;
        s.upgrades |= upgrade_bit("auto_clicker");
        const ActionResult r = apply_ok(s, Action::buy_upgrade(kT0, "ai_management"));
        CHECK(r.achievementsUnlocked == achievement_bit("automation_master"));
        CHECK(s.has_achievement(rules().find_achievement("automation_master")));
    }
    SUBCASE("not on a rejected action") {
        State s = new_game(rules(), "p-1", kT0);
        s.lifetimeValue = 5;  // first_wool's condition holds but it has not been evaluated yet
        apply_rejected(s, Action::buy_building(kT0, "barn", 1), ErrorCode::insufficient_funds);
        CHECK(s.achievements == 0u);
        const ActionResult r = apply_ok(s, Action::tick(kT0));
        CHECK(r.achievementsUnlocked == achievement_bit("first_wool"));
    }
}
