// `llamawool ruleset check FILE...` and `llamawool ruleset show` (docs/ruleset.md).
#include <cstdio>

#include <fmt/format.h>

#include "cli_io.hpp"
#include "commands.hpp"
#include "llamawool/llamawool.hpp"

namespace llamawool::cli {

int cmd_ruleset_check(const ParsedArgs& p) {
    if (p.positional.empty()) {
        print_error("ruleset check needs FILE (a ruleset file, or '-' for stdin)");
        return kExitUsage;
    }
    int stdinCount = 0;
    for (const std::string& f : p.positional) stdinCount += f == "-";
    if (stdinCount > 1) {
        print_error("ruleset check: only one FILE can be '-' (stdin)");
        return kExitUsage;
    }
    int status = kExitOk;
    for (const std::string& path : p.positional) {
        const Ruleset* rules = load_ruleset_file(path);  // prints "FILE: json.path: problem (invalid_ruleset)"
        if (!rules) {
            status = kExitFailed;
            continue;
        }
        fmt::print("{}: ok: ruleset \"{}\", contentHash {}; {} wool types, {} buildings, {} upgrades, {} achievements, "
                   "{} events\n",
                   path, rules->id, format_hash(rules->contentHash), rules->wool_count(), rules->building_count(),
                   rules->upgrade_count(), rules->achievement_count(), rules->events.size());
        for (const Event& e : rules->events) {
            std::string effects;
            auto add = [&](const std::string& text) { effects += (effects.empty() ? "" : ", ") + text; };
            if (e.production != 1) add(fmt::format("production x{}", e.production));
            if (e.prestige != 1) add(fmt::format("prestige x{}", e.prestige));
            if (e.buildingCost != 1) add(fmt::format("buildingCost x{}", e.buildingCost));
            if (e.offlineEfficiency != 0) add(fmt::format("offlineEfficiency +{}", e.offlineEfficiency));
            fmt::print("  event {}: [{}, {}), {} h: {}\n", e.id, e.startMs, e.endMs, (e.endMs - e.startMs) / 3600000.0,
                       effects.empty() ? "no effect" : effects);
        }
    }
    std::fflush(stdout);
    return status;
}

int cmd_ruleset_show(const ParsedArgs& p) {
    if (!p.positional.empty()) {
        print_error(fmt::format("ruleset show takes no arguments, got \"{}\" (to check a file: llamawool ruleset check FILE)",
                                p.positional[0]));
        return kExitUsage;
    }
    const std::string* out = p.option("-o");
    return write_output_atomically(out ? *out : "-", std::string(default_ruleset_json())) ? kExitOk : kExitFailed;
}

}  // namespace llamawool::cli
