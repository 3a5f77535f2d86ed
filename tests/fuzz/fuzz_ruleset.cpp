// libFuzzer target: the ruleset loader (load_ruleset, docs/ruleset.md). A ruleset that
// loads is played: a fresh farm and a rich one take a short game (ticks, shears, every building
// and upgrade bought, an offline gap, a prestige), save and load with it, and the batch kernels
// run on the farms and must give the scalar engine's bits (docs/batch.md) for whatever numbers
// the ruleset holds.
// Invariants: a refusal is invalid_json or invalid_ruleset with a message; loading is a function
// of the text (same content hash twice); the play keeps the invariants of apply_checked; batch
// equals scalar bit for bit.
#include <cstring>
#include <vector>

#include "fuzz_support.hpp"

using namespace llamawool;

namespace {

constexpr std::int64_t kStartMs = 1700000000000;

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

std::string bits_detail(const char* what, std::size_t player, double batch, double scalar) {
    return std::string(what) + " of player " + std::to_string(player) + ": batch " + format_amount(batch) + " (" +
           std::to_string(batch) + "), scalar " + std::to_string(scalar);
}

void check_batch_equals_scalar(const Ruleset& rules, const std::vector<State>& farms) {
    std::int64_t atMs = 0;
    for (const State& s : farms) atMs = std::max(atMs, s.lastUpdateMs);
    const BatchOptions options;  // automatic: the best instruction set of this machine

    // Moments: rates, pending soul shears, scores.
    PlayerBatch batch(rules, farms);
    const std::size_t n = farms.size();
    std::vector<double> rates(kMaxWoolTypes * n), valueRate(n), pending(n), score(5 * n);
    RateColumns rc;
    for (int w = 0; w < rules.wool_count(); ++w) rc.rate[w] = &rates[w * n];
    rc.valueRate = valueRate.data();
    FUZZ_CHECK(production_rates_batch(rules, batch.columns(), atMs, rc, options).ok(), "production_rates_batch refused");
    FUZZ_CHECK(pending_soul_shears_batch(rules, batch.columns(), atMs, pending.data(), options).ok(), "pending refused");
    const ScoreColumns sc{&score[0], &score[n], &score[2 * n], &score[3 * n], &score[4 * n]};
    FUZZ_CHECK(leaderboard_scores_batch(rules, batch.columns(), atMs, sc, options).ok(), "scores refused");
    for (std::size_t i = 0; i < n; ++i) {
        const Production p = compute_production(rules, farms[i], atMs);
        for (int w = 0; w < rules.wool_count(); ++w)
            FUZZ_CHECK(same_bits(rates[w * n + i], p.rate[w]), bits_detail("rate", i, rates[w * n + i], p.rate[w]));
        FUZZ_CHECK(same_bits(valueRate[i], p.valueRate), bits_detail("valueRate", i, valueRate[i], p.valueRate));
        const double ss = pending_soul_shears(rules, farms[i], atMs);
        FUZZ_CHECK(same_bits(pending[i], ss), bits_detail("pending soul shears", i, pending[i], ss));
        const LeaderboardScores l = leaderboard_scores(rules, farms[i], atMs);
        FUZZ_CHECK(same_bits(score[4 * n + i], l.valuePerSecond), bits_detail("valuePerSecond", i, score[4 * n + i], l.valuePerSecond));
        FUZZ_CHECK(same_bits(score[n + i], l.currentWoolValue), bits_detail("currentWoolValue", i, score[n + i], l.currentWoolValue));
    }

    // Advancing online (1 s), across the online gap (1 h) and past the offline cap (4 days).
    for (std::int64_t dt : {std::int64_t{1000}, std::int64_t{3600000}, std::int64_t{4} * 86400000}) {
        const std::int64_t toMs = atMs + dt;
        PlayerBatch b(rules, farms);
        std::vector<double> credited(n), forfeited(n), gained(n);
        const AdvanceColumns report{credited.data(), forfeited.data(), gained.data()};
        FUZZ_CHECK(advance_batch_to(rules, b.columns(), toMs, &report, options).ok(), "advance_batch_to refused");
        for (std::size_t i = 0; i < n; ++i) {
            State scalar = farms[i];
            const AdvanceReport r = advance(rules, scalar, toMs);
            State fromBatch = farms[i];
            b.store(i, fromBatch);
            FUZZ_CHECK(fromBatch == scalar, "advance_batch_to and advance differ for player " + std::to_string(i) + " by " +
                                                std::to_string(dt) + " ms:\nbatch  " + save_to_json(rules, fromBatch) +
                                                "scalar " + save_to_json(rules, scalar));
            FUZZ_CHECK(same_bits(gained[i], r.valueGained), bits_detail("valueGained", i, gained[i], r.valueGained));
            FUZZ_CHECK(credited[i] == static_cast<double>(r.creditedMs) && forfeited[i] == static_cast<double>(r.forfeitedMs),
                       "credited/forfeited ms differ");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::as_text(data, size);
    const Result<Ruleset> loaded = load_ruleset(text);
    if (!loaded.ok()) {
        fuzz::check_error(loaded.status());
        FUZZ_CHECK(loaded.status().code == ErrorCode::invalid_json || loaded.status().code == ErrorCode::invalid_ruleset,
                   std::string("load_ruleset gave ") + error_code_name(loaded.status().code));
        return 0;
    }
    const Ruleset& rules = loaded.value();
    FUZZ_CHECK(load_ruleset(text).value().contentHash == rules.contentHash, "loading twice gives another content hash");

    std::vector<State> farms;
    State fresh = new_game(rules, "fuzz-fresh", kStartMs);
    fuzz::check_round_trip(rules, fresh, "a new game");
    farms.push_back(fresh);
    fuzz::short_play(rules, fresh);
    farms.push_back(fresh);

    State rich = new_game(rules, "fuzz-rich", kStartMs);
    for (int w = 0; w < rules.wool_count(); ++w) rich.wool[w] = 1e15;
    rich.runValue = rich.lifetimeValue = 1e30;
    rich.buildings[0] = 10;
    fuzz::check_round_trip(rules, rich, "a rich farm");
    farms.push_back(rich);
    fuzz::short_play(rules, rich);
    farms.push_back(rich);

    check_batch_equals_scalar(rules, farms);
    return 0;
}
