#include "bot.hpp"

namespace lwtest {

using namespace llamawool;

std::uint64_t SplitMix64::next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

std::int64_t SplitMix64::range(std::int64_t lo, std::int64_t hi) {
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    return lo + static_cast<std::int64_t>(next() % span);
}

namespace {

std::int64_t next_gap(SplitMix64& rng, const BotProfile& p) {
    const auto roll = rng.range(0, 99);
    if (roll < p.longOfflinePercent) return rng.range(30, 90) * 3600000;           // 30 h .. 90 h
    if (roll < p.offlinePercent) return rng.range(6 * 60000, 20 * 3600000);        // 6 min .. 20 h
    if (roll < 40) return rng.range(20000, 300000);                                // a while online
    return rng.range(50, 8000);                                                    // clicking along
}

// The action the bot wants at time t, looking at the state advanced to t.
Action choose(const Ruleset& rules, const State& now, std::int64_t t, SplitMix64& rng, const BotProfile& p,
              Playthrough& log) {
    if (prestige_ready(rules, now, t) && rng.chance(p.prestigePercent)) {
        Action a = Action::prestige(t);
        if (rng.chance(50)) a.expectedSoulShears = pending_soul_shears(rules, now, t);
        return a;
    }
    const double funds = spendable_value(rules, now);
    // Cheapest affordable upgrade not yet owned, now and then (requirements are the engine's job:
    // the bot sometimes asks for a locked one and gets a rejection, as a real client might).
    if (rng.chance(30)) {
        for (int u = 0; u < rules.upgrade_count(); ++u) {
            if (!now.owns_upgrade(u) && rules.upgrades[u].cost <= funds && (upgrade_unlocked(rules, now, u) || rng.chance(3))) return Action::buy_upgrade(t, rules.upgrades[u].id);
        }
    }
    if (rng.chance(55)) {
        // The most expensive building whose next level is affordable.
        for (int b = rules.building_count() - 1; b >= 0; --b) {
            const double price = building_price(rules, now, b, t);
            if (price > funds || !(building_unlocked(rules, now, b) || rng.chance(3))) continue;
            if (rng.chance(40)) {
                ++log.maxBuys;
                return Action::buy_building_max(t, rules.buildings[b].id);
            }
            Action a = Action::buy_building(t, rules.buildings[b].id, rng.range(1, 5));
            if (rng.chance(30)) a.expectedCost = building_bulk_price(rules, now, b, a.quantity, t);
            return a;
        }
    }
    if (rng.chance(70)) return Action::shear(t, rng.range(1, 22));
    return Action::tick(t);
}

}  // namespace

Playthrough play_bot(const Ruleset& rules, State& state, std::uint64_t seed, int count, const BotProfile& profile) {
    SplitMix64 rng(seed);
    Playthrough log;
    for (int i = 0; i < count; ++i) {
        const std::int64_t gap = next_gap(rng, profile);
        if (gap > rules.constants.onlineGapMaxMs) ++log.offlineGaps;
        const std::int64_t t = state.lastUpdateMs + gap;
        State preview = state;
        advance(rules, preview, t);
        Action action = choose(rules, preview, t, rng, profile, log);
        const ActionResult result = apply_action(rules, state, action);
        if (result.status.ok()) {
            ++log.accepted;
            if (action.type == ActionType::prestige) ++log.prestiges;
        } else {
            ++log.rejected;
            ++log.rejections[error_code_name(result.status.code)];
        }
        log.actions.push_back(std::move(action));
    }
    return log;
}

}  // namespace lwtest
