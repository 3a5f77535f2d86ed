// libFuzzer target over every text input of the engine: actions (applied and reported), saves,
// sync requests (replayed and answered), PWA GameSaves and rulesets. Whatever the bytes, nothing
// may crash or throw, a refused action must leave the state byte-identical, and everything the
// engine writes must read back. Build and run: tests/fuzz/run-fuzzer [seconds] (clang, libFuzzer).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "llamawool/llamawool.hpp"

using namespace llamawool;

namespace {

[[noreturn]] void fail(const char* what) {
    __builtin_trap();
    (void)what;
}

const State& midgame() {
    static const State s = [] {
        State m = new_game(default_ruleset(), "fuzz", 1700000000000);
        m.runValue = m.lifetimeValue = 5e9;
        m.wool[0] = 1e6;
        m.buildings[0] = 60;
        m.buildings[1] = 40;
        m.upgrades = 0x7f;
        return m;
    }();
    return s;
}

void fuzz_action(std::string_view text) {
    const Ruleset& rules = default_ruleset();
    Result<Action> action = parse_action(text);
    if (!action.ok()) return;
    State s = midgame();
    const std::string before = save_to_json(rules, s);
    const ActionResult r = apply_action(rules, s, action.value(), ApplyOptions{.nowMs = 1700000100000});
    (void)action_result_to_json(rules, r);
    (void)action_to_json(action.value());
    if (!r.status.ok() && save_to_json(rules, s) != before) fail("a refused action changed the state");
    if (!load_save(rules, save_to_json(rules, s)).ok()) fail("a state after an action does not load");
}

void fuzz_save(std::string_view text) {
    const Ruleset& rules = default_ruleset();
    Result<State> s = load_save(rules, text);
    if (!s.ok()) return;
    Result<State> again = load_save(rules, save_to_json(rules, s.value()));
    if (!again.ok() || !(again.value() == s.value())) fail("a loaded save does not re-save identically");
}

void fuzz_sync(std::string_view text) {
    const Ruleset& rules = default_ruleset();
    Result<SyncRequest> request = parse_sync_request(text);
    if (!request.ok()) return;
    State s = midgame();
    const SyncResponse response = sync(rules, s, request.value(), 1700000100000);
    (void)sync_response_to_json(rules, s, response);
    if (!load_save(rules, save_to_json(rules, s)).ok()) fail("a state after a sync does not load");
}

void fuzz_pwa(std::string_view text) {
    const Ruleset& rules = default_ruleset();
    auto imported = import_pwa_save(rules, text);
    if (imported.ok()) (void)pwa_import_to_json(rules, imported.value());
}

void fuzz_ruleset(std::string_view text) {
    Result<Ruleset> rules = load_ruleset(text);
    if (!rules.ok()) return;
    State s = new_game(rules.value(), "fuzz", 1700000000000);
    (void)apply_action(rules.value(), s, Action::tick(1700000300000));
    (void)advance(rules.value(), s, 1700100000000);
    (void)save_to_json(rules.value(), s);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 5) {
        case 0: fuzz_action(text); break;
        case 1: fuzz_save(text); break;
        case 2: fuzz_sync(text); break;
        case 3: fuzz_pwa(text); break;
        default: fuzz_ruleset(text); break;
    }
    return 0;
}
