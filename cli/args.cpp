// Helpers shared by the commands: parsed options, times, rulesets.
#include <cerrno>
#include <cstdlib>
#include <deque>

#include <fmt/format.h>

#include "cli_io.hpp"
#include "commands.hpp"

namespace llamawool::cli {

const std::string* ParsedArgs::option(const std::string& name) const {
    for (const auto& [k, v] : options)
        if (k == name) return &v;
    return nullptr;
}

bool parse_ms(const std::string& option, const std::string& text, long long& out) {
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (errno != 0 || end == text.c_str() || *end != '\0' || v < 0 || v >= (1LL << 53)) {
        print_error(option + ": must be an integer time in ms in [0, 2^53), got \"" + text + "\"");
        return false;
    }
    out = v;
    return true;
}

bool read_time_option(const ParsedArgs& p, const std::string& name, bool required, long long& out) {
    const std::string* v = p.option(name);
    if (!v) {
        if (required) print_error(name + " MS is required");
        return !required;
    }
    return parse_ms(name, *v, out);
}

const Ruleset* load_ruleset_file(const std::string& path) {
    static std::deque<Ruleset> loaded;  // stable addresses; a command loads one or two
    const auto text = read_input(path);
    if (!text) return nullptr;
    auto rules = load_ruleset(*text);
    if (!rules.ok()) {
        print_error(fmt::format("{}: {} ({})", path, rules.status().message, error_code_name(rules.status().code)));
        return nullptr;
    }
    loaded.push_back(std::move(rules.value()));
    return &loaded.back();
}

const Ruleset* ruleset_option(const ParsedArgs& p, const char* name) {
    const std::string* path = p.option(name);
    return path ? load_ruleset_file(*path) : &default_ruleset();
}

}  // namespace llamawool::cli
