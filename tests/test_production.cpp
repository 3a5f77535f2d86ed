// The production rule of docs/rules.md §4, one multiplier at a time. States are built by setting
// State fields directly so that each case isolates the factor it names; every expected value is
// worked out by hand from the formulas of §4 and the tables of §2, §3 and §6.
#include <cmath>

#include "test_support.hpp"

using namespace lwtest;

namespace {


constexpr int kBasic = 0, kSilver = 1, kGolden = 2, kRainbow = 3, kQuantum = 9;

Production produce_now(const State& s) { return compute_production(rules(), s, s.lastUpdateMs); }

}  // namespace

TEST_CASE("a new game produces only the starting llama's basic wool") {
    const State s = new_game(rules(), "p-1", kT0);
    const Production p = produce_now(s);
    CHECK(p.raw[kBasic] == 1.0);      // the starting llama
    CHECK(p.rate[kBasic] == 1.0);     // 1 * productionRate 1 * M_global 1
    for (int w = 1; w < rules().wool_count(); ++w) CHECK(p.rate[w] == 0.0);
    CHECK(p.valueRate == near(0.1));  // 1 basic/s * baseValue 0.1
    CHECK(p.clickPower == 1.0);       // 1 * U_click 1 * M_global 1
    CHECK(p.unlockedMask == 1u);      // only basic (unlockValue 0) at runValue 0
    CHECK(p.multipliers.total == 1.0);
    CHECK(p.multipliers.buildings == 1.0);
}

TEST_CASE("buildings add baseProduction x level x B_eff to each type they produce") {
    State s = new_game(rules(), "p-1", kT0);
    s.buildings[building("barn")] = 3;
    Production p = produce_now(s);
    CHECK(p.raw[kBasic] == near(2.5));   // 1 + 0.5 * 3
    CHECK(p.raw[kSilver] == near(1.5));  // 0.5 * 3
    CHECK(p.rate[kBasic] == near(2.5));  // 2.5 * 1 * 1
    CHECK(p.rate[kSilver] == 0.0);       // silver locked: runValue 0 < 100
    CHECK(p.valueRate == near(0.25));    // 2.5 * 0.1

    s.runValue = 100;  // silver unlocks at runValue >= 100 (inclusive)
    p = produce_now(s);
    CHECK(p.unlockedMask == 0b11u);
    CHECK(p.rate[kSilver] == near(1.2));  // 1.5 * productionRate 0.8
    CHECK(p.valueRate == near(1.45));     // 2.5 * 0.1 + 1.2 * 1

    s.runValue = std::nextafter(100.0, 0.0);  // a hair below the unlock value
    p = produce_now(s);
    CHECK(p.unlockedMask == 1u);
    CHECK(p.rate[kSilver] == 0.0);
}

TEST_CASE("locked wool types produce nothing even when buildings make raw wool for them") {
    State s = new_game(rules(), "p-1", kT0);
    s.buildings[building("transport")] = 5;  // produces silver and golden
    Production p = produce_now(s);
    CHECK(p.raw[kSilver] == near(50.0));  // 10 * 5
    CHECK(p.raw[kGolden] == near(50.0));
    CHECK(p.rate[kSilver] == 0.0);        // runValue 0 < 100
    CHECK(p.rate[kGolden] == 0.0);        // runValue 0 < 1e4
    CHECK(p.valueRate == near(0.1));      // only the llama's basic wool: 1 * 0.1

    s.runValue = 9999;  // silver unlocked, golden not yet
    p = produce_now(s);
    CHECK(p.unlockedMask == 0b11u);
    CHECK(p.rate[kSilver] == near(40.0));  // 50 * 0.8
    CHECK(p.rate[kGolden] == 0.0);

    s.runValue = 1e21;  // every type unlocked (quantum at 1e21)
    s.buildings[building("dimensionGate")] = 1;
    p = produce_now(s);
    CHECK(p.unlockedMask == 0x3FFu);
    CHECK(p.rate[kQuantum] == near(250.0));  // 25000 * 1 * productionRate 0.01
}

TEST_CASE("valueRate is the sum of rate x baseValue over all types") {
    State s = new_game(rules(), "p-1", kT0);
    s.buildings[building("factory")] = 2;  // golden and rainbow, 50 per level
    s.runValue = 1e6;                      // rainbow unlocks at 1e6
    const Production p = produce_now(s);
    CHECK(p.rate[kBasic] == near(1.0));
    CHECK(p.rate[kSilver] == 0.0);          // unlocked but nothing produces it
    CHECK(p.rate[kGolden] == near(60.0));   // 50 * 2 * 0.6
    CHECK(p.rate[kRainbow] == near(40.0));  // 50 * 2 * 0.4
    CHECK(p.valueRate == near(7920.1));     // 1 * 0.1 + 60 * 12 + 40 * 180 = 0.1 + 720 + 7200
}

TEST_CASE("U_production is the product of the owned production upgrades") {
    State s = new_game(rules(), "p-1", kT0);
    s.upgrades |= upgrade_bit("sharp_shears");
    Production p = produce_now(s);
    CHECK(p.multipliers.upgrades == near(1.5));
    CHECK(p.rate[kBasic] == near(1.5));  // 1 * 1.5

    s.upgrades |= upgrade_bit("caffeine_pills");
    p = produce_now(s);
    CHECK(p.multipliers.upgrades == near(1.875));  // 1.5 * 1.25
    CHECK(p.rate[kBasic] == near(1.875));

    s.upgrades |= upgrade_bit("genetic_enhancement") | upgrade_bit("neural_network") |
                  upgrade_bit("quantum_computing");
    p = produce_now(s);
    CHECK(p.multipliers.upgrades == near(67.5));  // 1.5 * 1.25 * 6 * 2 * 3
    CHECK(p.rate[kBasic] == near(67.5));
    CHECK(p.multipliers.total == near(67.5));
    CHECK(p.clickPower == near(67.5));  // clickPower carries M_global too
    // Non-production upgrades leave U_production alone.
    s.upgrades = upgrade_bit("better_tools") | upgrade_bit("night_shift") | upgrade_bit("selective_breeding");
    CHECK(produce_now(s).multipliers.upgrades == 1.0);
}

TEST_CASE("each unlocked achievement adds 2% to M_global") {
    State s = new_game(rules(), "p-1", kT0);
    s.achievements = achievement_bit("first_wool") | achievement_bit("first_building") |
                     achievement_bit("dedicated_player");
    s.buildings[building("barn")] = 2;
    const Production p = produce_now(s);
    CHECK(p.multipliers.achievements == near(1.06));  // 1 + 0.02 * 3
    CHECK(p.rate[kBasic] == near(2.12));              // (1 + 0.5 * 2) * 1.06
    CHECK(p.clickPower == near(1.06));
}

TEST_CASE("soul shears: M_global x (1 + 0.10 SS), building output x (1 + 0.05 SS)") {
    State s = new_game(rules(), "p-1", kT0);
    s.soulShears = 2;
    s.buildings[building("barn")] = 4;
    s.runValue = 100;
    const Production p = produce_now(s);
    CHECK(p.multipliers.prestige == near(1.2));   // 1 + 0.10 * 2
    CHECK(p.multipliers.buildings == near(1.1));  // B_eff = 1 * (1 + 0.05 * 2)
    // The starting llama is not building output: B_eff does not touch its 1.
    CHECK(p.raw[kBasic] == near(3.2));            // 1 + 0.5 * 4 * 1.1
    CHECK(p.rate[kBasic] == near(3.84));          // 3.2 * 1.2
    CHECK(p.raw[kSilver] == near(2.2));           // 0.5 * 4 * 1.1
    CHECK(p.rate[kSilver] == near(2.112));        // 2.2 * 0.8 * 1.2
    CHECK(p.clickPower == near(1.2));             // clicks get M_global but not B_eff
}

TEST_CASE("smart_scheduling multiplies building output (U_building), together with soul shears") {
    State s = new_game(rules(), "p-1", kT0);
    s.upgrades |= upgrade_bit("smart_scheduling");
    s.buildings[building("shears")] = 5;
    Production p = produce_now(s);
    CHECK(p.multipliers.buildings == near(1.1));
    CHECK(p.raw[kBasic] == near(12.0));  // 1 + 2 * 5 * 1.1
    CHECK(p.rate[kBasic] == near(12.0)); // M_global stays 1
    CHECK(p.clickPower == 1.0);          // U_building is not a click or global factor

    s.soulShears = 2;
    p = produce_now(s);
    CHECK(p.multipliers.buildings == near(1.21));  // 1.1 * (1 + 0.05 * 2)
    CHECK(p.raw[kBasic] == near(13.1));            // 1 + 2 * 5 * 1.21
    CHECK(p.rate[kBasic] == near(15.72));          // 13.1 * 1.2
}

TEST_CASE("U_rare multiplies only the rare types (index >= 2)") {
    State s = new_game(rules(), "p-1", kT0);
    s.buildings[building("shears")] = 5;  // basic, silver, golden: 2 per level
    s.runValue = 1e4;                     // golden unlocked
    Production p = produce_now(s);
    CHECK(p.rate[kGolden] == near(6.0));  // 10 * 0.6
    CHECK(p.valueRate == near(81.1));     // 11 * 0.1 + 8 * 1 + 6 * 12

    s.upgrades |= upgrade_bit("selective_breeding");
    p = produce_now(s);
    CHECK(p.multipliers.rare == near(2.0));
    CHECK(p.rate[kBasic] == near(11.0));   // 1 + 10, not doubled
    CHECK(p.rate[kSilver] == near(8.0));   // 10 * 0.8, not doubled
    CHECK(p.rate[kGolden] == near(12.0));  // 10 * 0.6 * 2
    CHECK(p.valueRate == near(153.1));     // 1.1 + 8 + 12 * 12
    CHECK(p.clickPower == 1.0);
}

TEST_CASE("clickPower = 1 x U_click x M_global") {
    State s = new_game(rules(), "p-1", kT0);
    s.upgrades |= upgrade_bit("better_tools");
    Production p = produce_now(s);
    CHECK(p.multipliers.click == near(2.0));
    CHECK(p.clickPower == near(2.0));
    CHECK(p.rate[kBasic] == near(1.0));  // U_click does not touch passive production

    s.upgrades |= upgrade_bit("sharp_shears");
    s.achievements = achievement_bit("first_wool");
    s.soulShears = 1;
    s.buildings[building("barn")] = 10;  // buildings do not change click power
    p = produce_now(s);
    CHECK(p.clickPower == near(3.366));  // 2 * (1.5 * 1.02 * 1.1)
}

TEST_CASE("auto clicks add autoClicksPerSecond x clickPower to basic wool only") {
    State s = new_game(rules(), "p-1", kT0);
    s.buildings[building("barn")] = 2;
    s.runValue = 100;
    s.upgrades |= upgrade_bit("auto_clicker");
    Production p = produce_now(s);
    CHECK(p.autoClicksPerSecond == near(1.0));
    CHECK(p.rate[kBasic] == near(3.0));   // (1 + 0.5 * 2) + 1 * 1
    CHECK(p.rate[kSilver] == near(0.8));  // 0.5 * 2 * 0.8, no auto clicks

    s.upgrades |= upgrade_bit("ai_management");
    p = produce_now(s);
    CHECK(p.autoClicksPerSecond == near(6.0));  // 1 + 5
    CHECK(p.rate[kBasic] == near(8.0));         // 2 + 6 * 1

    s.upgrades |= upgrade_bit("better_tools");
    CHECK(produce_now(s).rate[kBasic] == near(14.0));  // 2 + 6 * (1 * 2)

    s.upgrades |= upgrade_bit("sharp_shears");
    p = produce_now(s);
    CHECK(p.clickPower == near(3.0));            // 2 * 1.5
    CHECK(p.rate[kBasic] == near(21.0));         // 2 * 1.5 + 6 * 3
    CHECK(p.rate[kSilver] == near(1.2));         // 1 * 0.8 * 1.5
    CHECK(p.valueRate == near(3.3));             // 21 * 0.1 + 1.2 * 1
}

TEST_CASE("all factors together") {
    State s = new_game(rules(), "p-1", kT0);
    s.soulShears = 4;
    s.achievements = achievement_bit("first_wool") | achievement_bit("wool_collector");
    s.upgrades = upgrade_bit("sharp_shears") | upgrade_bit("smart_scheduling") |
                 upgrade_bit("selective_breeding") | upgrade_bit("better_tools") | upgrade_bit("auto_clicker");
    s.buildings[building("transport")] = 3;
    s.runValue = 1e4;
    const Production p = produce_now(s);
    // M_global = 1.5 * (1 + 0.02 * 2) * (1 + 0.10 * 4) = 1.5 * 1.04 * 1.4 = 2.184
    CHECK(p.multipliers.total == near(2.184));
    // B_eff = 1.1 * (1 + 0.05 * 4) = 1.32
    CHECK(p.multipliers.buildings == near(1.32));
    // clickPower = 2 * 2.184 = 4.368
    CHECK(p.clickPower == near(4.368));
    // basic: llama 1 * 2.184 + 1 auto click * 4.368 = 6.552 (transport makes no basic)
    CHECK(p.rate[kBasic] == near(6.552));
    // silver: 10 * 3 * 1.32 = 39.6 raw; * 0.8 * 2.184 = 69.18912
    CHECK(p.rate[kSilver] == near(69.18912));
    // golden: 39.6 raw * 0.6 * 2.184 * U_rare 2 = 103.78368
    CHECK(p.rate[kGolden] == near(103.78368));
    // valueRate = 6.552 * 0.1 + 69.18912 * 1 + 103.78368 * 12 = 0.6552 + 69.18912 + 1245.40416
    CHECK(p.valueRate == near(1315.24848));
}
