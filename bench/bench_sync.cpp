// Server-side throughput: replaying recorded actions, and syncing a 100-action batch.
#include <benchmark/benchmark.h>

#include "bot.hpp"
#include "llamawool/llamawool.hpp"
#include "formats/sync_request_plain.hpp"

using namespace llamawool;

namespace {

constexpr std::int64_t kT0 = 1700000000000;

// An honest 10 000-action log (the seeded bot of the tests, accepted actions only).
struct RecordedGame {
    State start;
    std::vector<Action> actions;
};

const RecordedGame& recorded_game() {
    static const RecordedGame game = [] {
        const Ruleset& rules = default_ruleset();
        RecordedGame g{new_game(rules, "bench-player", kT0), {}};
        State s = g.start;
        lwtest::SplitMix64 rng(42);
        while (g.actions.size() < 10000) {
            State scratch = s;
            const lwtest::Playthrough one = lwtest::play_bot(rules, scratch, rng.next(), 1, lwtest::BotProfile{6, 1, 70});
            if (one.accepted != 1) continue;
            apply_action(rules, s, one.actions[0]);
            g.actions.push_back(one.actions[0]);
        }
        return g;
    }();
    return game;
}

// The server's trusted state after the first 5000 actions, and the next 100 as the request an
// honest client sends.
std::pair<State, SyncRequest> batch_after_5000(const Ruleset& rules, const RecordedGame& game) {
    State server = game.start;
    for (std::size_t i = 0; i < 5000; ++i) apply_action(rules, server, game.actions[i]);
    SyncRequest request;
    request.baseHash = state_hash(rules, server);
    State client = server;
    for (std::size_t i = 5000; i < 5100; ++i) {
        apply_action(rules, client, game.actions[i]);
        request.actions.emplace_back(game.actions[i]);
    }
    request.claimedHash = state_hash(rules, client);
    return {server, request};
}

void BM_ReplayRecordedActions(benchmark::State& bs) {
    const Ruleset& rules = default_ruleset();
    const RecordedGame& game = recorded_game();
    for (auto _ : bs) {
        State s = game.start;
        for (const Action& a : game.actions) benchmark::DoNotOptimize(apply_action(rules, s, a));
    }
    bs.SetItemsProcessed(bs.iterations() * static_cast<std::int64_t>(game.actions.size()));
    bs.SetLabel("actions replayed");
}
BENCHMARK(BM_ReplayRecordedActions)->Unit(benchmark::kMillisecond);

void BM_Sync100ActionBatch(benchmark::State& bs) {
    const Ruleset& rules = default_ruleset();
    const RecordedGame& game = recorded_game();
    const auto [server, request] = batch_after_5000(rules, game);
    const std::int64_t now = game.actions[5099].t;
    for (auto _ : bs) {
        State trusted = server;
        const SyncResponse r = sync(rules, trusted, request, now);
        if (r.outcome != SyncOutcome::accepted) bs.SkipWithError("batch not accepted");
        benchmark::DoNotOptimize(r);
    }
    bs.SetItemsProcessed(bs.iterations());
    bs.SetLabel("batches");
}
BENCHMARK(BM_Sync100ActionBatch)->Unit(benchmark::kMicrosecond);

// The request text of the batch above, parsed: the share of the parse in a host's sync. The
// /plain run is parse_sync_request (the plain-form parser reads this text); /general the general
// parser, which every request went through before (engine/formats/sync_request_plain.hpp).
void BM_ParseSyncRequest100(benchmark::State& bs) {
    const bool plain = bs.range(0) == 1;
    const Ruleset& rules = default_ruleset();
    const RecordedGame& game = recorded_game();
    const std::string text = sync_request_to_json(batch_after_5000(rules, game).second);
    if (!detail::parse_plain_sync_request(text)) bs.SkipWithError("the plain parser declines the canonical form");
    for (auto _ : bs) {
        auto parsed = plain ? parse_sync_request(text) : detail::parse_sync_request_general(text);
        if (!parsed.ok()) bs.SkipWithError("request not parsed");
        benchmark::DoNotOptimize(parsed);
    }
    bs.SetItemsProcessed(bs.iterations());
    bs.SetBytesProcessed(bs.iterations() * static_cast<std::int64_t>(text.size()));
    bs.SetLabel(plain ? "requests of 100 actions, plain parser" : "requests of 100 actions, general parser");
}
BENCHMARK(BM_ParseSyncRequest100)->ArgName("plain")->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);

void BM_Sync100ActionBatchFromJson(benchmark::State& bs) {
    // The same batch as a host receives it: request text in, response text out.
    const Ruleset& rules = default_ruleset();
    const RecordedGame& game = recorded_game();
    const auto [server, request] = batch_after_5000(rules, game);
    const std::string text = sync_request_to_json(request);
    const std::string saved = save_to_json(rules, server);
    const std::int64_t now = game.actions[5099].t;
    for (auto _ : bs) {
        auto trusted = load_save(rules, saved);
        auto parsed = parse_sync_request(text);
        const SyncResponse r = sync(rules, trusted.value(), parsed.value(), now);
        benchmark::DoNotOptimize(sync_response_to_json(rules, trusted.value(), r));
        benchmark::DoNotOptimize(save_to_json(rules, trusted.value()));
    }
    bs.SetItemsProcessed(bs.iterations());
    bs.SetLabel("batches (load save, parse, sync, respond, save)");
}
BENCHMARK(BM_Sync100ActionBatchFromJson)->Unit(benchmark::kMicrosecond);

}  // namespace
