#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "cli_io.hpp"
#include "commands.hpp"

namespace llamawool::cli {

const std::string* ParsedArgs::option(const std::string& name) const {
    for (const auto& [k, v] : options)
        if (k == name) return &v;
    return nullptr;
}

ParsedArgs parse_args(const Args& args, const std::vector<std::string>& valueOptions,
                      const std::vector<std::string>& flagOptions) {
    ParsedArgs out;
    auto has = [](const std::vector<std::string>& list, const std::string& s) {
        return std::find(list.begin(), list.end(), s) != list.end();
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.size() > 1 && a[0] == '-') {
            if (has(valueOptions, a)) {
                if (i + 1 >= args.size()) {
                    print_error("option " + a + " needs a value");
                    out.ok = false;
                    return out;
                }
                out.options.emplace_back(a, args[++i]);
            } else if (has(flagOptions, a)) {
                out.options.emplace_back(a, "");
            } else {
                print_error("unknown option " + a);
                out.ok = false;
                return out;
            }
        } else {
            out.positional.push_back(a);
        }
    }
    // An output file that can never be written is refused before any work is done.
    if (const std::string* o = out.option("-o"); o && *o != "-" && !resolve_output_target(*o)) out.ok = false;
    return out;
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

}  // namespace llamawool::cli
