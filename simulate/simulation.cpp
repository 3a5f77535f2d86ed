#include "simulation.hpp"

#include <algorithm>
#include <thread>

#include "bot.hpp"  // lwtest::SplitMix64: a fully specified PRNG (workload/bot.hpp)

namespace llamawool::sim {
namespace {

constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kMinute = 60 * kSecond;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::int64_t kAwake = 16 * kHour;       // greedy, clicker, prestige sleep 8 hours a day
constexpr std::int64_t kClickerStepMs = 2 * kSecond;  // 20 clicks every 2 s: 10 clicks a second
constexpr int kClickerSessionSteps = 120;             // 4 minutes
constexpr int kClickerShoppingEvery = 15;             // shops every 30 s while clicking
constexpr int kMaxPurchasesPerVisit = 200;
constexpr double kPrestigeWorthIt = 1.25;         // `prestige`: when production would grow by 25 %

struct Bot {
    BotResult* out = nullptr;
    lwtest::SplitMix64 rng{0};
    std::int64_t wakeOffsetMs = 0;  // where the bot's 16 waking hours start in each day
    std::int64_t nextMs = 0;        // time of its next step
    bool sessionStart = true;       // the next step starts a visit (after an offline stretch)
    int step = 0;                   // steps done in the current visit
};

struct Context {
    const Ruleset& rules;
    const SimulationConfig& config;
    std::vector<Bot>& bots;
    std::vector<std::vector<double>>& metrics;  // [metric][bot] at the current sample
};

bool awake(const Context& c, const Bot& bot, std::int64_t t) {
    const std::int64_t x = ((t - c.config.startMs - bot.wakeOffsetMs) % kDay + kDay) % kDay;
    return x < kAwake;
}

// The first waking moment at or after t, plus a few minutes.
std::int64_t when_awake(const Context& c, Bot& bot, std::int64_t t) {
    if (awake(c, bot, t)) return t;
    const std::int64_t x = ((t - c.config.startMs - bot.wakeOffsetMs) % kDay + kDay) % kDay;
    return t + (kDay - x) + bot.rng.range(0, 30 * kMinute);
}

void note_milestones(const Context& c, Bot& bot, std::int64_t t) {
    const State& s = bot.out->state;
    const std::int64_t since = t - c.config.startMs;
    for (int w = 0; w < c.rules.wool_count(); ++w)
        if (bot.out->woolUnlockedMs[w] < 0 && s.runValue >= c.rules.wool[w].unlockValue) bot.out->woolUnlockedMs[w] = since;
    for (int b = 0; b < c.rules.building_count(); ++b)
        if (bot.out->buildingBoughtMs[b] < 0 && s.buildings[b] >= 1) bot.out->buildingBoughtMs[b] = since;
}

bool send(const Context& c, Bot& bot, Action action) {
    BotResult& r = *bot.out;
    const ActionResult result = apply_action(c.rules, r.state, action);
    ++r.actions;
    const bool ok = result.status.ok();
    if (!ok) ++r.refused;
    if (ok && action.type == ActionType::prestige) {
        r.prestigeMs.push_back(action.t - c.config.startMs);
        r.prestigeSoulShears.push_back(result.soulShearsGained);
    }
    if (ok) note_milestones(c, bot, action.t);
    if (c.config.keepActions) r.log.push_back(std::move(action));
    return ok;
}

// Buys the cheapest thing it can afford (a building's next level or an upgrade), again and again.
// The purchases of one moment are planned first and sent as one purchase per building (the levels
// that buying one at a time would have taken: prices depend only on each building's own level),
// then the upgrade the plan stopped at, then the next plan, until nothing is affordable.
void shop_cheapest_first(const Context& c, Bot& bot, std::int64_t t) {
    const Ruleset& rules = c.rules;
    State& s = bot.out->state;
    for (int round = 0; round < kMaxPurchasesPerVisit; ++round) {
        double funds = spendable_value(rules, s);
        std::array<double, kMaxBuildings> price{};
        std::array<std::int64_t, kMaxBuildings> levels{};
        std::array<bool, kMaxBuildings> open{};
        for (int b = 0; b < rules.building_count(); ++b) {
            open[b] = s.buildings[b] < rules.constants.buildingMaxLevel && building_unlocked(rules, s, b);
            if (open[b]) price[b] = building_price(rules, s, b, t);
        }
        int upgrade = -1;
        for (;;) {
            int building = -1;
            double best = 0;
            for (int b = 0; b < rules.building_count(); ++b) {
                const bool room = s.buildings[b] + levels[b] < rules.constants.buildingMaxLevel &&
                                  levels[b] < rules.constants.buyMaxQuantity;
                if (open[b] && room && price[b] <= funds && (building < 0 || price[b] < best)) building = b, best = price[b];
            }
            int cheapestUpgrade = -1;
            for (int u = 0; u < rules.upgrade_count(); ++u) {
                const double cost = rules.upgrades[u].cost;
                if (s.owns_upgrade(u) || cost > funds || !upgrade_unlocked(rules, s, u)) continue;
                if (cheapestUpgrade < 0 || cost < rules.upgrades[cheapestUpgrade].cost) cheapestUpgrade = u;
            }
            if (cheapestUpgrade >= 0 && (building < 0 || rules.upgrades[cheapestUpgrade].cost < best)) {
                upgrade = cheapestUpgrade;  // it changes prices: the plan stops here
                break;
            }
            if (building < 0) break;
            funds -= price[building];
            price[building] *= rules.buildings[building].costMultiplier;  // the next level's, near enough to plan
            ++levels[building];
        }
        bool any = false;
        // New buildings first: their requirements (a wool count) hold before paying for the others.
        std::array<int, kMaxBuildings> order{};
        int k = 0;
        for (int b = 0; b < rules.building_count(); ++b) if (s.buildings[b] == 0) order[k++] = b;
        for (int b = 0; b < rules.building_count(); ++b) if (s.buildings[b] != 0) order[k++] = b;
        for (int i = 0; i < k; ++i) {
            const int b = order[i];
            std::int64_t n = levels[b];
            if (n == 0 || !building_unlocked(rules, s, b)) continue;
            // The plan's prices are estimates: ask the engine, and buy fewer if they fell short.
            const double have = spendable_value(rules, s);
            while (n > 0 && building_bulk_price(rules, s, b, n, t) > have) n /= 2;
            if (n > 0) any = send(c, bot, Action::buy_building(t, rules.buildings[b].id, n)) || any;
        }
        if (upgrade >= 0 && rules.upgrades[upgrade].cost <= spendable_value(rules, s))
            any = send(c, bot, Action::buy_upgrade(t, rules.upgrades[upgrade].id)) || any;
        if (!any) return;
    }
}

// The idle player: as many levels as it can of the most expensive building it can afford, then the
// next one down; then the upgrades it can afford, cheapest first; then the buildings once more.
void shop_biggest_first(const Context& c, Bot& bot, std::int64_t t) {
    const Ruleset& rules = c.rules;
    State& s = bot.out->state;
    auto buildings = [&] {
        for (int b = rules.building_count() - 1; b >= 0; --b) {
            if (s.buildings[b] >= rules.constants.buildingMaxLevel || !building_unlocked(rules, s, b)) continue;
            if (building_price(rules, s, b, t) <= spendable_value(rules, s))
                send(c, bot, Action::buy_building_max(t, rules.buildings[b].id));
        }
    };
    buildings();
    for (int u = 0; u < rules.upgrade_count(); ++u) {
        if (!s.owns_upgrade(u) && upgrade_unlocked(rules, s, u) && rules.upgrades[u].cost <= spendable_value(rules, s))
            send(c, bot, Action::buy_upgrade(t, rules.upgrades[u].id));
    }
    buildings();
}

void maybe_prestige(const Context& c, Bot& bot, std::int64_t t) {
    const State& s = bot.out->state;
    if (!prestige_ready(c.rules, s, t)) return;
    const double gain = pending_soul_shears(c.rules, s, t);
    if (bot.out->strategy == Strategy::prestige) {
        const double bonus = c.rules.constants.soulShearProductionBonus;
        if (1 + bonus * (s.soulShears + gain) < kPrestigeWorthIt * (1 + bonus * s.soulShears)) return;
    }
    Action a = Action::prestige(t);
    a.expectedSoulShears = gain;
    send(c, bot, std::move(a));
}

// One step of a bot at bot.nextMs: shear what the click tokens allow, prestige when its strategy
// says so, shop, then decide when it plays next.
void play_step(const Context& c, Bot& bot) {
    const Ruleset& rules = c.rules;
    const Constants& k = rules.constants;
    State& s = bot.out->state;
    const std::int64_t t = bot.nextMs;
    const Strategy strategy = bot.out->strategy;
    if (bot.sessionStart) {
        // A visit starts with a tick: it cannot be refused, so the offline stretch that the batch
        // path advanced is exactly the one a replay of this log advances.
        send(c, bot, Action::tick(t));
        bot.sessionStart = false;
        bot.step = 0;
    }
    const std::int64_t tokens = std::min(k.clickBurst * 1000, s.clickTokensMilli + (t - s.lastUpdateMs) * k.clickTokensPerSecond);
    const std::int64_t clicks = std::min(k.shearMaxCount, tokens / 1000);
    if (clicks > 0) send(c, bot, Action::shear(t, clicks));
    const bool clicker = strategy == Strategy::clicker;
    const bool lastStep = !clicker || bot.step + 1 >= kClickerSessionSteps;
    if (!clicker || bot.step % kClickerShoppingEvery == 0 || lastStep) {
        maybe_prestige(c, bot, t);
        if (strategy == Strategy::idle) shop_biggest_first(c, bot, t);
        else shop_cheapest_first(c, bot, t);
    }
    ++bot.step;
    if (!lastStep) {
        bot.nextMs = t + kClickerStepMs;
        return;
    }
    bot.sessionStart = true;
    switch (strategy) {
        case Strategy::idle: bot.nextMs = t + 8 * kHour + bot.rng.range(-20 * kMinute, 20 * kMinute); break;
        case Strategy::clicker: bot.nextMs = when_awake(c, bot, t + bot.rng.range(4 * kHour, 6 * kHour)); break;
        case Strategy::greedy:
        case Strategy::prestige: bot.nextMs = when_awake(c, bot, t + bot.rng.range(30 * kMinute, 2 * kHour)); break;
    }
}

// Plays bots [lo, hi) up to and including time `sampleMs`, then samples them at sampleMs.
void run_slice(const Context& c, std::size_t lo, std::size_t hi, std::int64_t sampleMs, PlayerBatch& away,
               PlayerBatch& sample, std::vector<double>& toMs, std::vector<std::size_t>& who, std::uint64_t& stretches) {
    const Ruleset& rules = c.rules;
    // Visits that go on from the previous time step (the clicker's).
    for (std::size_t i = lo; i < hi; ++i) {
        Bot& bot = c.bots[i];
        while (!bot.sessionStart && bot.nextMs <= sampleMs) play_step(c, bot);
    }
    // Bots coming back: their offline stretches advanced together by the batch path, then their
    // visits played with the scalar engine; again while a visit ends before sampleMs and the next
    // one starts before it too.
    for (;;) {
        std::size_t n = 0;
        for (std::size_t i = lo; i < hi; ++i) {
            const Bot& bot = c.bots[i];
            if (!bot.sessionStart || bot.nextMs > sampleMs) continue;
            away.load(rules, n, bot.out->state);
            toMs[n] = static_cast<double>(bot.nextMs);
            who[n++] = i;
        }
        if (n == 0) break;
        const Status st = advance_batch(rules, slice_columns(away.columns(), 0, n), toMs.data());
        if (!st.ok()) throw std::logic_error("advance_batch: " + st.message);  // a bug, never bad input
        stretches += n;
        for (std::size_t j = 0; j < n; ++j) {
            Bot& bot = c.bots[who[j]];
            away.store(j, bot.out->state);
            do play_step(c, bot);
            while (!bot.sessionStart && bot.nextMs <= sampleMs);
        }
    }
    // The sample: every farm advanced to sampleMs on a copy, and its leaderboard scores.
    const std::size_t n = hi - lo;
    for (std::size_t j = 0; j < n; ++j) sample.load(rules, j, c.bots[lo + j].out->state);
    const PlayerColumns columns = slice_columns(sample.columns(), 0, n);
    Status st = advance_batch_to(rules, columns, sampleMs);
    ScoreColumns scores;
    scores.lifetimeValue = c.metrics[kLifetimeValue].data() + lo;
    scores.currentWoolValue = c.metrics[kCurrentWoolValue].data() + lo;
    scores.valuePerSecond = c.metrics[kValuePerSecond].data() + lo;
    scores.soulShears = c.metrics[kSoulShears].data() + lo;
    scores.prestigeLevel = c.metrics[kPrestiges].data() + lo;
    if (st.ok()) st = leaderboard_scores_batch(rules, columns, sampleMs, scores);
    if (!st.ok()) throw std::logic_error("batch sample: " + st.message);
    for (std::size_t j = 0; j < n; ++j) {
        BotResult& r = *c.bots[lo + j].out;
        for (int w = 0; w < rules.wool_count(); ++w)
            if (r.woolUnlockedMs[w] < 0 && columns.runValue[j] >= rules.wool[w].unlockValue)
                r.woolUnlockedMs[w] = sampleMs - c.config.startMs;
    }
}

std::uint64_t bot_seed(std::uint64_t seed, std::size_t i) {
    lwtest::SplitMix64 mix(seed ^ (0x9e3779b97f4a7c15ull * (i + 1)));
    return mix.next();
}

}  // namespace

const char* strategy_name(Strategy s) {
    switch (s) {
        case Strategy::greedy: return "greedy";
        case Strategy::idle: return "idle";
        case Strategy::clicker: return "clicker";
        case Strategy::prestige: return "prestige";
    }
    return "?";
}

const char* strategy_description(Strategy s) {
    switch (s) {
        case Strategy::greedy:
            return "visits every 30 min to 2 h while awake (16 h a day); shears, buys the cheapest affordable thing "
                   "again and again, prestiges as soon as it may";
        case Strategy::idle:
            return "visits every 8 h (+-20 min), day and night; shears, buys as many levels as it can of the most "
                   "expensive affordable building first, then upgrades; prestiges as soon as it may";
        case Strategy::clicker:
            return "plays 4 minutes every 4 to 6 h while awake, shearing 10 times a second (20 clicks every 2 s), "
                   "shopping cheapest first every 30 s; prestiges as soon as it may";
        case Strategy::prestige:
            return "plays like greedy, but prestiges only when the soul shears gained raise its production "
                   "multiplier by at least 25 %";
    }
    return "?";
}

bool parse_strategy(const std::string& name, Strategy& out) {
    for (Strategy s : kAllStrategies)
        if (name == strategy_name(s)) {
            out = s;
            return true;
        }
    return false;
}

const char* metric_name(int metric) {
    static const char* const kNames[kMetricCount] = {"lifetimeValue", "currentWoolValue", "valuePerSecond",
                                                     "soulShears", "prestiges"};
    return kNames[metric];
}

double percentile_sorted(const std::vector<double>& sorted, int percent) {
    if (sorted.empty()) return 0;
    const std::size_t rank = (sorted.size() * static_cast<std::size_t>(percent) + 99) / 100;  // ceil
    return sorted[rank == 0 ? 0 : rank - 1];
}

SimulationResult run_simulation(const Ruleset& rules, const SimulationConfig& config) {
    SimulationResult result;
    const std::size_t nBots = config.bots;
    const std::size_t nStrategies = config.strategies.size();
    result.bots.resize(nBots);
    std::vector<Bot> bots(nBots);
    for (std::size_t i = 0; i < nBots; ++i) {
        BotResult& r = result.bots[i];
        r.strategy = config.strategies[i % nStrategies];
        r.seed = bot_seed(config.seed, i);
        r.player = "sim-" + std::string(strategy_name(r.strategy)) + "-" + std::to_string(i);
        r.state = new_game(rules, r.player, config.startMs);
        r.woolUnlockedMs.fill(-1);
        r.buildingBoughtMs.fill(-1);
        Bot& bot = bots[i];
        bot.out = &r;
        bot.rng = lwtest::SplitMix64(r.seed);
        bot.wakeOffsetMs = bot.rng.range(0, kDay - 1);
        bot.nextMs = config.startMs;  // every bot starts its farm at the start
    }

    std::vector<std::vector<double>> metrics(kMetricCount, std::vector<double>(nBots));
    Context context{rules, config, bots, metrics};
    const unsigned nThreads = std::max(1u, std::min<unsigned>(config.threads, static_cast<unsigned>(std::max<std::size_t>(nBots, 1))));
    struct Worker {
        std::size_t lo, hi;
        PlayerBatch away, sample;
        std::vector<double> toMs;
        std::vector<std::size_t> who;
        std::uint64_t stretches = 0;
    };
    std::vector<Worker> workers;
    for (unsigned k = 0; k < nThreads; ++k) {
        const std::size_t lo = nBots * k / nThreads, hi = nBots * (k + 1) / nThreads;
        workers.push_back(Worker{lo, hi, PlayerBatch(rules, hi - lo), PlayerBatch(rules, hi - lo),
                                 std::vector<double>(hi - lo), std::vector<std::size_t>(hi - lo), 0});
    }

    result.series.resize(nStrategies);
    const std::int64_t endMs = config.startMs + config.days * kDay;
    const std::size_t nSamples = static_cast<std::size_t>((endMs - config.startMs) / config.sampleEveryMs) + 1;
    std::vector<double> values;
    for (std::size_t k = 0; k < nSamples; ++k) {
        const std::int64_t sampleMs = config.startMs + static_cast<std::int64_t>(k) * config.sampleEveryMs;
        result.sampleMs.push_back(sampleMs);
        auto work = [&](Worker& w) { run_slice(context, w.lo, w.hi, sampleMs, w.away, w.sample, w.toMs, w.who, w.stretches); };
        std::vector<std::thread> threads;
        for (std::size_t t = 1; t < workers.size(); ++t) threads.emplace_back(work, std::ref(workers[t]));
        work(workers[0]);
        for (std::thread& t : threads) t.join();

        for (std::size_t si = 0; si < nStrategies; ++si) {
            for (int m = 0; m < kMetricCount; ++m) {
                values.clear();
                for (std::size_t i = si; i < nBots; i += nStrategies) values.push_back(metrics[m][i]);
                Stats st;
                double sum = 0;
                for (double v : values) sum += v;
                st.mean = values.empty() ? 0 : sum / static_cast<double>(values.size());
                std::sort(values.begin(), values.end());
                st.p10 = percentile_sorted(values, 10);
                st.median = percentile_sorted(values, 50);
                st.p90 = percentile_sorted(values, 90);
                result.series[si][m].push_back(st);
            }
        }
        result.batchSamples += nBots;
        if (config.progress) config.progress(static_cast<double>(k + 1) / static_cast<double>(nSamples));
    }
    for (const Worker& w : workers) result.batchOfflineStretches += w.stretches;
    return result;
}

}  // namespace llamawool::sim
