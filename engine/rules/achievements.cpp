#include "achievements.hpp"

namespace llamawool::detail {
namespace {

bool condition_holds(const AchievementCondition& c, const Ruleset& rules, const State& s) {
    using Metric = AchievementCondition::Metric;
    double metric = 0;
    switch (c.metric) {
        case Metric::lifetime_value: metric = s.lifetimeValue; break;
        case Metric::total_prestiges: metric = static_cast<double>(s.totalPrestiges); break;
        case Metric::play_time_ms: metric = static_cast<double>(s.playTimeMs); break;
        case Metric::max_building_level:
            for (int b = 0; b < rules.building_count(); ++b)
                if (s.buildings[b] > metric) metric = s.buildings[b];
            break;
        case Metric::building_level_sum: {
            std::int64_t sum = 0;
            for (int b = 0; b < rules.building_count(); ++b) sum += s.buildings[b];
            metric = static_cast<double>(sum);
            break;
        }
        case Metric::owns_upgrades: return (s.upgrades & c.upgradesMask) == c.upgradesMask;
    }
    return c.strict ? metric > c.threshold : metric >= c.threshold;
}

}  // namespace

std::uint64_t unlock_achievements(const Ruleset& rules, State& state) {
    std::uint64_t added = 0;
    for (int a = 0; a < rules.achievement_count(); ++a) {
        if (state.has_achievement(a)) continue;
        if (condition_holds(rules.achievements[a].when, rules, state)) added |= std::uint64_t{1} << a;
    }
    state.achievements |= added;
    return added;
}

}  // namespace llamawool::detail
