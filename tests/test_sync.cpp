// Authority (docs/rules.md §12): sync by exact replay, rebase of stale batches, the anti-cheat
// cases, preview vs resume, leaderboard scores, and an honest seeded client accepted every time.
#include "bot.hpp"
#include "test_support.hpp"

using namespace lwtest;

namespace {

// A client that plays on its own copy of the state and builds sync requests from what it did.
struct Client {
    State state;
    std::vector<Action> pending;
    std::uint64_t baseHash = 0;

    explicit Client(const State& start) : state(start), baseHash(state_hash(rules(), start)) {}

    void act(const Action& a) {
        ActionResult r = apply_action(rules(), state, a);
        REQUIRE_MESSAGE(r.status.ok(), "the honest client only sends what its own engine accepted: ",
                        r.status.message);
        pending.push_back(a);
    }
    SyncRequest request() {
        SyncRequest req;
        req.baseHash = baseHash;
        for (const Action& a : pending) req.actions.emplace_back(a);
        req.claimedHash = state_hash(rules(), state);
        pending.clear();
        baseHash = req.claimedHash;
        return req;
    }
};

State fresh() { return new_game(rules(), "p-sync", kT0); }

std::int64_t last_t(const SyncRequest& r) { return r.actions.empty() ? kT0 : r.actions.back()->t; }

}  // namespace

TEST_CASE("an honest batch is accepted and both sides hold the same bits") {
    State server = fresh();
    Client client(server);
    client.act(Action::shear(kT0 + 1000, 20));
    client.act(Action::shear(kT0 + 2000, 20));
    const SyncRequest req = client.request();
    const SyncResponse res = sync(rules(), server, req, kT0 + 2000);
    CHECK(res.outcome == SyncOutcome::accepted);
    CHECK(res.applied == 2);
    CHECK(res.results.size() == 2);
    CHECK_FALSE(res.rejection);
    CHECK(res.stateHash == state_hash(rules(), client.state));
    CHECK(state_bytes(server) == state_bytes(client.state));
}

TEST_CASE("inflated wool in the claimed state is a desync, answered with the authoritative state") {
    State server = fresh();
    Client client(server);
    client.act(Action::shear(kT0 + 1000, 20));
    client.state.wool[0] += 1e6;  // the cheat: more wool than the actions produced
    const SyncRequest req = client.request();
    const SyncResponse res = sync(rules(), server, req, kT0 + 1000);
    CHECK(res.outcome == SyncOutcome::desync);
    CHECK(res.applied == 1);
    CHECK(res.stateHash != req.claimedHash);
    CHECK(server.wool[0] == 20.0 + 1.0);  // 1 s of the starting llama + 20 clicks, nothing more
    const std::string json = sync_response_to_json(rules(), server, res);
    CHECK(json.find("\"outcome\": \"desync\"") != std::string::npos);
    CHECK(json.find("\"state\"") != std::string::npos);
}

TEST_CASE("a forged claimedHash is a desync") {
    State server = fresh();
    Client client(server);
    client.act(Action::tick(kT0 + 5000));
    SyncRequest req = client.request();
    req.claimedHash ^= 1;
    CHECK(sync(rules(), server, req, kT0 + 5000).outcome == SyncOutcome::desync);
}

TEST_CASE("refused actions: the state stays at the last good action") {
    struct Case {
        const char* name;
        std::vector<Action> actions;
        std::size_t failingIndex;
        ErrorCode code;
    };
    const Case cases[] = {
        {"timestamps going backwards",
         {Action::shear(kT0 + 2000, 5), Action::shear(kT0 + 1000, 5)}, 1, ErrorCode::time_regression},
        {"shearing faster than 20 per second",
         {Action::shear(kT0 + 1000, 20), Action::shear(kT0 + 1100, 20)}, 1, ErrorCode::rate_limited},
        {"a locked building",
         {Action::shear(kT0 + 1000, 20), Action::buy_building(kT0 + 1000, "transport", 1)}, 1,
         ErrorCode::building_locked},
        {"a timestamp past the host's now (+5 s tolerance)",
         {Action::shear(kT0 + 1000, 20), Action::tick(kT0 + 1000 + 5001)}, 1, ErrorCode::time_in_future},
    };
    for (const Case& c : cases) {
        CAPTURE(std::string(c.name));
        State server = fresh();
        State expected = fresh();
        for (std::size_t i = 0; i < c.failingIndex; ++i) apply_ok(expected, c.actions[i]);
        SyncRequest req;
        req.baseHash = state_hash(rules(), server);
        for (const Action& a : c.actions) req.actions.emplace_back(a);
        req.claimedHash = 0x1234;
        const SyncResponse res = sync(rules(), server, req, kT0 + 1000);
        CHECK(res.outcome == SyncOutcome::rejected);
        REQUIRE(res.rejection);
        CHECK(res.rejection->index == c.failingIndex);
        CHECK(res.rejection->status.code == c.code);
        CHECK(res.rejection->status.message.find("actions[1].") == 0);
        CHECK(res.applied == c.failingIndex);
        CHECK(state_bytes(server) == state_bytes(expected));
    }
}

TEST_CASE("a malformed action inside a request is refused at its index") {
    auto req = parse_sync_request(R"({"baseHash": "0000000000000000", "claimedHash": "0000000000000000",
        "actions": [{"t": 1700000001000, "type": "tick"}, {"t": 1700000002000, "type": "shear"}, {"t": 1, "type": "dance"}]})");
    REQUIRE(req.ok());
    REQUIRE(req->actions.size() == 3);
    CHECK(req->actions[0].ok());
    CHECK(req->actions[1].status().code == ErrorCode::malformed);
    CHECK(req->actions[1].status().message.find("actions[1].count") == 0);
    CHECK(req->actions[2].status().code == ErrorCode::unknown_action);

    State server = fresh();
    req->baseHash = state_hash(rules(), server);
    const SyncResponse res = sync(rules(), server, req.value(), kT0 + 2000);
    CHECK(res.outcome == SyncOutcome::rejected);
    CHECK(res.applied == 1);
    CHECK(res.rejection->index == 1);
    CHECK(res.rejection->status.code == ErrorCode::malformed);
    CHECK(server.lastUpdateMs == kT0 + 1000);
}

TEST_CASE("the same batch sent twice: the second is rebased and every action is time_regression") {
    State server = fresh();
    Client client(server);
    client.act(Action::shear(kT0 + 1000, 20));
    client.act(Action::tick(kT0 + 3000));
    client.act(Action::shear(kT0 + 4000, 10));
    const SyncRequest req = client.request();
    REQUIRE(sync(rules(), server, req, kT0 + 4000).outcome == SyncOutcome::accepted);
    const std::string after = state_bytes(server);

    const SyncResponse again = sync(rules(), server, req, kT0 + 4000);
    CHECK(again.outcome == SyncOutcome::rebased);
    CHECK(again.applied == 0);
    REQUIRE(again.results.size() == 3);
    for (const SyncActionOutcome& o : again.results) CHECK(o.status.code == ErrorCode::time_regression);
    CHECK_FALSE(again.rejection);
    CHECK(state_bytes(server) == after);  // nothing was counted twice
}

TEST_CASE("a stale batch is rebased: its actions after the server's lastUpdateMs are replayed") {
    State server = fresh();
    Client client(server);
    client.act(Action::shear(kT0 + 1000, 20));
    const SyncRequest lost = client.request();  // the server never sees this one
    (void)lost;
    client.act(Action::shear(kT0 + 2000, 20));
    client.act(Action::shear(kT0 + 3000, 20));
    const SyncRequest stale = client.request();
    // The server meanwhile committed a tick at kT0 + 2000 (e.g. from another device).
    apply_ok(server, Action::tick(kT0 + 2000));

    const SyncResponse res = sync(rules(), server, stale, kT0 + 3000);
    CHECK(res.outcome == SyncOutcome::rebased);
    REQUIRE(res.results.size() == 2);
    CHECK(res.results[0].status.code == ErrorCode::time_regression);  // t == server's lastUpdateMs
    CHECK(res.results[1].status.ok());
    CHECK(res.applied == 1);
    State expected = fresh();
    apply_ok(expected, Action::tick(kT0 + 2000));
    apply_ok(expected, Action::shear(kT0 + 3000, 20));
    CHECK(state_bytes(server) == state_bytes(expected));
    const std::string json = sync_response_to_json(rules(), server, res);
    CHECK(json.find("\"outcome\": \"rebased\"") != std::string::npos);
    CHECK(json.find("stale batch rebased") != std::string::npos);
}

TEST_CASE("sync requests: JSON round trip and invalid documents") {
    SyncRequest req;
    req.baseHash = 0x0123456789abcdefULL;
    req.claimedHash = 0xfedcba9876543210ULL;
    req.actions.emplace_back(Action::shear(kT0 + 1, 3));
    req.actions.emplace_back(Action::buy_building_max(kT0 + 2, "barn"));
    const std::string text = sync_request_to_json(req);
    CHECK(text.find("\"baseHash\":\"0123456789abcdef\"") != std::string::npos);
    auto back = parse_sync_request(text);
    REQUIRE(back.ok());
    CHECK(back->baseHash == req.baseHash);
    CHECK(back->claimedHash == req.claimedHash);
    REQUIRE(back->actions.size() == 2);
    CHECK(action_to_json(back->actions[1].value()) == action_to_json(req.actions[1].value()));

    const std::pair<const char*, const char*> bad[] = {
        {R"({"baseHash": "0123", "actions": [], "claimedHash": "0000000000000000"})", "baseHash"},
        {R"({"baseHash": "0123456789ABCDEF", "actions": [], "claimedHash": "0000000000000000"})", "baseHash"},
        {R"({"baseHash": "0000000000000000", "actions": {}, "claimedHash": "0000000000000000"})", "actions"},
        {R"({"baseHash": "0000000000000000", "actions": []})", "claimedHash"},
        {R"({"baseHash": "0000000000000000", "actions": [], "claimedHash": "0000000000000000", "x": 1})", "x"},
        {R"({"baseHash": "0000000000000000", "actions": [)", "not valid JSON"},
    };
    for (const auto& entry : bad) {
        const std::string doc = entry.first, field = entry.second;
        CAPTURE(doc);
        auto r = parse_sync_request(doc);
        REQUIRE_FALSE(r.ok());
        CHECK(r.status().code == ErrorCode::invalid_request);
        CHECK(r.status().message.find(field) != std::string::npos);
    }
}

TEST_CASE("preview_resume equals resume to the bit") {
    State s = new_game(rules(), "p-away", kT0);
    play_bot(rules(), s, 31, 120);
    for (std::int64_t away : {std::int64_t{1}, std::int64_t{299999}, std::int64_t{300001}, std::int64_t{8} * 3600000,
                              std::int64_t{100} * 3600000}) {
        CAPTURE(away);
        const std::int64_t t = s.lastUpdateMs + away;
        State previewed;
        auto preview = preview_resume(rules(), s, t, &previewed);
        REQUIRE(preview.ok());
        State committed = s;
        auto done = resume(rules(), committed, t);
        REQUIRE(done.ok());
        CHECK(resume_report_to_json(rules(), preview.value()) == resume_report_to_json(rules(), done.value()));
        CHECK(state_bytes(previewed) == state_bytes(committed));
        CHECK(preview->advance.offline == (away > 300000));
    }
    // The comeback report after 100 h: 24 h credited at 80 % (no upgrades beyond the bot's), 76 h forfeited.
    State plain = new_game(rules(), "p-away", kT0);
    auto report = preview_resume(rules(), plain, kT0 + 100 * 3600000LL);
    REQUIRE(report.ok());
    CHECK(report->advance.creditedMs == 24 * 3600000LL);
    CHECK(report->advance.forfeitedMs == 76 * 3600000LL);
    CHECK(report->advance.efficiency == 0.8);
    CHECK(report->advance.woolGained[0] == near(1.0 * 0.8 * 86400));  // the starting llama alone
    CHECK(report->advance.valueGainedByType[0] == near(0.1 * 0.8 * 86400));
    CHECK(report->advance.woolUnlockedMask == 1u << 1);  // value 6912 passes silver (100), not golden (1e4)
    // Errors change nothing.
    State before = plain;
    CHECK(resume(rules(), plain, kT0 - 1).status().code == ErrorCode::time_regression);
    CHECK(resume(rules(), plain, kT0 + 10000, ApplyOptions{.nowMs = kT0}).status().code == ErrorCode::time_in_future);
    CHECK(plain == before);
}

TEST_CASE("leaderboard scores") {
    State s = new_game(rules(), "p-board", kT0);
    s.wool[0] = 100;  // 10 value
    s.wool[1] = 5;    // 5 value
    s.buildings[0] = 2;
    s.runValue = 500;
    s.lifetimeValue = 1500;
    s.soulShears = 3;
    s.totalPrestiges = 2;
    const LeaderboardScores sc = leaderboard_scores(rules(), s, kT0);
    CHECK(sc.lifetimeValue == 1500);
    CHECK(sc.currentWoolValue == 15);
    CHECK(sc.prestigeLevel == 2);
    CHECK(sc.soulShears == 3);
    // raw basic = 1 + 0.5*2*1.15 = 2.15, raw silver = 1.15; M_global = 1.3 (3 soul shears)
    // value/s = 2.15*1*1.3*0.1 + 1.15*0.8*1.3*1 = 0.2795 + 1.196 = 1.4755
    CHECK(sc.valuePerSecond == near(1.4755));
    CHECK(leaderboard_scores_to_json(sc).find("\"prestigeLevel\":2") != std::string::npos);
}

TEST_CASE("an honest seeded client playing 10 000 actions in batches is accepted every time") {
    State server = new_game(rules(), "p-honest", kT0);
    Client client(server);
    SplitMix64 rng(0x5ca1ab1e);
    int sent = 0, batches = 0, prestiges = 0;
    while (sent < 10000) {
        const auto batchSize = rng.range(1, 60);
        for (std::int64_t i = 0; i < batchSize && sent < 10000; ++i) {
            // The client's bot plays one action on a scratch copy; the client only sends it if its
            // own engine accepted it, as an honest client does.
            State scratch = client.state;
            const Playthrough one = play_bot(rules(), scratch, rng.next(), 1, BotProfile{6, 1, 70});
            if (one.accepted != 1) continue;
            client.act(one.actions[0]);
            prestiges += one.prestiges;
            ++sent;
        }
        const SyncRequest req = client.request();
        const SyncResponse res = sync(rules(), server, req, last_t(req));
        ++batches;
        if (res.outcome != SyncOutcome::accepted) {
            FAIL("batch ", batches, " was ", sync_outcome_name(res.outcome));
        }
        REQUIRE(res.stateHash == req.claimedHash);
    }
    CHECK(state_bytes(server) == state_bytes(client.state));
    CHECK(prestiges >= 3);
    MESSAGE("honest client: " << sent << " actions in " << batches << " batches, " << prestiges
                              << " prestiges, final stateHash " << format_hash(state_hash(rules(), server)));
}
