// What the libFuzzer targets share (tests/fuzz/fuzz_*.cpp, docs/fuzzing.md): a failing invariant
// aborts with a message (libFuzzer then saves the input as a crash), every error must carry a
// non-empty, valid UTF-8 message, everything the engine writes as JSON must be JSON, a refused
// action must leave the state as it was, and a state the engine produced must save and load back.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "llamawool.h"
#include "llamawool/llamawool.hpp"

namespace fuzz {

[[noreturn]] inline void fail(const char* file, int line, const char* what, const std::string& detail) {
    std::fprintf(stderr, "\n*** invariant broken at %s:%d: %s\n*** %s\n", file, line, what, detail.c_str());
    std::fflush(stderr);
    std::abort();
}

// FUZZ_CHECK(condition, detail): detail is a std::string (or anything convertible) built only on
// failure.
#define FUZZ_CHECK(cond, detail)                                  \
    do {                                                          \
        if (!(cond)) ::fuzz::fail(__FILE__, __LINE__, #cond, (detail)); \
    } while (0)

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Strict UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), as the JSON
// writer demands.
inline bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) { ++i; continue; }
        if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; }
        else return false;
        if (s.size() - i <= n) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
        if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += n + 1;
    }
    return true;
}

// A refusal: a real code, a name for it, and a message that says something and can be put in JSON.
inline void check_error(const llamawool::Status& s) {
    FUZZ_CHECK(!s.ok(), "an error without an error code");
    FUZZ_CHECK(!s.message.empty(), std::string("error ") + llamawool::error_code_name(s.code) + " without a message");
    FUZZ_CHECK(valid_utf8(s.message), "error message is not valid UTF-8: " + s.message);
    FUZZ_CHECK(std::string_view(llamawool::error_code_name(s.code)) != "unknown", "error code without a name");
}

// Text the engine wrote as JSON must parse as JSON (strict UTF-8 included).
inline void check_json(std::string_view text, const char* what) {
    FUZZ_CHECK(nlohmann::json::accept(text), std::string(what) + " is not valid JSON: " + std::string(text.substr(0, 2000)));
}

// A state the engine accepted or produced saves to JSON that loads back to the same state (and
// the same hash), and saving that again gives the same bytes.
inline void check_round_trip(const llamawool::Ruleset& rules, const llamawool::State& s, const char* what) {
    const std::string text = llamawool::save_to_json(rules, s);  // load_save parses it as strictly as check_json
    const llamawool::Result<llamawool::State> again = llamawool::load_save(rules, text);
    FUZZ_CHECK(again.ok(), std::string(what) + ": its save does not load: " + again.status().message + "\n" + text);
    FUZZ_CHECK(again.value() == s, std::string(what) + ": its save loads to another state:\n" + text);
    FUZZ_CHECK(llamawool::state_hash(rules, again.value()) == llamawool::state_hash(rules, s), what);
    FUZZ_CHECK(llamawool::save_to_json(rules, again.value()) == text, std::string(what) + ": re-saving changes the bytes");
}

// Applies an action with the invariants of docs/rules.md §10: a refused action leaves the state
// byte-identical and says why; an applied one leaves a state that saves and loads; the report is
// JSON. Returns whether it was applied.
inline bool apply_checked(const llamawool::Ruleset& rules, llamawool::State& s, const llamawool::Action& action,
                          const llamawool::ApplyOptions& options = {}) {
    const llamawool::State before = s;
    const llamawool::ActionResult r = llamawool::apply_action(rules, s, action, options);
    check_json(llamawool::action_result_to_json(rules, r), "an action report");
    if (!r.status.ok()) {
        check_error(r.status);
        FUZZ_CHECK(s == before, "a refused action changed the state: " + llamawool::action_to_json(action) + " -> " +
                                    r.status.message);
        return false;
    }
    check_round_trip(rules, s, "the state after an action");
    return true;
}

// The source tree's files (fixtures the targets start from). LLAMAWOOL_SOURCE_DIR is set by
// tests/fuzz/CMakeLists.txt.
inline std::string read_source_file(const char* relative) {
    const std::string path = std::string(LLAMAWOOL_SOURCE_DIR) + "/" + relative;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "fuzz: cannot read %s\n", path.c_str());
        std::abort();
    }
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A fixture save of the default ruleset, loaded once.
inline llamawool::State load_fixture(const char* relative) {
    const llamawool::Result<llamawool::State> s = llamawool::load_save(llamawool::default_ruleset(), read_source_file(relative));
    if (!s.ok()) {
        std::fprintf(stderr, "fuzz: fixture %s does not load: %s\n", relative, s.status().message.c_str());
        std::abort();
    }
    return s.value();
}

// The C ABI's engine with the default ruleset, made once.
inline const lw_engine* c_engine() {
    static lw_engine* e = [] {
        lw_engine* made = nullptr;
        if (lw_engine_new_default(&made) != LW_OK) std::abort();
        return made;
    }();
    return e;
}

inline bool is_time(std::int64_t t) { return t >= 0 && t < (std::int64_t{1} << 53); }

// A short play from `s`: a tick, shears, a building and an upgrade of each kind, an offline gap,
// a prestige, with the invariants of apply_checked after each step. Exercises whatever numbers
// the state (or the ruleset) holds.
inline void short_play(const llamawool::Ruleset& rules, llamawool::State& s, int maxTargets = 16) {
    using llamawool::Action;
    auto at = [&](std::int64_t dt) { return is_time(s.lastUpdateMs + dt) ? s.lastUpdateMs + dt : s.lastUpdateMs; };
    apply_checked(rules, s, Action::tick(at(1000)));
    apply_checked(rules, s, Action::shear(at(1000), 20));
    for (int b = 0; b < rules.building_count() && b < maxTargets; ++b) {
        apply_checked(rules, s, Action::buy_building(at(100), rules.buildings[b].id, 1));
        apply_checked(rules, s, Action::buy_building_max(at(100), rules.buildings[b].id));
    }
    for (int u = 0; u < rules.upgrade_count() && u < maxTargets; ++u)
        apply_checked(rules, s, Action::buy_upgrade(at(100), rules.upgrades[u].id));
    apply_checked(rules, s, Action::tick(at(3600000)));        // past the online gap: offline
    apply_checked(rules, s, Action::tick(at(4 * 86400000LL)));  // past the offline cap
    (void)llamawool::compute_production(rules, s, s.lastUpdateMs);
    check_json(llamawool::leaderboard_scores_to_json(llamawool::leaderboard_scores(rules, s, s.lastUpdateMs)), "scores");
    apply_checked(rules, s, Action::prestige(at(1000)));
}

}  // namespace fuzz
