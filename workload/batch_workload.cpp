#include "batch_workload.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <utility>

#include "random_players.hpp"

namespace lwbench {

using namespace llamawool;

namespace {

const Ruleset& event_ruleset() {
    static const Ruleset rules = [] {
        std::string text(default_ruleset_json());
        const std::string events = R"("events": [
            {"id": "double_wool", "startMs": 1700000000000, "endMs": 1700010000000, "effects": {"production": 2}},
            {"id": "harvest", "startMs": 1700020000000, "endMs": 1700100000000, "effects": {"offlineEfficiency": 0.1}}
        ])";
        const std::size_t at = text.find("\"events\": []");
        if (at == std::string::npos) std::abort();
        text.replace(at, std::strlen("\"events\": []"), events);
        const std::string id = "\"id\": \"llama-wool-farm/1\"";
        text.replace(text.find(id), id.size(), "\"id\": \"llama-wool-farm/1+bench-events\"");
        Result<Ruleset> loaded = load_ruleset(text);
        if (!loaded.ok()) {
            std::fprintf(stderr, "bench ruleset: %s\n", loaded.status().message.c_str());
            std::abort();
        }
        return loaded.value();
    }();
    return rules;
}

constexpr std::int64_t kStartMs = 1700000000000;

std::vector<State> players_at_start(const Ruleset& rules, std::size_t count, bool breakpoints) {
    std::vector<State> states = lwtest::random_players(rules, 2026, count, {breakpoints});
    for (State& s : states) s.lastUpdateMs = kStartMs;
    return states;
}

}  // namespace

double best_seconds(const std::function<void()>& reset, const std::function<void()>& run, double budget,
                    int minRepetitions, int maxRepetitions) {
    using Clock = std::chrono::steady_clock;
    double best = 1e300, spent = 0;
    for (int rep = 0; rep < maxRepetitions && (rep < minRepetitions || spent < budget); ++rep) {
        reset();
        const auto start = Clock::now();
        run();
        const double s = std::chrono::duration<double>(Clock::now() - start).count();
        spent += s;
        best = s < best ? s : best;
    }
    return best;
}

State midgame_state() {
    const Ruleset& rules = default_ruleset();
    State s = new_game(rules, "bench-player", kStartMs);
    s.runValue = s.lifetimeValue = 5e9;
    s.wool[0] = 1e6;
    s.wool[1] = 5e5;
    s.wool[2] = 1e5;
    const int levels[] = {60, 40, 30, 20, 10, 5, 0, 0};
    for (int b = 0; b < 8; ++b) s.buildings[b] = levels[b];
    s.upgrades = 0x7f;
    s.achievements = 0x1f;
    return s;
}

Population::Population(std::size_t count, bool breakpoints)
    : rules(breakpoints ? &event_ruleset() : &default_ruleset()),
      startMs(kStartMs),
      states(players_at_start(*rules, count, breakpoints)),
      batch(*rules, states) {}

const Population& population(std::size_t count, bool breakpoints) {
    static std::map<std::pair<std::size_t, bool>, std::unique_ptr<Population>> cache;
    std::unique_ptr<Population>& p = cache[{count, breakpoints}];
    if (!p) p = std::make_unique<Population>(count, breakpoints);
    return *p;
}

void scalar_advance(const Ruleset& rules, std::vector<State>& states, std::int64_t toMs) {
    for (State& s : states) advance(rules, s, toMs);
}

void batch_advance(const Ruleset& rules, const PlayerBatch& batch, std::int64_t toMs, BatchArch arch) {
    const Status s = advance_batch_to(rules, batch.columns(), toMs, nullptr, {arch});
    if (!s.ok()) {
        std::fprintf(stderr, "advance_batch_to: %s\n", s.message.c_str());
        std::abort();
    }
}

double scalar_rates(const Ruleset& rules, const std::vector<State>& states, std::int64_t atMs) {
    double sum = 0;
    for (const State& s : states) sum += compute_production(rules, s, atMs).valueRate;
    return sum;
}

void batch_rates(const Ruleset& rules, const PlayerBatch& batch, std::int64_t atMs, const RateColumns& out,
                 BatchArch arch) {
    const Status s = production_rates_batch(rules, batch.columns(), atMs, out, {arch});
    if (!s.ok()) {
        std::fprintf(stderr, "production_rates_batch: %s\n", s.message.c_str());
        std::abort();
    }
}

RateOutput::RateOutput(const Ruleset& rules, std::size_t count)
    : rate(rules.wool_count(), std::vector<double>(count)), valueRate(count) {
    for (int w = 0; w < rules.wool_count(); ++w) columns.rate[w] = rate[w].data();
    columns.valueRate = valueRate.data();
}

}  // namespace lwbench
