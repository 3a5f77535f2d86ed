// `llamawool demo`: a scripted farm session told as it happens. A simple, fixed strategy (no
// randomness) plays a first morning of clicking, a day of building up, a night of 8 hours
// offline and the comeback, then days of play until the first prestige. The session ends with
// the state hash, which is the same on every build.
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "commands.hpp"
#include "display.hpp"
#include "llamawool/llamawool.hpp"

namespace llamawool::cli {
namespace {

constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kMinute = 60 * kSecond;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kStart = 1795593600000;  // 2026-11-25 08:00 UTC

class DemoSession {
public:
    DemoSession() : rules_(default_ruleset()), state_(new_game(rules_, "demo-farmer", kStart)) {}

    const State& state() const { return state_; }
    std::int64_t now() const { return state_.lastUpdateMs; }
    int actions() const { return actions_; }

    // Applies an action and narrates what is worth telling. Returns the result.
    ActionResult act(const Action& a, bool narrate = true) {
        const State before = state_;
        ActionResult r = apply_action(rules_, state_, a);
        ++actions_;
        if (!r.status.ok()) {
            if (narrate) say(fmt::format("rejected {}: {} ({})", action_type_name(a.type), r.status.message,
                                         error_code_name(r.status.code)));
            return r;
        }
        for (int w = 0; w < rules_.wool_count(); ++w)
            if ((r.advance.woolUnlockedMask >> w) & 1u) say(fmt::format("{} wool unlocked!", rules_.wool[w].id));
        if (a.type == ActionType::buy_building) {
            const int b = rules_.find_building(a.target);
            if (before.buildings[b] == 0 || narrate)
                say(fmt::format("bought {} x{} for {} value (now level {})", a.target, r.levelsBought, human(r.valuePaid),
                                state_.buildings[b]));
        }
        if (a.type == ActionType::buy_upgrade) say(fmt::format("bought upgrade {} for {} value", a.target, human(r.valuePaid)));
        for (int i = 0; i < rules_.achievement_count(); ++i)
            if ((r.achievementsUnlocked >> i) & 1u) say(fmt::format("achievement unlocked: {}", rules_.achievements[i].id));
        return r;
    }

    // One minute of attentive play: shear a full burst, buy every upgrade that is open and
    // affordable (cheapest first), then as many levels as possible of the best buildings.
    void play_step(std::int64_t gapMs) {
        const std::int64_t t = now() + gapMs;
        act(Action::shear(t, 20), false);
        for (int u = 0; u < rules_.upgrade_count(); ++u) {
            if (state_.owns_upgrade(u) || !upgrade_unlocked(rules_, state_, u)) continue;
            if (rules_.upgrades[u].cost <= spendable_value(rules_, state_) * 0.5) act(Action::buy_upgrade(t, rules_.upgrades[u].id));
        }
        for (int b = rules_.building_count() - 1; b >= 0; --b) {
            if (!building_unlocked(rules_, state_, b)) continue;
            if (building_price(rules_, state_, b, t) > spendable_value(rules_, state_)) continue;
            act(Action::buy_building_max(t, rules_.buildings[b].id), false);
        }
    }

    void status_line() {
        const Production p = compute_production(rules_, state_, now());
        say(fmt::format("{:.1f} value/s, runValue {}, buildings {}", p.valueRate, human(state_.runValue), levels()));
    }

    void chapter(const std::string& title) {
        std::printf("\n== %s ==\n", title.c_str());
    }
    void say(const std::string& line) { std::printf("  [%s] %s\n", clock().c_str(), line.c_str()); }

private:
    std::string clock() const {
        const std::int64_t elapsed = now() - kStart;
        const std::int64_t day = elapsed / (24 * kHour) + 1;
        const std::int64_t inDay = (elapsed % (24 * kHour)) + 8 * kHour;  // the session starts at 08:00
        return fmt::format("day {} {:02}:{:02}:{:02}", day + inDay / (24 * kHour), (inDay / kHour) % 24,
                           (inDay / kMinute) % 60, (inDay / kSecond) % 60);
    }
    std::string levels() const {
        std::string out;
        for (int b = 0; b < rules_.building_count(); ++b)
            if (state_.buildings[b] > 0) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", rules_.buildings[b].id, state_.buildings[b]);
        return out.empty() ? "none" : out;
    }

    const Ruleset& rules_;
    State state_;
    int actions_ = 0;
};

}  // namespace

int cmd_demo(const ParsedArgs& p) {
    if (!p.positional.empty()) {
        std::fprintf(stderr, "llamawool: demo takes no arguments\n");
        return 2;
    }
    const Ruleset& rules = default_ruleset();
    DemoSession demo;
    std::printf("Llama Wool Farm: a scripted session on the llamawool engine %s (ruleset %s)\n", version_string(),
                rules.id.c_str());

    demo.chapter("First morning: shearing by hand");
    demo.act(Action::shear(demo.now(), 20));
    demo.say(fmt::format("sheared 20 times: {} basic wool", human(demo.state().wool[0])));
    for (int i = 0; i < 8; ++i) {
        const std::int64_t t = demo.now() + kSecond;
        demo.act(Action::shear(t, 20), false);
        if (building_price(rules, demo.state(), 0, t) <= spendable_value(rules, demo.state()))
            demo.act(Action::buy_building(t, "barn", 1));
    }
    demo.act(Action::shear(demo.now() + 500, 21));  // faster than 20 clicks/s: refused
    demo.status_line();

    demo.chapter("The first half hour: building up the farm");
    for (int i = 0; i < 30; ++i) {
        demo.play_step(kMinute);
        if (i % 10 == 9) demo.status_line();
    }

    demo.chapter("Eight hours offline");
    const ActionResult night = demo.act(Action::tick(demo.now() + 8 * kHour));
    std::printf("  welcome back! while you were away:\n%s", describe_advance(rules, night.advance, "    ").c_str());
    demo.status_line();

    demo.chapter("Back at the farm until the first prestige");
    if (prestige_ready(rules, demo.state(), demo.now())) demo.say("the night's wool already makes a prestige possible");
    for (int minutes = 0; !prestige_ready(rules, demo.state(), demo.now()) && minutes < 24 * 60; ++minutes) {
        demo.play_step(kMinute);
        if (minutes % 30 == 29) demo.status_line();
    }

    demo.chapter("Prestige");
    const double pending = pending_soul_shears(rules, demo.state(), demo.now());
    demo.say(fmt::format("runValue {} is worth {} soul shears", human(demo.state().runValue), human(pending)));
    Action prestige = Action::prestige(demo.now());
    prestige.expectedSoulShears = pending;
    demo.act(prestige);
    demo.say(fmt::format("farm reset; {} soul shears give +{:.0f}% production and +{:.0f}% offline efficiency",
                         human(demo.state().soulShears), demo.state().soulShears * 10, demo.state().soulShears * 2));
    for (int i = 0; i < 20; ++i) demo.play_step(kMinute);
    demo.status_line();

    demo.chapter("A long weekend away (60 hours, past the offline cap)");
    const ActionResult weekend = demo.act(Action::tick(demo.now() + 60 * kHour));
    std::printf("  welcome back! while you were away:\n%s", describe_advance(rules, weekend.advance, "    ").c_str());
    demo.status_line();

    std::printf("\n%d actions; lifetime value %s; stateHash %s\n", demo.actions(), human(demo.state().lifetimeValue).c_str(),
                format_hash(state_hash(rules, demo.state())).c_str());
    return 0;
}

}  // namespace llamawool::cli
