// libFuzzer target: the action parser, as one action (parse_action) and as a JSON array of them
// (parse_actions, parse_action_batch), each parsed action applied to fixture farms.
// Invariants: refusals carry a code and a message; an action's canonical JSON parses back to the
// same action; parse_actions agrees with parse_action_batch (the same actions, or the error of the
// first bad element); a refused action leaves the state byte-identical; an applied one leaves a
// state that saves and loads; every report is JSON.
#include <vector>

#include "fuzz_support.hpp"

using namespace llamawool;

namespace {

constexpr std::int64_t kNowMs = 1700040000000;  // the host clock: 5.5 ks after the midgame save

struct Farms {
    State fresh = fuzz::load_fixture("examples/server/new-farm.json");
    State midgame = fuzz::load_fixture("tests/data/saves/valid-midgame.json");
};

const Farms& farms() {
    static const Farms f;
    return f;
}

void check_parse_error(const Status& s) {
    fuzz::check_error(s);
    FUZZ_CHECK(s.code == ErrorCode::malformed || s.code == ErrorCode::unknown_action,
               std::string("action parser gave ") + error_code_name(s.code));
}

// The canonical JSON of a parsed action is a fixed point of parse + print.
void check_canonical(const Action& a) {
    const std::string json = action_to_json(a);
    fuzz::check_json(json, "action_to_json");
    const Result<Action> again = parse_action(json);
    FUZZ_CHECK(again.ok(), "action_to_json does not parse: " + json + " -> " + again.status().message);
    FUZZ_CHECK(action_to_json(again.value()) == json, "action_to_json does not round-trip: " + json);
}

void play(const Action& a) {
    const Ruleset& rules = default_ruleset();
    for (const State* farm : {&farms().fresh, &farms().midgame}) {
        State s = *farm;
        fuzz::apply_checked(rules, s, a, ApplyOptions{.nowMs = kNowMs});
        State unclocked = *farm;
        fuzz::apply_checked(rules, unclocked, a);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::as_text(data, size);

    const Result<Action> one = parse_action(text);
    if (one.ok()) {
        check_canonical(one.value());
        play(one.value());
    } else {
        check_parse_error(one.status());
    }

    const Result<std::vector<Result<Action>>> batch = parse_action_batch(text);
    const Result<std::vector<Action>> all = parse_actions(text);
    if (!batch.ok()) {
        check_parse_error(batch.status());
        FUZZ_CHECK(!all.ok() && all.status().code == batch.status().code && all.status().message == batch.status().message,
                   "parse_actions and parse_action_batch disagree on a document: " + batch.status().message);
        return 0;
    }
    const Result<Action>* firstBad = nullptr;
    for (const Result<Action>& a : batch.value()) {
        if (a.ok()) check_canonical(a.value());
        else {
            check_parse_error(a.status());
            FUZZ_CHECK(a.status().message.rfind("actions[", 0) == 0, "an element's error does not name its index: " + a.status().message);
            if (!firstBad) firstBad = &a;
        }
    }
    if (firstBad) {
        FUZZ_CHECK(!all.ok() && all.status().code == firstBad->status().code && all.status().message == firstBad->status().message,
                   "parse_actions does not report the first bad element: " + firstBad->status().message);
    } else {
        FUZZ_CHECK(all.ok() && all->size() == batch->size(), "parse_actions refuses what parse_action_batch accepts");
        for (std::size_t i = 0; i < all->size(); ++i)
            FUZZ_CHECK(action_to_json(all.value()[i]) == action_to_json(batch.value()[i].value()), "the two array parsers differ");
    }

    // The array played in order on the midgame farm (a rejection stops nothing: later actions
    // meet the unchanged state), at most 64 actions so that one input stays fast.
    State s = farms().midgame;
    std::size_t played = 0;
    for (const Result<Action>& a : batch.value()) {
        if (!a.ok()) continue;
        if (++played > 64) break;
        fuzz::apply_checked(default_ruleset(), s, a.value(), ApplyOptions{.nowMs = kNowMs});
    }
    return 0;
}
