// Advancing time (docs/rules.md §5): online and offline gaps, the offline cap and efficiency, the
// click-token refill, and the piecewise-linear production with breakpoints at wool unlocks and
// event window edges (§8). Expected amounts are worked out by hand from §4 and §5.
#include <string>

#include "test_support.hpp"

using namespace lwtest;

namespace {


constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kHour = 3600 * kSecond;
constexpr int kBasic = 0, kSilver = 1;

}  // namespace

TEST_CASE("a gap of up to 5 minutes is online: credited in full at efficiency 1, play time grows") {
    State s = new_game(rules(), "p-1", kT0);
    s.playTimeMs = 1000;
    const AdvanceReport r = advance(rules(), s, kT0 + 300000);
    CHECK_FALSE(r.offline);
    CHECK(r.fromMs == kT0);
    CHECK(r.toMs == kT0 + 300000);
    CHECK(r.creditedMs == 300000);
    CHECK(r.forfeitedMs == 0);
    CHECK(r.efficiency == 1.0);
    CHECK(r.pieces == 1);
    CHECK(s.wool[kBasic] == near(300.0));     // 1 basic/s * 300 s
    CHECK(r.woolGained[kBasic] == near(300.0));
    CHECK(s.runValue == near(30.0));          // 300 * 0.1
    CHECK(s.lifetimeValue == near(30.0));
    CHECK(r.valueGained == near(30.0));
    CHECK(s.playTimeMs == 301000);            // 1000 + 300000
    CHECK(s.lastUpdateMs == kT0 + 300000);
}

TEST_CASE("a gap just over 5 minutes is offline: efficiency 0.8, play time unchanged") {
    State s = new_game(rules(), "p-1", kT0);
    s.playTimeMs = 1000;
    const AdvanceReport r = advance(rules(), s, kT0 + 300001);
    CHECK(r.offline);
    CHECK(r.creditedMs == 300001);
    CHECK(r.forfeitedMs == 0);
    CHECK(r.efficiency == near(0.8));
    CHECK(s.wool[kBasic] == near(240.0008));  // 1 * 0.8 * 300.001 s
    CHECK(s.runValue == near(24.00008));      // 240.0008 * 0.1
    CHECK(s.playTimeMs == 1000);
    CHECK(s.lastUpdateMs == kT0 + 300001);
}

TEST_CASE("offline credit is capped at 24 h and the rest is forfeited") {
    State s = new_game(rules(), "p-1", kT0);
    s.playTimeMs = 5000;
    CHECK(offline_cap_ms(rules(), s) == 24 * kHour);
    const AdvanceReport r = advance(rules(), s, kT0 + 30 * kHour);
    CHECK(r.offline);
    CHECK(r.creditedMs == 86400000);      // 24 h
    CHECK(r.forfeitedMs == 21600000);     // 30 h - 24 h
    CHECK(s.wool[kBasic] == near(69120.0));  // 1 * 0.8 * 86400 s
    CHECK(s.runValue == near(6912.0));       // 69120 * 0.1
    // runValue passed 100 on the way (silver unlocked, though nothing produces silver yet).
    CHECK(r.woolUnlockedMask == (1u << kSilver));
    CHECK(r.pieces == 2);
    CHECK(s.playTimeMs == 5000);
    CHECK(s.lastUpdateMs == kT0 + 30 * kHour);  // the whole gap is consumed, credited or not
}

TEST_CASE("night_shift and time_dilation raise the offline cap and efficiency") {
    State s = new_game(rules(), "p-1", kT0);
    s.upgrades |= upgrade_bit("night_shift");
    CHECK(offline_cap_ms(rules(), s) == 48 * kHour);               // 24 h + 24 h
    CHECK(offline_efficiency(rules(), s, kT0) == near(0.9));       // 0.8 + 0.1
    {
        State t = s;
        const AdvanceReport r = advance(rules(), t, kT0 + 50 * kHour);
        CHECK(r.creditedMs == 172800000);  // 48 h
        CHECK(r.forfeitedMs == 7200000);   // 50 h - 48 h
        CHECK(r.efficiency == near(0.9));
        CHECK(t.wool[kBasic] == near(155520.0));  // 1 * 0.9 * 172800 s
    }
    s.upgrades |= upgrade_bit("time_dilation");
    CHECK(offline_cap_ms(rules(), s) == 72 * kHour);               // 24 h + 24 h + 24 h
    CHECK(offline_efficiency(rules(), s, kT0) == near(1.0));       // 0.8 + 0.1 + 0.1
    const AdvanceReport r = advance(rules(), s, kT0 + 100 * kHour);
    CHECK(r.creditedMs == 259200000);   // 72 h
    CHECK(r.forfeitedMs == 100800000);  // 100 h - 72 h
    CHECK(s.wool[kBasic] == near(259200.0));  // 1 * 1.0 * 259200 s
}

TEST_CASE("the offline cap never exceeds 72 h") {
    // A ruleset whose time_dilation adds 48 h: 24 + 24 + 48 = 96 h, clamped to 72 h.
    const Ruleset rs = ruleset_replacing(R"("offlineCapMs": 86400000}, "requires": [{"upgrade": "night_shift"}])",
                                         R"("offlineCapMs": 172800000}, "requires": [{"upgrade": "night_shift"}])");
    State s = new_game(rs, "p-1", kT0);
    s.upgrades |= upgrade_bit("time_dilation");
    CHECK(offline_cap_ms(rs, s) == 72 * kHour);  // 24 + 48 = 72: exactly at the limit
    s.upgrades |= upgrade_bit("night_shift");
    CHECK(offline_cap_ms(rs, s) == 72 * kHour);  // min(72 h, 96 h)
    const AdvanceReport r = advance(rs, s, kT0 + 100 * kHour);
    CHECK(r.creditedMs == 72 * kHour);
    CHECK(r.forfeitedMs == 28 * kHour);
}

TEST_CASE("offline efficiency adds 0.02 per soul shear and never exceeds 1") {
    State s = new_game(rules(), "p-1", kT0);
    s.soulShears = 3;
    CHECK(offline_efficiency(rules(), s, kT0) == near(0.86));  // 0.8 + 0.02 * 3
    {
        State t = s;
        const AdvanceReport r = advance(rules(), t, kT0 + 400000);
        CHECK(r.offline);
        CHECK(r.efficiency == near(0.86));
        // rate = 1 * (1 + 0.10 * 3) = 1.3 basic/s; 1.3 * 0.86 * 400 s = 447.2
        CHECK(t.wool[kBasic] == near(447.2));
    }
    {
        State t = s;  // online: efficiency 1 whatever the soul shears
        const AdvanceReport r = advance(rules(), t, kT0 + 100000);
        CHECK(r.efficiency == 1.0);
        CHECK(t.wool[kBasic] == near(130.0));  // 1.3 * 100 s
    }
    s.soulShears = 20;
    CHECK(offline_efficiency(rules(), s, kT0) == 1.0);  // min(1, 0.8 + 0.4)
    s.soulShears = 5;
    s.upgrades |= upgrade_bit("night_shift") | upgrade_bit("time_dilation");
    CHECK(offline_efficiency(rules(), s, kT0) == 1.0);  // min(1, 0.8 + 0.2 + 0.1)
    const AdvanceReport r = advance(rules(), s, kT0 + 400000);
    CHECK(r.efficiency == 1.0);
    CHECK(s.wool[kBasic] == near(600.0));  // 1.5 basic/s (SS 5) * 1 * 400 s
}

TEST_CASE("click tokens refill by gap x 20 up to 20000 milli-tokens") {
    State s = new_game(rules(), "p-1", kT0);
    CHECK(s.clickTokensMilli == 20000);
    s.clickTokensMilli = 0;
    advance(rules(), s, kT0 + 100);
    CHECK(s.clickTokensMilli == 2000);   // 0 + 100 * 20
    advance(rules(), s, kT0 + 999);
    CHECK(s.clickTokensMilli == 19980);  // 2000 + 899 * 20
    advance(rules(), s, kT0 + 1000);
    CHECK(s.clickTokensMilli == 20000);  // 19980 + 20
    advance(rules(), s, kT0 + 1001);
    CHECK(s.clickTokensMilli == 20000);  // min(20000, 20020)

    s.clickTokensMilli = 5000;
    advance(rules(), s, kT0 + 2001);
    CHECK(s.clickTokensMilli == 20000);  // min(20000, 5000 + 1000 * 20)

    s.clickTokensMilli = 7000;
    advance(rules(), s, kT0 + 2001);     // a zero gap refills nothing
    CHECK(s.clickTokensMilli == 7000);

    s.clickTokensMilli = 0;              // an offline gap refills with the whole gap
    const AdvanceReport r = advance(rules(), s, kT0 + 30 * kHour);
    CHECK(r.offline);
    CHECK(s.clickTokensMilli == 20000);
}

TEST_CASE("a wool unlock inside an online advance cuts it at the first whole millisecond") {
    // barn 10: basic raw 1 + 5 = 6, silver raw 5 (locked below runValue 100).
    // valueRate = 6 * 0.1 = 0.6/s; from runValue 99.5 the unlock is at
    // ceil((100 - 99.5) / 0.6 * 1000) = ceil(833.33) = 834 ms.
    State start = new_game(rules(), "p-1", kT0);
    start.buildings[0] = 10;
    start.runValue = 99.5;
    start.lifetimeValue = 99.5;
    CHECK(compute_production(rules(), start, kT0).valueRate == near(0.6));

    SUBCASE("just before the breakpoint silver is still locked") {
        State s = start;
        const AdvanceReport r = advance(rules(), s, kT0 + 833);
        CHECK(r.pieces == 1);
        CHECK(r.woolUnlockedMask == 0u);
        CHECK(s.runValue == near(99.9998));  // 99.5 + 0.6 * 0.833
        CHECK(s.runValue < 100.0);
        CHECK(s.wool[kSilver] == 0.0);
    }
    SUBCASE("at the breakpoint silver unlocks but none is produced yet") {
        State s = start;
        const AdvanceReport r = advance(rules(), s, kT0 + 834);
        CHECK(r.pieces == 1);
        CHECK(r.woolUnlockedMask == (1u << kSilver));
        CHECK(s.runValue == near(100.0004));  // 99.5 + 0.6 * 0.834
        CHECK(s.wool[kSilver] == 0.0);
    }
    SUBCASE("one millisecond later silver flows") {
        State s = start;
        const AdvanceReport r = advance(rules(), s, kT0 + 835);
        CHECK(r.pieces == 2);
        CHECK(s.wool[kSilver] == near(0.004));  // 5 * 0.8 = 4/s for 1 ms
    }
    SUBCASE("a 10 s advance is split into 834 ms + 9166 ms") {
        State s = start;
        const AdvanceReport r = advance(rules(), s, kT0 + 10000);
        CHECK(r.pieces == 2);
        CHECK(r.woolUnlockedMask == (1u << kSilver));
        CHECK(r.woolGained[kBasic] == near(60.0));      // 6/s * 10 s, unchanged by the unlock
        CHECK(r.woolGained[kSilver] == near(36.664));   // 4/s * 9.166 s
        CHECK(s.wool[kSilver] == near(36.664));
        // value: 0.6 * 0.834 + (0.6 + 4 * 1) * 9.166 = 0.5004 + 42.1636 = 42.664
        CHECK(r.valueGained == near(42.664));
        CHECK(s.runValue == near(142.164));       // 99.5 + 42.664
        CHECK(s.lifetimeValue == near(142.164));
    }
}

TEST_CASE("a wool unlock inside an offline advance uses valueRate x efficiency for the breakpoint") {
    // Same farm offline at e = 0.8: ceil((100 - 99.5) / (0.6 * 0.8) * 1000) = ceil(1041.67) = 1042 ms.
    State s = new_game(rules(), "p-1", kT0);
    s.buildings[0] = 10;
    s.runValue = 99.5;
    const AdvanceReport r = advance(rules(), s, kT0 + 400000);
    CHECK(r.offline);
    CHECK(r.pieces == 2);
    CHECK(r.woolUnlockedMask == (1u << kSilver));
    CHECK(s.wool[kBasic] == near(1920.0));     // 6 * 0.8 * 400 s
    CHECK(s.wool[kSilver] == near(1276.6656)); // 4 * 0.8 * (400 - 1.042) s = 3.2 * 398.958
    // 99.5 + 0.48 * 1.042 + 4.6 * 0.8 * 398.958 = 99.5 + 0.50016 + 1468.16544
    CHECK(s.runValue == near(1568.1656));
}

TEST_CASE("achievements are evaluated at the end of an action, not inside the advance") {
    State s = new_game(rules(), "p-1", kT0);
    const int firstWool = rules().find_achievement("first_wool");
    ActionResult r = apply_ok(s, Action::tick(kT0 + 100000));
    // first_wool became true at the first millisecond but did not boost this advance.
    CHECK(r.advance.woolGained[kBasic] == near(100.0));  // 1/s * 100 s, M_global 1 throughout
    CHECK(r.achievementsUnlocked == (std::uint64_t{1} << firstWool));
    CHECK(s.has_achievement(firstWool));
    r = apply_ok(s, Action::tick(kT0 + 200000));
    CHECK(r.advance.woolGained[kBasic] == near(102.0));  // 1 * 1.02 * 100 s
    CHECK(r.achievementsUnlocked == 0u);
}

// ---- Events (§8) ----------------------------------------------------------------------------

namespace {

constexpr std::int64_t kStart = kT0 + 10000;
constexpr std::int64_t kEnd = kT0 + 20000;

const Ruleset& double_wool_rules() {
    static const Ruleset rs = ruleset_with_events(R"([{"id": "double_wool", "startMs": 1700000010000,
        "endMs": 1700000020000, "effects": {"production": 2}}])");
    return rs;
}

}  // namespace

TEST_CASE("a production event is active on [startMs, endMs)") {
    const Ruleset& rs = double_wool_rules();
    REQUIRE(rs.events.size() == 1);
    REQUIRE(rs.events[0].startMs == kStart);
    REQUIRE(rs.events[0].endMs == kEnd);
    const State s = new_game(rs, "p-1", kT0);
    CHECK(compute_production(rs, s, kStart - 1).rate[kBasic] == 1.0);
    CHECK(compute_production(rs, s, kStart).rate[kBasic] == near(2.0));
    CHECK(compute_production(rs, s, kStart).multipliers.events == near(2.0));
    CHECK(compute_production(rs, s, kStart).clickPower == near(2.0));  // E_production is in M_global
    CHECK(compute_production(rs, s, kEnd - 1).rate[kBasic] == near(2.0));
    CHECK(compute_production(rs, s, kEnd).rate[kBasic] == 1.0);
}

TEST_CASE("an advance across an event start produces the exact piecewise amount") {
    const Ruleset& rs = double_wool_rules();
    State s = new_game(rs, "p-1", kT0);
    const AdvanceReport r = advance(rs, s, kT0 + 15000);
    CHECK(r.pieces == 2);
    CHECK(s.wool[kBasic] == near(20.0));  // 1/s * 10 s + 2/s * 5 s
    CHECK(s.runValue == near(2.0));
}

TEST_CASE("an advance across an event end produces the exact piecewise amount") {
    const Ruleset& rs = double_wool_rules();
    State s = new_game(rs, "p-1", kT0 + 15000);
    const AdvanceReport r = advance(rs, s, kT0 + 25000);
    CHECK(r.pieces == 2);
    CHECK(s.wool[kBasic] == near(15.0));  // 2/s * 5 s + 1/s * 5 s
}

TEST_CASE("an advance across a whole event window") {
    const Ruleset& rs = double_wool_rules();
    {
        State s = new_game(rs, "p-1", kT0);
        const AdvanceReport r = advance(rs, s, kT0 + 30000);
        CHECK(r.pieces == 3);
        CHECK(s.wool[kBasic] == near(40.0));  // 10 * 1 + 10 * 2 + 10 * 1
    }
    {
        State s = new_game(rs, "p-1", kT0);  // offline: every piece at e = 0.8
        const AdvanceReport r = advance(rs, s, kT0 + 400000);
        CHECK(r.offline);
        CHECK(r.pieces == 3);
        CHECK(s.wool[kBasic] == near(328.0));  // 0.8 * (10 * 1 + 10 * 2 + 380 * 1)
    }
}

TEST_CASE("an event window inside the forfeited part of an offline gap has no effect") {
    // Window [kT0 + 25 h, kT0 + 26 h); a 30 h gap credits only [kT0, kT0 + 24 h).
    const Ruleset rs = ruleset_with_events(R"([{"id": "late", "startMs": 1700090000000,
        "endMs": 1700093600000, "effects": {"production": 2}}])");
    State s = new_game(rs, "p-1", kT0);
    const AdvanceReport r = advance(rs, s, kT0 + 30 * kHour);
    CHECK(r.creditedMs == 24 * kHour);
    CHECK(s.wool[kBasic] == near(69120.0));  // 1 * 0.8 * 86400 s, as without the event
}

TEST_CASE("an offlineEfficiency event adds to the offline efficiency while active") {
    // +0.1 on [kT0, kT0 + 200 s).
    const Ruleset rs = ruleset_with_events(R"([{"id": "harvest", "startMs": 1700000000000,
        "endMs": 1700000200000, "effects": {"offlineEfficiency": 0.1}}])");
    State s = new_game(rs, "p-1", kT0);
    CHECK(offline_efficiency(rs, s, kT0 - 1) == near(0.8));
    CHECK(offline_efficiency(rs, s, kT0) == near(0.9));            // 0.8 + 0.1
    CHECK(offline_efficiency(rs, s, kT0 + 199999) == near(0.9));
    CHECK(offline_efficiency(rs, s, kT0 + 200000) == near(0.8));
    {
        State t = s;
        const AdvanceReport r = advance(rs, t, kT0 + 400000);
        CHECK(r.offline);
        CHECK(r.efficiency == near(0.9));  // in force at the start of the credited span
        CHECK(r.pieces == 2);
        CHECK(t.wool[kBasic] == near(340.0));  // 1 * 0.9 * 200 s + 1 * 0.8 * 200 s
    }
    {
        State t = s;  // online gaps are at efficiency 1 regardless
        const AdvanceReport r = advance(rs, t, kT0 + 100000);
        CHECK(r.efficiency == 1.0);
        CHECK(t.wool[kBasic] == near(100.0));
    }
    s.upgrades |= upgrade_bit("night_shift") | upgrade_bit("time_dilation");
    CHECK(offline_efficiency(rs, s, kT0) == 1.0);  // min(1, 0.8 + 0.2 + 0.1)
}
