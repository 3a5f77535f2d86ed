// libFuzzer target: the sync request (parse_sync_request) and the sync itself (sync,
// docs/sync.md) on trusted fixture saves, through the C++ API and the C ABI (lw_state_sync).
// The request's baseHash picks the trusted save with that hash (otherwise the first one: a stale
// batch, rebased).
// Invariants: the plain-form parser, when it accepts the text, gives the general parser's request
// (engine/formats/sync_request_plain.hpp); a refused request is invalid_request with a message and, through the C ABI, changes
// nothing; a parsed request re-serialises to one that parses to the same request; the response
// hash is the state's; an accepted batch ends on the claimed hash; a rejection names its action;
// a batch on the right base ends on the state that applying its actions one by one gives; the
// state after the sync saves and loads; the response is JSON and the C ABI gives the same bytes.
#include <cstring>
#include <vector>

#include "fuzz_support.hpp"
#include "formats/sync_request_plain.hpp"

using namespace llamawool;

namespace {

constexpr std::int64_t kNowMs = 1700040000000;

struct Trusted {
    const char* path;
    State state;
    lw_state* abiState;  // the same save through the C ABI (each input works on a copy)
};

const std::vector<Trusted>& trusted() {
    // Never destroyed: the C ABI states live until the process ends (no leak report at exit).
    static const std::vector<Trusted>& saves = *[] {
        auto* v = new std::vector<Trusted>;
        for (const char* path : {"examples/server/new-farm.json", "tests/data/saves/valid-midgame.json"}) {
            lw_state* s = nullptr;
            if (lw_state_load(&s, fuzz::c_engine(), fuzz::read_source_file(path).c_str()) != LW_OK) std::abort();
            v->push_back({path, fuzz::load_fixture(path), s});
        }
        return v;
    }();
    return saves;
}

void check_request_round_trip(const SyncRequest& request) {
    const std::string json = sync_request_to_json(request);
    fuzz::check_json(json, "sync_request_to_json");
    const Result<SyncRequest> again = parse_sync_request(json);
    FUZZ_CHECK(again.ok(), "sync_request_to_json does not parse: " + again.status().message);
    FUZZ_CHECK(again->baseHash == request.baseHash && again->claimedHash == request.claimedHash &&
                   again->actions.size() == request.actions.size(),
               "sync request round trip: " + json);
    for (std::size_t i = 0; i < request.actions.size(); ++i) {
        FUZZ_CHECK(again->actions[i].ok() == request.actions[i].ok(), "sync request round trip, action " + std::to_string(i));
        if (request.actions[i].ok())
            FUZZ_CHECK(action_to_json(again->actions[i].value()) == action_to_json(request.actions[i].value()),
                       "sync request round trip, action " + std::to_string(i));
    }
}

void check_sync(const Trusted& base, const SyncRequest& request, const std::string& text) {
    const Ruleset& rules = default_ruleset();
    State s = base.state;
    const SyncResponse r = sync(rules, s, request, kNowMs);
    const std::string json = sync_response_to_json(rules, s, r);
    fuzz::check_json(json, "sync response");
    FUZZ_CHECK(r.stateHash == state_hash(rules, s), "the response hash is not the state's");
    FUZZ_CHECK(r.applied <= request.actions.size() && r.results.size() <= request.actions.size(), "counts");
    for (const SyncActionOutcome& o : r.results) {
        FUZZ_CHECK(o.index < request.actions.size(), "an outcome for no action");
        if (!o.status.ok()) fuzz::check_error(o.status);
    }
    const bool stale = request.baseHash != state_hash(rules, base.state);
    FUZZ_CHECK((r.outcome == SyncOutcome::rebased) == stale, "rebased is not the same as a stale base");
    if (r.outcome == SyncOutcome::accepted) FUZZ_CHECK(r.stateHash == request.claimedHash, "accepted on another hash");
    if (r.outcome == SyncOutcome::rejected) FUZZ_CHECK(r.rejection.has_value(), "rejected without a rejection");
    if (r.rejection) {
        fuzz::check_error(r.rejection->status);
        const std::string prefix = "actions[" + std::to_string(r.rejection->index) + "]";
        FUZZ_CHECK(r.rejection->status.message.rfind(prefix, 0) == 0, "a rejection that does not name its action: " +
                                                                           r.rejection->status.message);
    }
    fuzz::check_round_trip(rules, s, "the state after a sync");

    if (!stale) {
        // The same actions applied one by one: the same state; the refused one refused again.
        State replay = base.state;
        for (std::size_t i = 0; i < r.applied; ++i)
            FUZZ_CHECK(apply_action(rules, replay, request.actions[i].value(), ApplyOptions{.nowMs = kNowMs}).status.ok(),
                       "an action the sync applied is refused on its own");
        FUZZ_CHECK(replay == s, "sync and one-by-one application end on different states");
        if (r.rejection && request.actions[r.rejection->index].ok()) {
            State again = replay;
            const Status refused = apply_action(rules, again, request.actions[r.rejection->index].value(),
                                                ApplyOptions{.nowMs = kNowMs}).status;
            FUZZ_CHECK(refused.code == r.rejection->status.code, "the refused action is not refused the same way alone");
        }
    }

    // The C ABI on the same save gives the same bytes (text without a NUL only: C strings).
    if (std::memchr(text.data(), 0, text.size())) return;
    lw_state* cs = nullptr;
    FUZZ_CHECK(lw_state_copy(&cs, base.abiState) == LW_OK, "lw_state_copy");
    char* response = nullptr;
    int outcome = -1;
    const lw_result rc = lw_state_sync(&response, &outcome, cs, text.c_str(), kNowMs);
    FUZZ_CHECK(rc == LW_OK, std::string("lw_state_sync refused a request the C++ API took: ") + lw_state_errmsg(cs));
    FUZZ_CHECK(response && json == response, "lw_state_sync gives other bytes than sync_response_to_json");
    FUZZ_CHECK(outcome == static_cast<int>(r.outcome), "lw_state_sync gives another outcome");
    lw_free(response);
    lw_state_free(cs);
}

// A request the parser refuses changes nothing through the C ABI either.
void check_refused_by_abi(const std::string& text, const Status& expected) {
    if (std::memchr(text.data(), 0, text.size())) return;
    const Trusted& base = trusted().front();
    lw_state* cs = nullptr;
    FUZZ_CHECK(lw_state_copy(&cs, base.abiState) == LW_OK, "lw_state_copy");
    char* before = nullptr;
    FUZZ_CHECK(lw_state_save(&before, cs) == LW_OK, "lw_state_save");
    char* response = reinterpret_cast<char*>(1);
    int outcome = 7;
    const lw_result rc = lw_state_sync(&response, &outcome, cs, text.c_str(), kNowMs);
    FUZZ_CHECK(rc == LW_EINVALID_REQUEST, "lw_state_sync: " + std::to_string(rc) + " for an invalid request");
    FUZZ_CHECK(response == nullptr, "out-parameter not cleared on failure");
    FUZZ_CHECK(expected.message == lw_state_errmsg(cs) && expected.message == lw_errmsg(), "the C ABI's message differs");
    char* after = nullptr;
    FUZZ_CHECK(lw_state_save(&after, cs) == LW_OK && std::strcmp(before, after) == 0, "a refused request changed the state");
    lw_free(before);
    lw_free(after);
    lw_state_free(cs);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(fuzz::as_text(data, size));
    if (const auto plain = detail::parse_plain_sync_request(text)) {
        const Result<SyncRequest> general = detail::parse_sync_request_general(text);
        FUZZ_CHECK(general.ok(), "the plain parser accepted what the general one refuses: " + general.status().message);
        for (const Result<Action>& a : general->actions)
            FUZZ_CHECK(a.ok(), "the plain parser accepted an action the general one refuses: " + a.status().message);
        FUZZ_CHECK(sync_request_to_json(*plain) == sync_request_to_json(general.value()),
                   "the plain and general parsers read different requests: " + sync_request_to_json(*plain));
    }
    const Result<SyncRequest> request = parse_sync_request(text);
    if (!request.ok()) {
        fuzz::check_error(request.status());
        FUZZ_CHECK(request.status().code == ErrorCode::invalid_request,
                   std::string("parse_sync_request gave ") + error_code_name(request.status().code));
        check_refused_by_abi(text, request.status());
        return 0;
    }
    for (const Result<Action>& a : request->actions)
        if (!a.ok()) fuzz::check_error(a.status());
    check_request_round_trip(request.value());
    const Trusted* base = &trusted().front();
    for (const Trusted& t : trusted())
        if (state_hash(default_ruleset(), t.state) == request->baseHash) base = &t;
    // At most 256 actions replayed (one input must stay fast; the parser saw them all).
    if (request->actions.size() > 256) return 0;
    check_sync(*base, request.value(), text);
    return 0;
}
