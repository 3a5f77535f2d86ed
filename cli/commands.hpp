// The subcommands of the llamawool CLI. Each returns the process exit code.
#pragma once

#include <string>
#include <vector>

namespace llamawool::cli {

using Args = std::vector<std::string>;

int cmd_new(const Args& args);
int cmd_apply(const Args& args);
int cmd_inspect(const Args& args);
int cmd_demo(const Args& args);
int cmd_import_pwa(const Args& args);  // cmd_import_pwa.cpp, docs/pwa-import.md
// Server-side commands (cmd_authority.cpp, docs/sync.md).
int cmd_sync(const Args& args);
int cmd_resume(const Args& args);
int cmd_scores(const Args& args);
int cmd_client_batch(const Args& args);
// Signed save snapshots (cmd_sign.cpp, docs/signing.md).
int cmd_keygen(const Args& args);
int cmd_sign(const Args& args);
int cmd_verify(const Args& args);
// The batch path against the scalar engine on this machine (cmd_bench.cpp, docs/batch.md).
int cmd_bench(const Args& args);

// Splits "--name value" options from positional arguments; unknown options are an error.
struct ParsedArgs {
    std::vector<std::string> positional;
    std::vector<std::pair<std::string, std::string>> options;  // name -> value ("" for flags)
    bool ok = true;

    const std::string* option(const std::string& name) const;
};
ParsedArgs parse_args(const Args& args, const std::vector<std::string>& valueOptions,
                      const std::vector<std::string>& flagOptions);

// Parses an integer millisecond time; prints an error naming the option on failure.
bool parse_ms(const std::string& option, const std::string& text, long long& out);

}  // namespace llamawool::cli
