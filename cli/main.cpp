// llamawool: command-line front end of the engine (new, apply, inspect, demo).
#include <cstdio>
#include <cstring>
#include <string>

#include "cli_io.hpp"
#include "commands.hpp"
#include "llamawool/ruleset.hpp"
#include "llamawool/version.hpp"

namespace {

constexpr const char* kUsage =
    "usage: llamawool <command> [arguments]\n"
    "\n"
    "  new [--player ID] [--t MS] [-o FILE]\n"
    "        a new game (default player \"player-1\", t = 1700000000000)\n"
    "  apply STATE ACTIONS [--now MS] [-o FILE]\n"
    "        applies a JSON array of actions to a save; STATE or ACTIONS may be '-' (stdin).\n"
    "        Prints one result line per action, then the new save (or writes it to FILE).\n"
    "  inspect STATE [--t MS] [--json]\n"
    "        rates, multiplier breakdown, next prices, offline preview and pending soul shears\n"
    "        at time MS (default: the save's lastUpdateMs)\n"
    "  demo\n"
    "        plays a scripted farm session and prints it\n"
    "  version\n";

}  // namespace

int main(int argc, char** argv) {
    using namespace llamawool::cli;
    if (argc < 2) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    const std::string command = argv[1];
    const Args args(argv + 2, argv + argc);
    if (command == "new") return cmd_new(args);
    if (command == "apply") return cmd_apply(args);
    if (command == "inspect") return cmd_inspect(args);
    if (command == "demo") return cmd_demo(args);
    if (command == "version" || command == "--version") {
        std::printf("llamawool %s (ruleset %s)\n", llamawool::version_string(), llamawool::default_ruleset().id.c_str());
        return 0;
    }
    if (command == "help" || command == "--help" || command == "-h") {
        std::fputs(kUsage, stdout);
        return 0;
    }
    print_error("unknown command \"" + command + "\"");
    std::fputs(kUsage, stderr);
    return 2;
}
