// llamawool: command-line front end of the engine (new, apply, inspect, demo).
#include <clocale>
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
    "  apply STATE ACTIONS [--now MS] [--trace] [-o FILE]\n"
    "        applies a JSON array of actions to a save; STATE or ACTIONS may be '-' (stdin).\n"
    "        Prints one result line per action, then the new save (or writes it to FILE).\n"
    "        --trace adds the save after each action to its line (\"save\": the document as a string).\n"
    "  inspect STATE [--t MS] [--json]\n"
    "        rates, multiplier breakdown, next prices, offline preview and pending soul shears\n"
    "        at time MS (default: the save's lastUpdateMs)\n"
    "  demo\n"
    "        plays a scripted farm session and prints it\n"
    "  import-pwa GAMESAVE [--now MS] [-o FILE]\n"
    "        imports the PWA's current save (GameSave, version \"1.0.0\"; '-' reads stdin). With -o the\n"
    "        save is written to FILE and the report (JSON: what was not mapped, and goldenFleece and\n"
    "        settings carried verbatim) goes to stdout; without -o the save goes to stdout and the\n"
    "        report to stderr. --now refuses a lastSaveTime more than 5 s after MS. Nothing is\n"
    "        written on an error.\n"
    "  sync STATE REQUEST --now MS [-o FILE]\n"
    "        replays a client's {baseHash, actions, claimedHash} on the trusted save; prints the\n"
    "        response (accepted, desync, rejected or rebased); -o writes the new trusted save\n"
    "  resume STATE --t MS [--now MS] [--preview] [-o FILE]\n"
    "        the offline report of a returning player (JSON on stdout, a summary on stderr);\n"
    "        --preview commits nothing, -o writes the resumed save\n"
    "  scores STATE [--t MS]\n"
    "        leaderboard scores: lifetime value, current wool value, prestige level, soul shears, value/s\n"
    "  client-batch STATE ACTIONS [-o FILE]\n"
    "        the sync request an honest client would send after playing ACTIONS on STATE\n"
    "  keygen -o KEYFILE\n"
    "        writes a new random HMAC-SHA256 key (64 hex digits) to a new file, mode 0600\n"
    "  sign SAVE --key KEYFILE [-o SNAPSHOT]\n"
    "        a signed snapshot of a save: the canonical save and its HMAC-SHA256 under the key\n"
    "  verify SNAPSHOT --key KEYFILE [-o SAVE]\n"
    "        checks a snapshot's signature and its save; prints the stateHash (-o writes the save)\n"
    "  bench [--max-players N]\n"
    "        players per second of the scalar engine and of each SIMD instruction set (8-hour advance,\n"
    "        rate recomputation) for 1 000 to 1 000 000 players, beside a plain memory copy\n"
    "  version\n";

}  // namespace

int main(int argc, char** argv) {
    using namespace llamawool::cli;
    // Like most hosts (Python, PHP, servers), the CLI runs in the user's locale. The engine and
    // every output of the CLI are locale-independent (tests/locale/ checks it under de_DE, where
    // the decimal point is a comma), so results are the same bytes in every locale.
    std::setlocale(LC_ALL, "");
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
    if (command == "import-pwa") return cmd_import_pwa(args);
    if (command == "sync") return cmd_sync(args);
    if (command == "resume") return cmd_resume(args);
    if (command == "scores") return cmd_scores(args);
    if (command == "client-batch") return cmd_client_batch(args);
    if (command == "keygen") return cmd_keygen(args);
    if (command == "sign") return cmd_sign(args);
    if (command == "verify") return cmd_verify(args);
    if (command == "bench") return cmd_bench(args);
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
