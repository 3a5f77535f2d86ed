// `llamawool import-pwa GAMESAVE [--now MS] [-o FILE]`: turns the PWA's current save (its GameSave,
// version "1.0.0") into a llamawool save (docs/pwa-import.md). The save and the report of what was
// not mapped are two documents on two streams, so that either can be piped on its own:
//   with -o FILE: the save goes to FILE (atomically), the report to stdout;
//   without -o:   the save goes to stdout, the report to stderr.
// The report is the JSON {"unmapped": [...], "carried": {...}}, whose carried values keep the bytes
// they had in the GameSave (so it spans several lines when they do). On an error nothing is written.
#include <cstdio>

#include <fmt/format.h>

#include "cli_io.hpp"
#include "commands.hpp"
#include "llamawool/llamawool.hpp"
#include "llamawool/pwa_import.hpp"

namespace llamawool::cli {

int cmd_import_pwa(const ParsedArgs& p) {
    if (p.positional.size() != 1) {
        print_error("import-pwa needs GAMESAVE (the PWA's save file, or '-' for stdin)");
        return 2;
    }
    const std::string& inputPath = p.positional[0];
    PwaImportOptions options;
    if (const std::string* v = p.option("--now")) {
        long long now = 0;
        if (!parse_ms("--now", *v, now)) return 2;
        options.nowMs = now;
    }

    const Ruleset* selected = ruleset_option(p);  // --ruleset FILE, or the embedded default
    if (!selected) return 1;
    const Ruleset& rules = *selected;
    const auto text = read_input(inputPath);
    if (!text) return 1;
    auto imported = import_pwa_save(rules, *text, options);
    if (!imported.ok()) {
        print_error(fmt::format("{}: {} ({})", inputPath, imported.status().message,
                                error_code_name(imported.status().code)));
        return 1;
    }

    const std::string save = save_to_json(rules, imported->state);
    const std::string report = pwa_import_to_json(rules, imported.value(), /*includeSave=*/false) + "\n";
    const std::string* out = p.option("-o");
    if (out && *out != "-") {
        if (!write_output_atomically(*out, save)) return 1;
        std::fputs(report.c_str(), stdout);
        return std::fflush(stdout) == 0 ? 0 : 1;
    }
    if (!write_output_atomically("-", save)) return 1;
    std::fputs(report.c_str(), stderr);
    return 0;
}

}  // namespace llamawool::cli
