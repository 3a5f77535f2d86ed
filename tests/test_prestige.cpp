// Prestige (docs/rules.md §9): the threshold 10^(6 + 2L), the gain floor(log10(runValue / 1e6))
// times the event multiplier, exact behaviour at powers of ten, the reset, and expectedSoulShears.
#include <cmath>
#include <limits>

#include "test_support.hpp"

using namespace lwtest;

namespace {

State with_run(std::int64_t totalPrestiges, double runValue) {
    State s = new_game(rules(), "p-1", kT0);
    s.totalPrestiges = totalPrestiges;
    s.runValue = runValue;
    s.lifetimeValue = runValue;
    return s;
}

// Checks readiness and pending gain for (L, runValue) with the default ruleset at kT0.
void check_gain(std::int64_t L, double runValue, double expectedGain) {
    CAPTURE(L);
    CAPTURE(runValue);
    const State s = with_run(L, runValue);
    CHECK(prestige_ready(rules(), s, kT0) == (expectedGain >= 1));
    CHECK(pending_soul_shears(rules(), s, kT0) == expectedGain);
}

double below(double x) { return std::nextafter(x, 0.0); }

}  // namespace

TEST_CASE("first prestige: threshold 1e6, gain floor(log10(runValue / 1e6))") {
    check_gain(0, 0, 0);
    check_gain(0, 999999, 0);             // below the threshold 10^6
    check_gain(0, 1e6, 0);                // threshold reached but floor(log10(1)) = 0
    check_gain(0, 5e6, 0);                // floor(log10(5)) = 0
    check_gain(0, below(1e7), 0);         // floor(log10(9.999...)) = 0
    check_gain(0, 1e7, 1);                // floor(log10(10)) = 1
    check_gain(0, 5e7, 1);                // floor(log10(50)) = 1
    check_gain(0, below(1e8), 1);         // floor(log10(99.99...)) = 1
    check_gain(0, 1e8, 2);                // floor(log10(100)) = 2
    check_gain(0, 1e9, 3);
    check_gain(0, below(1e9), 2);
    check_gain(0, 1e22, 16);              // floor(log10(1e16)) = 16 (1e22 is exact in binary64)
}

TEST_CASE("the threshold rises by two powers of ten per prestige") {
    // L = 1: threshold 10^8. Just below it the gain would be 1, but prestige is not allowed.
    check_gain(1, below(1e8), 0);
    check_gain(1, 1e8, 2);                // floor(log10(1e2)) = 2
    check_gain(1, 1e9, 3);
    // L = 2: threshold 10^10.
    check_gain(2, 9.99e9, 0);             // gain would be 3
    check_gain(2, 1e10, 4);
    // L = 5: threshold 10^16.
    check_gain(5, below(1e16), 0);
    check_gain(5, 1e16, 10);
    // L = 151: threshold 10^308, still reachable.
    check_gain(151, std::numeric_limits<double>::max(), 302);  // floor(log10(1.797e308 / 1e6)) = 302
    // L = 152: threshold 10^310 is beyond binary64: prestige is no longer possible.
    check_gain(152, std::numeric_limits<double>::max(), 0);
}

TEST_CASE("a prestige event multiplies the gain while active") {
    // Prestige Bonus x2 on [kT0, kT0 + 1 h).
    const Ruleset rs = ruleset_with_events(R"([{"id": "prestige_bonus", "startMs": 1700000000000,
        "endMs": 1700003600000, "effects": {"prestige": 2}}])");
    State s = new_game(rs, "p-1", kT0);
    s.runValue = 1e7;
    CHECK(pending_soul_shears(rs, s, kT0) == 2.0);            // 1 * 2
    CHECK(pending_soul_shears(rs, s, kT0 + 3599999) == 2.0);
    CHECK(pending_soul_shears(rs, s, kT0 + 3600000) == 1.0);  // window over
    CHECK(pending_soul_shears(rs, s, kT0 - 1) == 1.0);        // not started
    s.runValue = 1e8;
    CHECK(pending_soul_shears(rs, s, kT0) == 4.0);            // 2 * 2
    s.runValue = 5e6;                                         // 0 * 2 = 0: still not ready
    CHECK_FALSE(prestige_ready(rs, s, kT0));
    CHECK(pending_soul_shears(rs, s, kT0) == 0.0);

    s.runValue = 1e7;
    Action a = Action::prestige(kT0 + 1000);
    a.expectedSoulShears = 2;
    const ActionResult r = apply_ok(s, a, rs);
    CHECK(r.soulShearsGained == 2.0);
    CHECK(s.soulShears == 2.0);
}

TEST_CASE("a prestige multiplier below 1 can make the gain too small to prestige") {
    const Ruleset rs = ruleset_with_events(R"([{"id": "prestige_malus", "startMs": 1700000000000,
        "endMs": 1700003600000, "effects": {"prestige": 0.5}}])");
    State s = new_game(rs, "p-1", kT0);
    s.runValue = 1e7;  // 1 * 0.5 = 0.5 < 1
    CHECK_FALSE(prestige_ready(rs, s, kT0));
    apply_rejected(s, Action::prestige(kT0), ErrorCode::prestige_not_ready, rs);
    s.runValue = 1e8;  // 2 * 0.5 = 1
    CHECK(pending_soul_shears(rs, s, kT0) == 1.0);
    s.runValue = 1e9;  // 3 * 0.5 = 1.5
    CHECK(pending_soul_shears(rs, s, kT0) == 1.5);
}

TEST_CASE("prestige resets the run and keeps the rest") {
    State s = new_game(rules(), "p-1", kT0);
    for (int w = 0; w < rules().wool_count(); ++w) s.wool[w] = 1000.0 * (w + 1);
    s.buildings[0] = 50;
    s.buildings[1] = 20;
    s.buildings[3] = 2;
    s.upgrades = upgrade_bit("sharp_shears") | upgrade_bit("night_shift");
    const std::uint64_t achievementsBefore = achievement_bit("first_wool") | achievement_bit("wool_collector") |
                                             achievement_bit("wool_tycoon") | achievement_bit("first_building") |
                                             achievement_bit("industrialist");
    s.achievements = achievementsBefore;
    s.soulShears = 1;
    s.runValue = 1e8;  // gain 2
    s.lifetimeValue = 5e8;
    s.playTimeMs = 123456;
    s.clickTokensMilli = 7000;
    s.totalClicks = 42;

    const ActionResult r = apply_ok(s, Action::prestige(kT0));  // no time passes
    CHECK(r.soulShearsGained == 2.0);
    CHECK(s.soulShears == 3.0);           // 1 + 2
    CHECK(s.totalPrestiges == 1);
    for (int w = 0; w < rules().wool_count(); ++w) CHECK(s.wool[w] == 0.0);
    for (int b = 0; b < rules().building_count(); ++b) CHECK(s.buildings[b] == 0);
    CHECK(s.upgrades == 0u);
    CHECK(s.runValue == 0.0);
    // Kept:
    CHECK(s.lifetimeValue == 5e8);
    CHECK(s.playTimeMs == 123456);
    CHECK(s.clickTokensMilli == 7000);
    CHECK(s.totalClicks == 42);
    CHECK(s.playerId == "p-1");
    CHECK(s.createdMs == kT0);
    // Achievements stay (first_building and industrialist although no building is left), and
    // first_prestige is unlocked at the end of the action.
    CHECK(r.achievementsUnlocked == achievement_bit("first_prestige"));
    CHECK(s.achievements == (achievementsBefore | achievement_bit("first_prestige")));

    // The next prestige needs 10^8 again from a run value of 0.
    apply_rejected(s, Action::prestige(kT0), ErrorCode::prestige_not_ready);
}

TEST_CASE("prestige readiness is judged after the advance that precedes it") {
    State s = with_run(0, 1e7 - 0.05);  // gain 0 now
    apply_rejected(s, Action::prestige(kT0), ErrorCode::prestige_not_ready);
    // 1 s online: + 1 basic/s * 0.1 value = +0.1 -> 1e7 + 0.05 >= 1e7: gain 1.
    const ActionResult r = apply_ok(s, Action::prestige(kT0 + 1000));
    CHECK(r.advance.valueGained == doctest::Approx(0.1).epsilon(1e-9));
    CHECK(r.soulShearsGained == 1.0);
    CHECK(s.totalPrestiges == 1);
}

TEST_CASE("expectedSoulShears must equal the gain") {
    State s = with_run(0, 1e9);  // gain 3
    for (const double wrong : {2.0, 4.0, 0.0, 3.0000001}) {
        Action a = Action::prestige(kT0);
        a.expectedSoulShears = wrong;
        apply_rejected(s, a, ErrorCode::soul_shears_mismatch);
    }
    Action a = Action::prestige(kT0);
    a.expectedSoulShears = 3;
    const ActionResult r = apply_ok(s, a);
    CHECK(r.soulShearsGained == 3.0);
    CHECK(s.soulShears == 3.0);
}

// §9: "floor(log10(x)) is the largest integer k with 10^k <= x, computed exactly". The double
// 1e30 is 1000000000000000019884624838656 >= 10^30, so runValue / 1e6 >= 10^24 exactly and the
// gain is 24. Rounding the quotient to binary64 first would give the double nearest 10^24, which
// is 999999999999999983222784 < 10^24, and a gain of 23.
TEST_CASE("the gain uses the exact quotient runValue / 1e6 (runValue = 1e30 gives 24, not 23)") {
    const State s = with_run(0, 1e30);
    CHECK(pending_soul_shears(rules(), s, kT0) == 24.0);
    // Likewise the smallest double >= 10^34 (the one after 1e34, which itself lies below 10^34):
    // exact gain 28, while its binary64 quotient by 1e6 rounds to the double 1e28 < 10^28.
    CHECK(pending_soul_shears(rules(), with_run(0, std::nextafter(1e34, 1e300)), kT0) == 28.0);
    CHECK(pending_soul_shears(rules(), with_run(0, 1e34), kT0) == 27.0);  // 1e34 < 10^34
}
