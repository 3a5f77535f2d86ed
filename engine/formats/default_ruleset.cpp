// The default ruleset, embedded at build time from engine/rulesets/llama-wool-farm-1.json
// (see cmake/embed-file.cmake).
#include <cstdio>
#include <cstdlib>

#include "llamawool/ruleset.hpp"

namespace llamawool {

namespace embedded {
extern const char kDefaultRulesetJson[];
extern const std::size_t kDefaultRulesetJsonSize;
}  // namespace embedded

std::string_view default_ruleset_json() {
    return {embedded::kDefaultRulesetJson, embedded::kDefaultRulesetJsonSize};
}

const Ruleset& default_ruleset() {
    static const Ruleset rules = [] {
        auto loaded = load_ruleset(default_ruleset_json());
        if (!loaded.ok()) {
            // Only a broken build can get here: the embedded file is validated by the tests.
            std::fprintf(stderr, "llamawool: embedded ruleset is invalid: %s\n", loaded.status().message.c_str());
            std::abort();
        }
        return std::move(loaded.value());
    }();
    return rules;
}

}  // namespace llamawool
