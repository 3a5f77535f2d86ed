// libFuzzer target: the save loader (load_save, docs/save-format.md) with the default ruleset.
// Invariants: a refusal has one of the save codes and a message; a save that loads re-saves to
// text that loads to the same state and hash. A save refused only for its stateHash loads once
// the hash is corrected (mutated saves almost never carry a matching hash, so without this the
// fuzzer would not get past the hash check); every loaded save then plays a short game.
#include "fuzz_support.hpp"

using namespace llamawool;

namespace {

// The save with its stateHash replaced by `hash` (the document re-serialised; a JSON number
// keeps its double, so nothing else changes).
std::string with_state_hash(std::string_view text, const std::string& hash) {
    nlohmann::ordered_json doc = nlohmann::ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object()) return {};
    doc["stateHash"] = hash;
    return doc.dump();
}

void loaded(const Ruleset& rules, State s) {
    fuzz::check_round_trip(rules, s, "a loaded save");
    fuzz::short_play(rules, s);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Ruleset& rules = default_ruleset();
    const std::string_view text = fuzz::as_text(data, size);
    const Result<State> s = load_save(rules, text);
    if (s.ok()) {
        loaded(rules, s.value());
        return 0;
    }
    fuzz::check_error(s.status());
    const ErrorCode code = s.status().code;
    FUZZ_CHECK(code == ErrorCode::invalid_json || code == ErrorCode::invalid_save || code == ErrorCode::ruleset_mismatch ||
                   code == ErrorCode::state_hash_mismatch,
               std::string("load_save gave ") + error_code_name(code));
    if (code != ErrorCode::state_hash_mismatch) return 0;

    const std::string& message = s.status().message;
    const std::size_t at = message.find("content hashes to ");
    FUZZ_CHECK(at != std::string::npos && message.size() >= at + 18 + 16, "state_hash_mismatch without the hash: " + message);
    const std::string fixed = with_state_hash(text, message.substr(at + 18, 16));
    FUZZ_CHECK(!fixed.empty(), "a save that reached the hash check is not a JSON object");
    const Result<State> again = load_save(rules, fixed);
    FUZZ_CHECK(again.ok(), "a save refused only for its stateHash still fails with the right hash: " +
                               again.status().message + "\n" + fixed);
    loaded(rules, again.value());
    return 0;
}
