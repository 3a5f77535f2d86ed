// `llamawool inspect STATE [--t MS]`: what a player's farm looks like at a moment, without
// committing anything.
#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_io.hpp"
#include "commands.hpp"
#include "display.hpp"
#include "llamawool/llamawool.hpp"

namespace llamawool::cli {
namespace {

std::string unmet_summary(const Ruleset& rules, const State& s, int b) {
    return building_unlocked(rules, s, b) ? "" : "  (locked)";
}

void print_text(const Ruleset& rules, const State& saved, const State& s, const AdvanceReport& report,
                std::int64_t t) {
    const Production p = compute_production(rules, s, t);
    const MultiplierBreakdown& m = p.multipliers;
    std::printf("player %s at t = %lld (%s after its last update)\n", s.playerId.c_str(), static_cast<long long>(t),
                human_duration(t - saved.lastUpdateMs).c_str());
    if (t > saved.lastUpdateMs) std::printf("%s", describe_advance(rules, report, "  ").c_str());
    std::printf("\n%-12s %14s %14s %14s\n", "wool", "count", "per second", "value");
    for (int w = 0; w < rules.wool_count(); ++w) {
        const bool unlocked = (p.unlockedMask >> w) & 1u;
        std::printf("%-12s %14s %14s %14s%s\n", rules.wool[w].id.c_str(), human(s.wool[w]).c_str(),
                    human(p.rate[w]).c_str(), human(s.wool[w] * rules.wool[w].baseValue).c_str(),
                    unlocked ? "" : fmt::format("  (locked until runValue {})", human(rules.wool[w].unlockValue)).c_str());
    }
    std::printf("\nvalue per second %s; spendable value %s; runValue %s; lifetimeValue %s\n", human(p.valueRate).c_str(),
                human(spendable_value(rules, s)).c_str(), human(s.runValue).c_str(), human(s.lifetimeValue).c_str());
    std::printf("multipliers: base %s x upgrades %s x achievements %s x prestige %s x events %s = total %s; "
                "buildings %s; rare %s\n",
                human(m.base).c_str(), human(m.upgrades).c_str(), human(m.achievements).c_str(), human(m.prestige).c_str(),
                human(m.events).c_str(), human(m.total).c_str(), human(m.buildings).c_str(), human(m.rare).c_str());
    std::printf("click power %s basic wool; auto clicks %s/s; click tokens %lld/20000\n", human(p.clickPower).c_str(),
                human(p.autoClicksPerSecond).c_str(), static_cast<long long>(s.clickTokensMilli));

    std::printf("\n%-14s %6s %14s %14s\n", "building", "level", "next level", "next 10");
    for (int b = 0; b < rules.building_count(); ++b) {
        std::printf("%-14s %6d %14s %14s%s\n", rules.buildings[b].id.c_str(), s.buildings[b],
                    human(building_price(rules, s, b, t)).c_str(), human(building_bulk_price(rules, s, b, 10, t)).c_str(),
                    unmet_summary(rules, s, b).c_str());
    }
    std::printf("\nupgrades owned:");
    for (int u = 0; u < rules.upgrade_count(); ++u)
        if (s.owns_upgrade(u)) std::printf(" %s", rules.upgrades[u].id.c_str());
    std::printf("\nupgrades to buy:");
    for (int u = 0; u < rules.upgrade_count(); ++u)
        if (!s.owns_upgrade(u) && upgrade_unlocked(rules, s, u))
            std::printf(" %s (%s)", rules.upgrades[u].id.c_str(), human(rules.upgrades[u].cost).c_str());
    std::printf("\nachievements: %d of %d\n", __builtin_popcountll(s.achievements), rules.achievement_count());

    fmt::print("\noffline: cap {}, efficiency {:.0f}%\n", human_duration(offline_cap_ms(rules, s)),
               offline_efficiency(rules, s, t) * 100);
    State later = s;
    const AdvanceReport away = advance(rules, later, t + 8 * 3600000LL);
    std::printf("  if the player is away for 8 hours:\n%s", describe_advance(rules, away, "    ").c_str());
    std::printf("\nsoul shears %s (prestiges %lld); pending soul shears %s%s\n", human(s.soulShears).c_str(),
                static_cast<long long>(s.totalPrestiges), human(pending_soul_shears(rules, s, t)).c_str(),
                prestige_ready(rules, s, t) ? " (prestige ready)" : "");
    std::printf("stateHash %s\n", format_hash(state_hash(rules, s)).c_str());
}

}  // namespace

int cmd_inspect(const ParsedArgs& p) {
    if (p.positional.size() != 1) {
        print_error("inspect needs STATE (a file, or '-' for stdin)");
        return 2;
    }
    const Ruleset* selected = ruleset_option(p);  // --ruleset FILE, or the embedded default
    if (!selected) return 1;
    const Ruleset& rules = *selected;
    const auto loaded = load_save_file(rules, p.positional[0]);
    if (!loaded) return 1;
    const State& saved = *loaded;
    long long t = saved.lastUpdateMs;
    if (const std::string* v = p.option("--t")) {
        if (!parse_ms("--t", *v, t)) return 2;
        if (t < saved.lastUpdateMs) {
            print_error(fmt::format("--t: {} is before the save's lastUpdateMs {}", t, saved.lastUpdateMs));
            return 2;
        }
    }
    State s = saved;
    const AdvanceReport report = advance(rules, s, t);  // a preview: nothing is written back
    if (p.option("--json")) {
        nlohmann::ordered_json j;
        j["t"] = t;
        j["advance"] = nlohmann::ordered_json::parse(advance_report_to_json(rules, report));
        j["production"] = nlohmann::ordered_json::parse(production_to_json(rules, compute_production(rules, s, t)));
        nlohmann::ordered_json prices = nlohmann::ordered_json::object();
        for (int b = 0; b < rules.building_count(); ++b)
            prices[rules.buildings[b].id] = format_amount(building_price(rules, s, b, t));
        j["nextPrices"] = prices;
        j["spendableValue"] = format_amount(spendable_value(rules, s));
        j["pendingSoulShears"] = format_amount(pending_soul_shears(rules, s, t));
        j["prestigeReady"] = prestige_ready(rules, s, t);
        std::printf("%s\n", j.dump(2).c_str());
    } else {
        print_text(rules, saved, s, report, t);
    }
    return 0;
}

}  // namespace llamawool::cli
