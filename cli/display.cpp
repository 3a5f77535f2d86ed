#include "display.hpp"

#include <fmt/format.h>

namespace llamawool::cli {

std::string human(double x) {
    if (x == 0) return "0";
    if (x >= 1e9 || x < 0.01) return fmt::format("{:.3e}", x);
    if (x >= 1000) return fmt::format("{:.0f}", x);
    return fmt::format("{:.2f}", x);
}

std::string human_duration(std::int64_t ms) {
    const std::int64_t s = ms / 1000;
    if (s >= 86400) return fmt::format("{} d {} h", s / 86400, (s % 86400) / 3600);
    if (s >= 3600) return fmt::format("{} h {} min", s / 3600, (s % 3600) / 60);
    if (s >= 60) return fmt::format("{} min {} s", s / 60, s % 60);
    return fmt::format("{}.{:03} s", s, ms % 1000);
}

std::string describe_advance(const Ruleset& rules, const AdvanceReport& r, const std::string& indent) {
    std::string out = fmt::format("{}{} for {}: credited {}, forfeited {}, efficiency {:.0f}%\n", indent,
                                  r.offline ? "offline" : "online", human_duration(r.toMs - r.fromMs),
                                  human_duration(r.creditedMs), human_duration(r.forfeitedMs), r.efficiency * 100);
    for (int w = 0; w < rules.wool_count(); ++w) {
        if (r.woolGained[w] == 0) continue;
        out += fmt::format("{}  +{} {} wool\n", indent, human(r.woolGained[w]), rules.wool[w].id);
    }
    out += fmt::format("{}  value earned: {}\n", indent, human(r.valueGained));
    for (int w = 0; w < rules.wool_count(); ++w)
        if ((r.woolUnlockedMask >> w) & 1u) out += fmt::format("{}  unlocked {} wool\n", indent, rules.wool[w].id);
    return out;
}

}  // namespace llamawool::cli
