// libFuzzer target: the PWA import (import_pwa_save, docs/pwa-import.md), with and without a host
// clock. Invariants: a refusal is invalid_json or invalid_pwa_save with a message; an import
// accepted with a clock is accepted without one, to the same state; the imported state saves and
// loads back (the header's promise); the report is JSON, every unmapped entry has a path, a JSON
// value and a reason, and the carried fields are JSON; the imported farm plays a short game.
#include "fuzz_support.hpp"

using namespace llamawool;

namespace {

constexpr std::int64_t kNowMs = 1732544130000;  // 5 s after the fixtures' lastSaveTime

void check_refusal(const Status& s) {
    fuzz::check_error(s);
    FUZZ_CHECK(s.code == ErrorCode::invalid_json || s.code == ErrorCode::invalid_pwa_save,
               std::string("import_pwa_save gave ") + error_code_name(s.code));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Ruleset& rules = default_ruleset();
    const std::string_view text = fuzz::as_text(data, size);
    const Result<PwaImport> plain = import_pwa_save(rules, text);
    const Result<PwaImport> clocked = import_pwa_save(rules, text, PwaImportOptions{.nowMs = kNowMs});
    if (!clocked.ok()) check_refusal(clocked.status());
    if (!plain.ok()) {
        check_refusal(plain.status());
        FUZZ_CHECK(!clocked.ok(), "an import accepted with a clock is refused without one");
        return 0;
    }
    const PwaImport& imported = plain.value();
    if (clocked.ok()) {
        FUZZ_CHECK(clocked->state == imported.state && clocked->unmapped == imported.unmapped,
                   "the clock changes what is imported");
    } else {
        FUZZ_CHECK(imported.state.lastUpdateMs > kNowMs + 5000,
                   "refused with a clock although lastSaveTime is not in the future: " + clocked.status().message);
    }

    fuzz::check_round_trip(rules, imported.state, "an imported state");
    fuzz::check_json(pwa_import_to_json(rules, imported), "pwa_import_to_json");
    fuzz::check_json(pwa_import_to_json(rules, imported, false), "pwa_import_to_json without the save");
    for (const PwaUnmapped& u : imported.unmapped) {
        FUZZ_CHECK(!u.path.empty() && !u.reason.empty(), "an unmapped entry without a path or a reason");
        FUZZ_CHECK(fuzz::valid_utf8(u.path), "an unmapped path is not UTF-8");
        fuzz::check_json(u.value, "an unmapped value");
    }
    if (imported.goldenFleece) fuzz::check_json(*imported.goldenFleece, "carried goldenFleece");
    if (imported.settings) fuzz::check_json(*imported.settings, "carried settings");

    State s = imported.state;
    fuzz::short_play(rules, s);
    return 0;
}
