// The batch kernels against the scalar engine: 10 000 seeded random players through every kernel
// on every instruction set this machine runs (the scalar fallback included; in WebAssembly the
// wasm SIMD128 build, on AArch64 neon64), every output compared bit for bit.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <cstring>
#include <string>
#include <vector>
#if !defined(__EMSCRIPTEN__)
#include <thread>
#endif

#include "random_players.hpp"
#include "test_support.hpp"

namespace lwtest {
namespace {

constexpr std::size_t kPlayers = 10000;

std::uint64_t bits(double x) {
    std::uint64_t b;
    std::memcpy(&b, &x, sizeof b);
    return b;
}

// "1.2345678901234567e+08 (0x419d6f3454000000)"
std::string describe(double x) {
    char text[64];
    std::snprintf(text, sizeof text, "%.17g (0x%016llx)", x, static_cast<unsigned long long>(bits(x)));
    return text;
}

// Bitwise equality that reports the player, the field and both values on failure.
#define CHECK_SAME_BITS(batchValue, scalarValue, player, field)                                        \
    do {                                                                                               \
        const double batchValue_ = (batchValue), scalarValue_ = (scalarValue);                           \
        if (bits(batchValue_) != bits(scalarValue_)) {                                                 \
            FAIL_CHECK("player " << (player) << " " << (field) << ": batch " << describe(batchValue_)    \
                                 << ", scalar " << describe(scalarValue_));                            \
            return;                                                                                    \
        }                                                                                              \
    } while (false)

// A ruleset with live-ops events whose edges fall inside the random players' gaps (which start
// between kT0 and kT0 + 31 days).
const Ruleset& event_rules() {
    static const Ruleset r = ruleset_with_events(R"([
        {"id": "double_wool", "startMs": 1700500000000, "endMs": 1700700000000, "effects": {"production": 2}},
        {"id": "prestige_bonus", "startMs": 1700600000000, "endMs": 1701000000000, "effects": {"prestige": 2}},
        {"id": "harvest", "startMs": 1701200000000, "endMs": 1701900000000, "effects": {"offlineEfficiency": 0.1}},
        {"id": "flash", "startMs": 1701500000000, "endMs": 1701500090000, "effects": {"production": 3}},
        {"id": "fair", "startMs": 1701000000000, "endMs": 1702000000000, "effects": {"buildingCost": 0.75, "production": 1.5}}
    ])");
    return r;
}

std::vector<BatchArch> archs_under_test() {
    const std::vector<BatchArch> archs = available_batch_archs();
    std::string names;
    for (BatchArch a : archs) names += std::string(names.empty() ? "" : ", ") + batch_arch_name(a);
    MESSAGE("batch kernels tested on: " << names);
    REQUIRE(!archs.empty());
    return archs;
}

void check_advance(const Ruleset& rules, const std::vector<State>& players, const std::vector<std::int64_t>& targets,
                   BatchArch arch) {
    PlayerBatch batch(rules, players);
    std::vector<double> toMs(targets.begin(), targets.end());
    std::vector<double> credited(players.size()), forfeited(players.size()), gained(players.size());
    const AdvanceColumns report{credited.data(), forfeited.data(), gained.data()};
    const Status s = advance_batch(rules, batch.columns(), toMs.data(), &report, {arch});
    REQUIRE_MESSAGE(s.ok(), s.message);
    for (std::size_t i = 0; i < players.size(); ++i) {
        State scalar = players[i];
        const AdvanceReport r = advance(rules, scalar, targets[i]);
        State fromBatch = players[i];
        batch.store(i, fromBatch);
        for (int w = 0; w < rules.wool_count(); ++w)
            CHECK_SAME_BITS(fromBatch.wool[w], scalar.wool[w], i, "wool[" + std::to_string(w) + "]");
        CHECK_SAME_BITS(fromBatch.runValue, scalar.runValue, i, "runValue");
        CHECK_SAME_BITS(fromBatch.lifetimeValue, scalar.lifetimeValue, i, "lifetimeValue");
        CHECK_SAME_BITS(credited[i], static_cast<double>(r.creditedMs), i, "creditedMs");
        CHECK_SAME_BITS(forfeited[i], static_cast<double>(r.forfeitedMs), i, "forfeitedMs");
        CHECK_SAME_BITS(gained[i], r.valueGained, i, "valueGained");
        CHECK_SAME_BITS(static_cast<double>(fromBatch.lastUpdateMs), static_cast<double>(scalar.lastUpdateMs), i, "lastUpdateMs");
        CHECK_SAME_BITS(static_cast<double>(fromBatch.playTimeMs), static_cast<double>(scalar.playTimeMs), i, "playTimeMs");
        CHECK_SAME_BITS(static_cast<double>(fromBatch.clickTokensMilli), static_cast<double>(scalar.clickTokensMilli), i,
                        "clickTokensMilli");
    }
}

void check_rates(const Ruleset& rules, const std::vector<State>& players, std::int64_t atMs, BatchArch arch) {
    const PlayerBatch batch(rules, players);
    std::vector<std::vector<double>> rate(rules.wool_count(), std::vector<double>(players.size()));
    std::vector<double> valueRate(players.size());
    RateColumns out;
    for (int w = 0; w < rules.wool_count(); ++w) out.rate[w] = rate[w].data();
    out.valueRate = valueRate.data();
    const Status s = production_rates_batch(rules, batch.columns(), atMs, out, {arch});
    REQUIRE_MESSAGE(s.ok(), s.message);
    for (std::size_t i = 0; i < players.size(); ++i) {
        const Production p = compute_production(rules, players[i], atMs);
        for (int w = 0; w < rules.wool_count(); ++w)
            CHECK_SAME_BITS(rate[w][i], p.rate[w], i, "rate[" + std::to_string(w) + "]");
        CHECK_SAME_BITS(valueRate[i], p.valueRate, i, "valueRate");
    }
}

void check_soul_shears_and_scores(const Ruleset& rules, const std::vector<State>& players, std::int64_t atMs,
                                  BatchArch arch) {
    const PlayerBatch batch(rules, players);
    const std::size_t n = players.size();
    std::vector<double> pending(n), lifetime(n), woolValue(n), level(n), soulShears(n), perSecond(n);
    Status s = pending_soul_shears_batch(rules, batch.columns(), atMs, pending.data(), {arch});
    REQUIRE_MESSAGE(s.ok(), s.message);
    s = leaderboard_scores_batch(rules, batch.columns(), atMs,
                                 {lifetime.data(), woolValue.data(), level.data(), soulShears.data(), perSecond.data()},
                                 {arch});
    REQUIRE_MESSAGE(s.ok(), s.message);
    for (std::size_t i = 0; i < n; ++i) {
        CHECK_SAME_BITS(pending[i], pending_soul_shears(rules, players[i], atMs), i, "pendingSoulShears");
        const LeaderboardScores scores = leaderboard_scores(rules, players[i], atMs);
        CHECK_SAME_BITS(lifetime[i], scores.lifetimeValue, i, "lifetimeValue");
        CHECK_SAME_BITS(woolValue[i], scores.currentWoolValue, i, "currentWoolValue");
        CHECK_SAME_BITS(level[i], static_cast<double>(scores.prestigeLevel), i, "prestigeLevel");
        CHECK_SAME_BITS(soulShears[i], scores.soulShears, i, "soulShears");
        CHECK_SAME_BITS(perSecond[i], scores.valuePerSecond, i, "valuePerSecond");
    }
}

// Column bytes of a batch, to show that a refused call changed nothing.
std::vector<double> snapshot(const Ruleset& rules, const PlayerBatch& batch) {
    std::vector<State> states(batch.size());
    std::vector<double> bytes;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        batch.store(i, states[i]);
        for (int w = 0; w < rules.wool_count(); ++w) bytes.push_back(states[i].wool[w]);
        for (double x : {states[i].runValue, states[i].lifetimeValue, static_cast<double>(states[i].lastUpdateMs),
                         static_cast<double>(states[i].playTimeMs), static_cast<double>(states[i].clickTokensMilli)})
            bytes.push_back(x);
    }
    return bytes;
}

}  // namespace

TEST_CASE("batch: advance gives the scalar bits for 10 000 random players on every instruction set") {
    for (const Ruleset* rules : {&lwtest::rules(), &event_rules()}) {
        CAPTURE(rules->id);
        const std::vector<State> players = random_players(*rules, 42, kPlayers);
        const std::vector<std::int64_t> targets = random_targets(players, 43);
        for (BatchArch arch : archs_under_test()) {
            const std::string archName = batch_arch_name(arch);
            CAPTURE(archName);
            check_advance(*rules, players, targets, arch);
        }
    }
}

TEST_CASE("batch: the random players cross unlocks, event edges and the offline cap") {
    // The comparison above proves little unless the players exercise the piecewise loop.
    const std::vector<State> players = random_players(event_rules(), 42, kPlayers);
    const std::vector<std::int64_t> targets = random_targets(players, 43);
    int severalPieces = 0, capped = 0, zeroGap = 0, crossedUnlock = 0, crossedEventEdge = 0;
    for (std::size_t i = 0; i < players.size(); ++i) {
        State s = players[i];
        const AdvanceReport r = advance(event_rules(), s, targets[i]);
        severalPieces += r.pieces >= 3;
        capped += r.forfeitedMs > 0;
        zeroGap += r.toMs == r.fromMs;
        crossedUnlock += r.woolUnlockedMask != 0;
        for (const Event& e : event_rules().events)
            if ((e.startMs > r.fromMs && e.startMs < r.fromMs + r.creditedMs) ||
                (e.endMs > r.fromMs && e.endMs < r.fromMs + r.creditedMs)) {
                ++crossedEventEdge;
                break;
            }
    }
    MESSAGE("of " << kPlayers << " advances: " << severalPieces << " with 3+ pieces, " << crossedUnlock
                  << " crossing an unlock, " << crossedEventEdge << " crossing an event edge, " << capped
                  << " beyond the offline cap, " << zeroGap << " of zero length");
    CHECK(severalPieces > 500);
    CHECK(crossedUnlock > 1000);
    CHECK(crossedEventEdge > 500);
    CHECK(capped > 1000);
    CHECK(zeroGap > 500);
}

TEST_CASE("batch: a common target time gives the same bits as per-player times") {
    const std::vector<State> players = random_players(event_rules(), 7, 999);
    std::int64_t latest = 0;
    for (const State& s : players) latest = s.lastUpdateMs > latest ? s.lastUpdateMs : latest;
    const std::int64_t to = latest + 8 * 3600000;
    for (BatchArch arch : archs_under_test()) {
        const std::string archName = batch_arch_name(arch);
            CAPTURE(archName);
        PlayerBatch common(event_rules(), players);
        REQUIRE(advance_batch_to(event_rules(), common.columns(), to, nullptr, {arch}).ok());
        check_advance(event_rules(), players, std::vector<std::int64_t>(players.size(), to), arch);
        for (std::size_t i = 0; i < players.size(); ++i) {
            State scalar = players[i], batched = players[i];
            advance(event_rules(), scalar, to);
            common.store(i, batched);
            if (!(scalar == batched)) FAIL_CHECK("player " << i << " differs");
        }
    }
}

TEST_CASE("batch: rates, pending soul shears and scores give the scalar bits") {
    for (const Ruleset* rules : {&lwtest::rules(), &event_rules()}) {
        CAPTURE(rules->id);
        const std::vector<State> players = random_players(*rules, 44, kPlayers);
        for (BatchArch arch : archs_under_test()) {
            const std::string archName = batch_arch_name(arch);
            CAPTURE(archName);
            for (std::int64_t atMs : {kT0, std::int64_t{1700650000000}, std::int64_t{1701500050000}}) {
                CAPTURE(atMs);
                check_rates(*rules, players, atMs, arch);
                check_soul_shears_and_scores(*rules, players, atMs, arch);
            }
        }
    }
}

TEST_CASE("batch: every batch size, whole blocks or not, gives the scalar bits") {
    const std::vector<State> all = random_players(event_rules(), 45, 40);
    const std::vector<std::int64_t> targets = random_targets(all, 46);
    for (BatchArch arch : archs_under_test()) {
        const std::string archName = batch_arch_name(arch);
            CAPTURE(archName);
        for (std::size_t n = 0; n <= all.size(); ++n) {
            CAPTURE(n);
            const std::vector<State> players(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n));
            check_advance(event_rules(), players, {targets.begin(), targets.begin() + static_cast<std::ptrdiff_t>(n)}, arch);
            check_rates(event_rules(), players, 1700650000000, arch);
            check_soul_shears_and_scores(event_rules(), players, 1700650000000, arch);
        }
    }
}

TEST_CASE("batch: extreme but valid amounts give the scalar bits") {
    std::vector<State> players = random_players(rules(), 47, 64);
    for (std::size_t i = 0; i < players.size(); ++i) {
        State& s = players[i];
        if (i % 4 == 0) s.soulShears = 1.7976931348623157e308;  // rates overflow to inf
        if (i % 4 == 1) s.runValue = s.lifetimeValue = 1.7976931348623157e308;
        if (i % 4 == 2) s.buildings.fill(static_cast<std::int32_t>(rules().constants.buildingMaxLevel));
        if (i % 4 == 3) s.wool.fill(1.7976931348623157e308);
    }
    const std::vector<std::int64_t> targets = random_targets(players, 48);
    for (BatchArch arch : archs_under_test()) {
        const std::string archName = batch_arch_name(arch);
            CAPTURE(archName);
        check_advance(rules(), players, targets, arch);
        check_rates(rules(), players, kT0, arch);
        check_soul_shears_and_scores(rules(), players, kT0, arch);
    }
}

TEST_CASE("batch: bad arguments are refused by name and change nothing") {
    const std::vector<State> players = random_players(rules(), 49, 20);
    PlayerBatch batch(rules(), players);
    const std::vector<double> before = snapshot(rules(), batch);
    std::vector<double> toMs(players.size());
    for (std::size_t i = 0; i < players.size(); ++i) toMs[i] = static_cast<double>(players[i].lastUpdateMs + 1000);

    SUBCASE("a target before lastUpdateMs") {
        toMs[13] = static_cast<double>(players[13].lastUpdateMs - 1);
        const Status s = advance_batch(rules(), batch.columns(), toMs.data());
        CHECK(s.code == ErrorCode::invalid_argument);
        CHECK(s.message.find("toMs[13]") != std::string::npos);
    }
    SUBCASE("a fractional or out-of-range target") {
        toMs[4] = 1700000000000.5;
        CHECK(advance_batch(rules(), batch.columns(), toMs.data()).message.find("toMs[4]") != std::string::npos);
        toMs[4] = 9007199254740992.0;
        CHECK(advance_batch(rules(), batch.columns(), toMs.data()).message.find("toMs[4]") != std::string::npos);
        CHECK(advance_batch_to(rules(), batch.columns(), -5).message == "toMs: must be in [0, 2^53), got -5");
    }
    SUBCASE("a NaN lastUpdateMs") {
        PlayerColumns c = batch.columns();
        std::vector<double> last(c.lastUpdateMs, c.lastUpdateMs + c.count);
        last[2] = std::numeric_limits<double>::quiet_NaN();
        c.lastUpdateMs = last.data();
        const Status s = advance_batch(rules(), c, toMs.data());
        CHECK(s.message.find("lastUpdateMs[2]") != std::string::npos);
    }
    SUBCASE("a missing column") {
        PlayerColumns c = batch.columns();
        c.buildingLevels[3] = nullptr;
        const Status s = advance_batch(rules(), c, toMs.data());
        CHECK(s.code == ErrorCode::invalid_argument);
        CHECK(s.message == "columns.buildingLevels[3]: null, but advance_batch reads it");
        CHECK(advance_batch(rules(), batch.columns(), nullptr).message == "toMs: null, but advance_batch reads it");
        CHECK(pending_soul_shears_batch(rules(), batch.columns(), kT0, nullptr).code == ErrorCode::invalid_argument);
    }
    SUBCASE("an instruction set that is unknown or not available") {
        CHECK(parse_batch_arch("avx9").status().message ==
              "arch: unknown instruction set \"avx9\" (known: automatic, scalar, sse2, sse4_2, avx2, avx512f, neon64)");
        for (BatchArch a : {BatchArch::scalar, BatchArch::sse2, BatchArch::sse4_2, BatchArch::avx2, BatchArch::avx512f,
                            BatchArch::neon64}) {
            const std::vector<BatchArch> available = available_batch_archs();
            const bool runs = std::find(available.begin(), available.end(), a) != available.end();
            const Status s = advance_batch(rules(), batch.columns(), toMs.data(), nullptr, {a});
            CHECK(s.ok() == runs);
            if (runs) {  // undo, so that the byte comparison below still applies
                batch = PlayerBatch(rules(), players);
            } else {
                CHECK(s.message.find("is not available on this machine") != std::string::npos);
            }
        }
    }
    CHECK(snapshot(rules(), batch) == before);
}

TEST_CASE("batch: the instruction sets of this architecture are all available, scalar first") {
    // The list the bitwise tests above run through: a set missing here would go untested.
    std::vector<BatchArch> expected = {BatchArch::scalar};
#if defined(__EMSCRIPTEN__)
    expected.push_back(BatchArch::sse2);  // wasm SIMD128
#elif defined(__aarch64__)
    expected.push_back(BatchArch::neon64);  // Advanced SIMD is part of every AArch64 CPU
#elif defined(__x86_64__)
    expected.push_back(BatchArch::sse2);  // the x86-64 baseline; the others depend on the CPU
    const std::vector<BatchArch> here = available_batch_archs();
    for (BatchArch a : {BatchArch::sse4_2, BatchArch::avx2, BatchArch::avx512f})
        if (std::find(here.begin(), here.end(), a) != here.end()) expected.push_back(a);
#endif
    CHECK(available_batch_archs() == expected);
    CHECK(resolve_batch_arch(BatchArch::automatic).value() == expected.back());
}

TEST_CASE("batch: LLAMAWOOL_BATCH_ARCH forces an instruction set") {
    const char* saved = std::getenv("LLAMAWOOL_BATCH_ARCH");
    const std::string savedValue = saved ? saved : "";
    ::setenv("LLAMAWOOL_BATCH_ARCH", "scalar", 1);  // the one set every build runs
    CHECK(resolve_batch_arch(BatchArch::automatic).value() == BatchArch::scalar);
    ::setenv("LLAMAWOOL_BATCH_ARCH", batch_arch_name(available_batch_archs().back()), 1);
    CHECK(resolve_batch_arch(BatchArch::automatic).value() == available_batch_archs().back());
    ::setenv("LLAMAWOOL_BATCH_ARCH", "bogus", 1);
    CHECK(resolve_batch_arch(BatchArch::automatic).status().message.rfind("LLAMAWOOL_BATCH_ARCH: arch: unknown", 0) == 0);
    ::unsetenv("LLAMAWOOL_BATCH_ARCH");
    CHECK(resolve_batch_arch(BatchArch::automatic).value() == available_batch_archs().back());
    if (saved) ::setenv("LLAMAWOOL_BATCH_ARCH", savedValue.c_str(), 1);
}

#if !defined(__EMSCRIPTEN__)  // the wasm engine is single-threaded (docs/wasm-package.md)
TEST_CASE("batch: threads advancing disjoint slices of the columns give the one-call bits") {
    const std::vector<State> players = random_players(event_rules(), 51, 3001);
    const std::vector<std::int64_t> targets = random_targets(players, 52);
    const std::vector<double> toMs(targets.begin(), targets.end());
    PlayerBatch whole(event_rules(), players), sliced(event_rules(), players);
    REQUIRE(advance_batch(event_rules(), whole.columns(), toMs.data()).ok());

    // Four threads, slices of uneven length starting at uneven offsets (docs/batch.md, Threads).
    const std::size_t bounds[] = {0, 701, 1500, 2333, players.size()};
    std::vector<std::thread> threads;
    std::vector<Status> results(4);
    for (int k = 0; k < 4; ++k)
        threads.emplace_back([&, k] {
            const PlayerColumns slice = slice_columns(sliced.columns(), bounds[k], bounds[k + 1] - bounds[k]);
            results[k] = advance_batch(event_rules(), slice, toMs.data() + bounds[k]);
        });
    for (std::thread& t : threads) t.join();
    for (const Status& r : results) CHECK(r.ok());
    for (std::size_t i = 0; i < players.size(); ++i) {
        State a = players[i], b = players[i];
        whole.store(i, a);
        sliced.store(i, b);
        if (state_bytes(a, event_rules()) != state_bytes(b, event_rules())) {
            FAIL_CHECK("player " << i << " differs between the sliced and the whole advance");
            break;
        }
    }
}
#endif

TEST_CASE("batch: an empty batch is fine") {
    PlayerBatch empty(rules(), 0);
    CHECK(advance_batch_to(rules(), empty.columns(), kT0).ok());
    CHECK(production_rates_batch(rules(), empty.columns(), kT0, {}).ok());
}

TEST_CASE("batch: the kernels end on any bits, NaN and infinities included") {
    std::vector<State> players = random_players(rules(), 50, 16);
    PlayerBatch batch(rules(), players);
    const PlayerColumns& c = batch.columns();
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < c.count; ++i) {
        c.runValue[i] = (i % 3 == 0) ? nan : (i % 3 == 1 ? inf : -1.0);
        c.soulShears[i] = (i % 2) ? nan : inf;
        c.upgradeOfflineCapMs[i] = nan;
        c.buildingLevels[0][i] = -inf;
    }
    CHECK(advance_batch_to(rules(), c, kT0 + 40LL * 86400000).ok());
    std::vector<double> out(c.count);
    CHECK(pending_soul_shears_batch(rules(), c, kT0, out.data()).ok());
}

// Found by tests/fuzz/fuzz_batch_rows: a NaN totalPrestiges made the prestige threshold's table
// lookup convert NaN to int (undefined; on x86 an index of -2^31, far outside the table).
TEST_CASE("batch: pending soul shears with a NaN, infinite or fractional totalPrestiges") {
    std::vector<State> players = random_players(rules(), 19, 17);
    for (State& p : players) p.runValue = 1e40;  // past every threshold a whole count gives
    PlayerBatch batch(rules(), players);
    const PlayerColumns& c = batch.columns();
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    const double odd[] = {nan, -nan, inf, -inf, 2.5, -3.5, 1e300};
    for (std::size_t i = 0; i < c.count; ++i) c.totalPrestiges[i] = odd[i % std::size(odd)];
    std::vector<double> out(c.count, -1.0);
    for (BatchArch arch : available_batch_archs()) {
        CAPTURE(batch_arch_name(arch));
        REQUIRE(pending_soul_shears_batch(rules(), c, kT0, out.data(), {arch}).ok());
        for (std::size_t i = 0; i < c.count; ++i) {
            CAPTURE(i);
            if (c.totalPrestiges[i] != c.totalPrestiges[i] || c.totalPrestiges[i] == inf) CHECK(out[i] == 0.0);
        }
    }
}

}  // namespace lwtest
