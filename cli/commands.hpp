// The subcommands of the llamawool CLI and the table that describes their arguments (docs/cli.md).
// main.cpp parses the command line with CLI11 from this table; each command gets its arguments as a
// ParsedArgs and returns the process exit code (kExit*).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "llamawool/ruleset.hpp"

namespace llamawool::cli {

// Exit codes of every command (docs/cli.md, `llamawool --help`).
inline constexpr int kExitOk = 0;       // done
inline constexpr int kExitFailed = 1;   // an input could not be read or is invalid, or an output could not be written; nothing was written
inline constexpr int kExitUsage = 2;    // the command line is wrong (unknown command or option, missing or bad value); nothing was done
inline constexpr int kExitRefused = 3;  // apply / client-batch: done, but some actions were refused (the output says which)

// One command's arguments after parsing: the positional arguments in order and the options given
// (each at most once; flags have the value "").
struct ParsedArgs {
    std::vector<std::string> positional;
    std::vector<std::pair<std::string, std::string>> options;  // name -> value ("" for flags)

    const std::string* option(const std::string& name) const;
};

struct OptionSpec {
    const char* name;   // "--now", "-o"
    const char* value;  // "MS", "FILE"; nullptr for a flag
    const char* help;
};

struct CommandSpec {
    const char* name;        // "apply", or "ruleset check" for a command of a command group
    const char* arguments;   // the positional arguments for the usage line: "STATE ACTIONS"
    const char* summary;     // one line, for `llamawool --help`
    const char* description; // the paragraph of `llamawool NAME --help`
    std::vector<OptionSpec> options;
    int (*run)(const ParsedArgs&);
};

// Every command, in the order `llamawool --help` lists them.
const std::vector<CommandSpec>& command_specs();

int cmd_new(const ParsedArgs& p);
int cmd_apply(const ParsedArgs& p);
int cmd_inspect(const ParsedArgs& p);
int cmd_demo(const ParsedArgs& p);
int cmd_import_pwa(const ParsedArgs& p);  // cmd_import_pwa.cpp, docs/pwa-import.md
// Server-side commands (cmd_sync.cpp: sync and client-batch; cmd_resume.cpp; cmd_scores.cpp; docs/sync.md).
int cmd_sync(const ParsedArgs& p);
int cmd_resume(const ParsedArgs& p);
int cmd_scores(const ParsedArgs& p);
int cmd_client_batch(const ParsedArgs& p);
// Signed save snapshots (cmd_sign.cpp, docs/signing.md).
int cmd_keygen(const ParsedArgs& p);
int cmd_sign(const ParsedArgs& p);
int cmd_verify(const ParsedArgs& p);
// The batch path against the scalar engine on this machine (cmd_bench.cpp, docs/batch.md).
int cmd_bench(const ParsedArgs& p);
// Rulesets (cmd_ruleset.cpp, docs/ruleset.md).
int cmd_ruleset_check(const ParsedArgs& p);
int cmd_ruleset_show(const ParsedArgs& p);
// Seeded bot populations (cmd_simulate.cpp, docs/simulate.md).
int cmd_simulate(const ParsedArgs& p);

// Parses an integer millisecond time; prints an error naming the option on failure.
bool parse_ms(const std::string& option, const std::string& text, long long& out);
// The time option `name` (--now, --t) parsed into out; an absent one is an error only when
// required (printed, naming it); false on an error.
bool read_time_option(const ParsedArgs& p, const std::string& name, bool required, long long& out);

// Loads a ruleset file, printing an error naming the file and the JSON path on failure. The
// ruleset lives until the program ends.
const Ruleset* load_ruleset_file(const std::string& path);
// The ruleset of `--ruleset FILE` when given, else the embedded default one; nullptr (after an
// error message) when the file cannot be read or is not a valid ruleset.
const Ruleset* ruleset_option(const ParsedArgs& p, const char* name = "--ruleset");

}  // namespace llamawool::cli
