#include "random_players.hpp"

#include <string>

namespace lwtest {

using namespace llamawool;

namespace {

constexpr std::int64_t kT0 = 1700000000000;
constexpr std::int64_t kHour = 3600000;

// A double in [0, 1) with 53 random bits.
double unit(SplitMix64& rng) { return static_cast<double>(rng.next() >> 11) * 0x1.0p-53; }

// Roughly log-uniform in [10^lo, 10^hi) (the powers come from a loop of products, not from pow).
double log_uniform(SplitMix64& rng, int lo, int hi) {
    double x = 1.0 + 9.0 * unit(rng);
    for (std::int64_t k = rng.range(lo, hi - 1); k > 0; --k) x *= 10.0;
    return x;
}

double run_value(const Ruleset& rules, SplitMix64& rng, const PlayerMix& mix) {
    if (!mix.breakpoints) return 2e21 * (1.0 + unit(rng));  // above the last unlock (1e21)
    switch (rng.range(0, 3)) {
        case 0: return 0.0;
        case 1: {  // just below an unlock, so that the next advance crosses it
            const WoolType& w = rules.wool[rng.range(1, rules.wool_count() - 1)];
            return w.unlockValue * (1.0 - 1e-6 * unit(rng));
        }
        default: return log_uniform(rng, 0, 25);
    }
}

}  // namespace

std::vector<State> random_players(const Ruleset& rules, std::uint64_t seed, std::size_t count, const PlayerMix& mix) {
    SplitMix64 rng(seed);
    std::vector<State> players;
    players.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        State s = new_game(rules, "p-" + std::to_string(i), kT0 + rng.range(0, 30 * 24 * kHour));
        for (int b = 0; b < rules.building_count(); ++b) {
            if (rng.chance(40)) continue;
            const std::int64_t level = rng.chance(2) ? rules.constants.buildingMaxLevel : rng.range(0, 300 >> b);
            s.buildings[b] = static_cast<std::int32_t>(level);
        }
        const std::uint64_t upgradeMask = rules.upgrade_count() >= 64 ? ~0ull : (1ull << rules.upgrade_count()) - 1;
        s.upgrades = rng.next() & upgradeMask;
        const std::uint64_t achievementMask =
            rules.achievement_count() >= 64 ? ~0ull : (1ull << rules.achievement_count()) - 1;
        s.achievements = rng.next() & achievementMask;
        s.totalPrestiges = rng.chance(50) ? 0 : rng.range(1, 40);
        s.soulShears = rng.chance(50) ? 0.0 : (rng.chance(3) ? log_uniform(rng, 3, 12) : static_cast<double>(rng.range(1, 400)));
        s.runValue = run_value(rules, rng, mix);
        s.lifetimeValue = s.runValue * (1.0 + 10.0 * unit(rng));
        for (int w = 0; w < rules.wool_count(); ++w)
            s.wool[w] = rng.chance(30) ? 0.0 : log_uniform(rng, 0, 12);
        s.playTimeMs = rng.range(0, 5000 * kHour);
        s.clickTokensMilli = rng.range(0, rules.constants.clickBurst * 1000);
        s.totalClicks = rng.range(0, 1000000);
        s.lastUpdateMs = s.createdMs + rng.range(0, 24 * kHour);
        players.push_back(std::move(s));
    }
    return players;
}

std::vector<std::int64_t> random_targets(const std::vector<State>& players, std::uint64_t seed) {
    SplitMix64 rng(seed);
    std::vector<std::int64_t> targets;
    targets.reserve(players.size());
    for (const State& s : players) {
        std::int64_t gap = 0;
        switch (rng.range(0, 9)) {
            case 0: gap = 0; break;
            case 1: gap = 300000; break;                                   // the last online gap
            case 2: case 3: gap = rng.range(1, 300000); break;             // online
            case 4: case 5: case 6: gap = rng.range(300001, 30 * kHour); break;  // offline
            default: gap = rng.range(30 * kHour, 20 * 24 * kHour); break;  // often beyond the cap
        }
        targets.push_back(s.lastUpdateMs + gap);
    }
    return targets;
}

}  // namespace lwtest
