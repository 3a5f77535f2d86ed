// `resume`: the offline report of a returning player (docs/rules.md §12).
#include <cstdio>

#include <fmt/format.h>

#include "cli_io.hpp"
#include "commands.hpp"
#include "display.hpp"
#include "llamawool/llamawool.hpp"

namespace llamawool::cli {

int cmd_resume(const ParsedArgs& p) {
    if (p.positional.size() != 1) {
        print_error("resume needs STATE (a file, or '-' for stdin)");
        return 2;
    }
    long long t = 0, now = 0;
    if (!read_time_option(p, "--t", true, t)) return 2;
    ApplyOptions options;
    if (p.option("--now")) {
        if (!read_time_option(p, "--now", false, now)) return 2;
        options.nowMs = now;
    }
    const Ruleset* selected = ruleset_option(p);  // --ruleset FILE, or the embedded default
    if (!selected) return 1;
    const Ruleset& rules = *selected;
    auto state = load_save_file(rules, p.positional[0]);
    if (!state) return 1;
    auto report = p.option("--preview") ? preview_resume(rules, *state, t) : resume(rules, *state, t, options);
    if (!report.ok()) {
        print_error(fmt::format("{} ({})", report.status().message, error_code_name(report.status().code)));
        return 1;
    }
    const std::string* out = p.option("-o");
    if (out && !p.option("--preview") && !write_output_atomically(*out, save_to_json(rules, *state))) return 1;
    std::printf("%s\n", resume_report_to_json(rules, report.value()).c_str());
    std::fflush(stdout);
    std::fprintf(stderr, "%s", describe_advance(rules, report->advance, "").c_str());
    return 0;
}

}  // namespace llamawool::cli
