// Building prices (docs/rules.md §3) and the quantities of buy_building (§10): single prices, bulk
// prices against the plain sum of single prices, cost multipliers from upgrades and events, "max",
// and the level cap.
#include <cmath>
#include <string>

#include "test_support.hpp"

using namespace lwtest;

namespace {


constexpr int kBasic = 0;

double price_at(const Ruleset& rs, int b, std::int32_t level, std::uint64_t upgrades = 0) {
    State s = new_game(rs, "p-1", kT0);
    s.buildings[b] = level;
    s.upgrades = upgrades;
    return building_price(rs, s, b, kT0);
}

// The definition of a bulk price: the plain sum of the n single prices baseCost * r^L * costMult,
// with r^L built by repeated multiplication (independent of the engine's power function).
double plain_sum(const Building& b, std::int64_t level, std::int64_t n, double costMult) {
    double rL = 1;
    for (std::int64_t i = 0; i < level; ++i) rL *= b.costMultiplier;
    double sum = 0;
    for (std::int64_t i = 0; i < n; ++i) {
        sum += b.baseCost * rL * costMult;
        rL *= b.costMultiplier;
    }
    return sum;
}

// The default ruleset with the barn's cost multiplier lowered to 1.0001, so that 10000 levels and
// levels near the 100000 cap have finite prices.
const Ruleset& cheap_barn_rules() {
    static const Ruleset rs = ruleset_replacing(R"("costMultiplier": 1.15)", R"("costMultiplier": 1.0001)");
    return rs;
}

}  // namespace

TEST_CASE("the price of the level after L is baseCost x r^L x costMult") {
    const int barn = building("barn");
    CHECK(price_at(rules(), barn, 0) == near(10.0));
    CHECK(price_at(rules(), barn, 1) == near(11.5));                // 10 * 1.15
    CHECK(price_at(rules(), barn, 2) == near(13.225));              // 10 * 1.15^2 = 10 * 1.3225
    CHECK(price_at(rules(), barn, 10) == near(40.45557735707907));  // 10 * 1.3225^5 = 10 * 4.0455577357...
    CHECK(price_at(rules(), building("shears"), 3) == near(172.8));  // 100 * 1.2^3 = 100 * 1.728
    CHECK(price_at(rules(), building("transport"), 1) == near(1250.0));        // 1000 * 1.25
    CHECK(price_at(rules(), building("dimensionGate"), 2) == near(2.25e12));   // 1e12 * 1.5^2
    // workflow_optimization: costMult 0.9
    CHECK(price_at(rules(), building("factory"), 0, upgrade_bit("workflow_optimization")) == near(22500.0));
    CHECK(price_at(rules(), barn, 2, upgrade_bit("workflow_optimization")) == near(11.9025));  // 13.225 * 0.9
}

TEST_CASE("workflow_optimization and a buildingCost event multiply") {
    // Summer Fair x0.75 on [kT0, kT0 + 1 h).
    const Ruleset rs = ruleset_with_events(R"([{"id": "summer_fair", "startMs": 1700000000000,
        "endMs": 1700003600000, "effects": {"buildingCost": 0.75}}])");
    State s = new_game(rs, "p-1", kT0);
    CHECK(building_cost_multiplier(rs, s, kT0) == near(0.75));
    s.upgrades |= upgrade_bit("workflow_optimization");
    CHECK(building_cost_multiplier(rs, s, kT0) == near(0.675));            // 0.9 * 0.75
    CHECK(building_cost_multiplier(rs, s, kT0 + 3599999) == near(0.675));
    CHECK(building_cost_multiplier(rs, s, kT0 + 3600000) == near(0.9));     // window over
    CHECK(building_cost_multiplier(rs, s, kT0 - 1) == near(0.9));           // not started
    s.buildings[0] = 2;
    CHECK(building_price(rs, s, 0, kT0) == near(8.926875));   // 10 * 1.3225 * 0.675
    CHECK(building_price(rs, s, 0, kT0 + 3600000) == near(11.9025));  // 13.225 * 0.9

    // A purchase during the window pays the reduced price.
    s.buildings[0] = 0;
    s.wool[kBasic] = 1000;  // 100 value
    const ActionResult r = apply_ok(s, Action::buy_building(kT0, "barn", 1), rs);
    CHECK(r.valuePaid == near(6.75));           // 10 * 0.675
    CHECK(s.wool[kBasic] == near(932.5));       // 1000 - 6.75 / 0.1
}

TEST_CASE("bulk prices by hand") {
    const int barn = building("barn");
    State s = new_game(rules(), "p-1", kT0);
    CHECK(building_bulk_price(rules(), s, barn, 1, kT0) == near(10.0));
    CHECK(building_bulk_price(rules(), s, barn, 2, kT0) == near(21.5));    // 10 + 11.5
    CHECK(building_bulk_price(rules(), s, barn, 3, kT0) == near(34.725));  // 10 + 11.5 + 13.225
    CHECK(building_bulk_price(rules(), s, building("shears"), 3, kT0) == near(364.0));  // 100 + 120 + 144
    s.buildings[barn] = 1;
    CHECK(building_bulk_price(rules(), s, barn, 2, kT0) == near(24.725));  // 11.5 + 13.225

    // A purchase pays exactly the bulk price.
    State t = new_game(rules(), "p-1", kT0);
    t.wool[kBasic] = 1000;
    const ActionResult r = apply_ok(t, Action::buy_building(kT0, "barn", 3));
    CHECK(r.levelsBought == 3);
    CHECK(r.valuePaid == near(34.725));
    CHECK(t.buildings[barn] == 3);
    CHECK(t.wool[kBasic] == near(652.75));  // 1000 - 34.725 / 0.1
}

TEST_CASE("bulk prices agree with the plain sum of single prices within 1e-9 relative") {
    struct Case {
        const char* building;
        std::int32_t level;
    };
    const Case cases[] = {{"barn", 0},    {"barn", 37},      {"shears", 250},         {"transport", 5},
                          {"factory", 1000}, {"lab", 3},     {"timeMachine", 20},     {"dimensionGate", 500}};
    const std::int64_t quantities[] = {1, 2, 10, 100};
    for (const std::uint64_t upgrades : {std::uint64_t{0}, upgrade_bit("workflow_optimization")}) {
        const double costMult = upgrades ? 0.9 : 1.0;
        for (const Case& c : cases) {
            const int b = building(c.building);
            State s = new_game(rules(), "p-1", kT0);
            s.buildings[b] = c.level;
            s.upgrades = upgrades;
            for (const std::int64_t n : quantities) {
                CAPTURE(c.building);
                CAPTURE(c.level);
                CAPTURE(n);
                CAPTURE(costMult);
                const double bulk = building_bulk_price(rules(), s, b, n, kT0);
                const double sum = plain_sum(rules().buildings[b], c.level, n, costMult);
                REQUIRE(std::isfinite(sum));
                CHECK(rel_diff(bulk, sum) <= 1e-9);
            }
        }
    }
}

TEST_CASE("bulk price of 10000 levels") {
    // Default ruleset: 1.15^10000 is far beyond binary64, so both the sum and the bulk price overflow.
    const State s = new_game(rules(), "p-1", kT0);
    CHECK_FALSE(std::isfinite(plain_sum(rules().buildings[0], 0, 10000, 1.0)));
    CHECK_FALSE(std::isfinite(building_bulk_price(rules(), s, 0, 10000, kT0)));

    // Barn with r = 1.0001: 10 * (1.0001^10000 - 1) / 0.0001 = 10 * 1.7181459... / 0.0001 = 171814.59...
    const Ruleset& rs = cheap_barn_rules();
    REQUIRE(rs.buildings[0].costMultiplier == 1.0001);
    const State c = new_game(rs, "p-1", kT0);
    const double bulk = building_bulk_price(rs, c, 0, 10000, kT0);
    CHECK(bulk == doctest::Approx(171814.59).epsilon(1e-7));
    CHECK(rel_diff(bulk, plain_sum(rs.buildings[0], 0, 10000, 1.0)) <= 1e-9);
    State high = c;
    high.buildings[0] = 50000;
    CHECK(rel_diff(building_bulk_price(rs, high, 0, 10000, kT0), plain_sum(rs.buildings[0], 50000, 10000, 1.0)) <=
          1e-9);
}

TEST_CASE("buy max buys the largest affordable quantity") {
    State s = new_game(rules(), "p-1", kT0);
    s.buildings[0] = 7;
    s.wool[kBasic] = 12345;  // 1234.5 value
    // From level 7: sum = 10 * 1.15^7 * (1.15^n - 1) / 0.15 = 177.3347 * (1.15^n - 1)
    //   n = 14: 177.3347 * (7.0757058 - 1) = 1077.43 <= 1234.5
    //   n = 15: 177.3347 * (8.1370616 - 1) = 1265.65 >  1234.5
    CHECK(building_bulk_price(rules(), s, 0, 14, kT0) <= 1234.5);
    CHECK(building_bulk_price(rules(), s, 0, 15, kT0) > 1234.5);
    CHECK(building_bulk_price(rules(), s, 0, 14, kT0) == near(1077.4332080946));  // (hand value above)
    const ActionResult r = apply_ok(s, Action::buy_building_max(kT0, "barn"));
    CHECK(r.levelsBought == 14);
    CHECK(s.buildings[0] == 21);
    CHECK(r.valuePaid == doctest::Approx(1077.4332080946).epsilon(1e-10));
    CHECK(s.wool[kBasic] == doctest::Approx(1570.667919054).epsilon(1e-10));  // (1234.5 - 1077.4332081) / 0.1
}

TEST_CASE("buy max buys at most 10000 levels, and no more than the level cap allows") {
    const Ruleset& rs = cheap_barn_rules();
    State s = new_game(rs, "p-1", kT0);
    s.wool[kBasic] = 1e301;  // 1e300 value: everything is affordable
    ActionResult r = apply_ok(s, Action::buy_building_max(kT0, "barn"), rs);
    CHECK(r.levelsBought == 10000);
    CHECK(s.buildings[0] == 10000);
    CHECK(r.valuePaid == doctest::Approx(171814.59).epsilon(1e-7));  // as computed above

    s.buildings[0] = 99995;
    r = apply_ok(s, Action::buy_building_max(kT0, "barn"), rs);
    CHECK(r.levelsBought == 5);  // 100000 - 99995
    CHECK(s.buildings[0] == 100000);
    apply_rejected(s, Action::buy_building_max(kT0, "barn"), ErrorCode::invalid_quantity, rs);
}

TEST_CASE("buy max with nothing affordable is insufficient_funds") {
    State s = new_game(rules(), "p-1", kT0);
    apply_rejected(s, Action::buy_building_max(kT0, "barn"), ErrorCode::insufficient_funds);
    s.wool[kBasic] = 99;  // 9.9 value < 10
    apply_rejected(s, Action::buy_building_max(kT0, "barn"), ErrorCode::insufficient_funds);
}

TEST_CASE("levels never exceed 100000: invalid_quantity") {
    State s = new_game(rules(), "p-1", kT0);
    s.wool[kBasic] = 1e300;
    s.buildings[0] = 100000;
    apply_rejected(s, Action::buy_building(kT0, "barn", 1), ErrorCode::invalid_quantity);
    apply_rejected(s, Action::buy_building_max(kT0, "barn"), ErrorCode::invalid_quantity);
    s.buildings[0] = 99999;
    apply_rejected(s, Action::buy_building(kT0, "barn", 2), ErrorCode::invalid_quantity);
    // One more level is a valid quantity; at 10 * 1.15^99999 it is just not affordable.
    apply_rejected(s, Action::buy_building(kT0, "barn", 1), ErrorCode::insufficient_funds);

    const Ruleset& rs = cheap_barn_rules();  // where the last level is affordable
    State c = new_game(rs, "p-1", kT0);
    c.wool[kBasic] = 1e300;
    c.buildings[0] = 99999;
    apply_rejected(c, Action::buy_building(kT0, "barn", 2), ErrorCode::invalid_quantity, rs);
    apply_ok(c, Action::buy_building(kT0, "barn", 1), rs);
    CHECK(c.buildings[0] == 100000);
}
