// What each command takes: the table main.cpp builds the CLI11 parser, the usage lines and every
// `--help` from (docs/cli.md is the reference).
#include "commands.hpp"

namespace llamawool::cli {
namespace {

constexpr OptionSpec kRuleset{"--ruleset", "FILE",
                              "play under the ruleset in FILE (default: the embedded llama-wool-farm/1; "
                              "the save's \"ruleset\" must match its id)"};
constexpr OptionSpec kOutput{"-o", "FILE", "write the result to FILE (replaced whole, atomically; '-' is stdout)"};

}  // namespace

const std::vector<CommandSpec>& command_specs() {
    static const std::vector<CommandSpec> specs = {
        {"new", "", "a new game",
         "Writes a new game's save (default player \"player-1\", t = 1700000000000) to stdout or FILE.",
         {{"--player", "ID", "the player id (1-128 letters, digits or _ - . :)"},
          {"--t", "MS", "creation time in ms since the epoch"}, kRuleset, kOutput},
         cmd_new},
        {"apply", "STATE ACTIONS", "replays a JSON array of actions on a save",
         "Applies a JSON array of actions to a save; STATE or ACTIONS may be '-' (stdin). Prints one JSON "
         "result line per action. With -o FILE the new save goes to FILE and the result lines to stdout; "
         "without -o the new save goes to stdout and the result lines to stderr, so that "
         "`llamawool new | llamawool apply - ACTIONS | llamawool inspect -` works. Exit code 3 when an "
         "action was refused (the save is still written: refused actions change nothing).",
         {{"--now", "MS", "the host's clock: actions more than 5 s after it are refused (time_in_future)"},
          {"--trace", nullptr, "add the save after each action to its result line (\"save\": the document as a string)"},
          kRuleset, kOutput},
         cmd_apply},
        {"inspect", "STATE", "rates, multipliers, prices and an offline preview of a save",
         "Rates, multiplier breakdown, next prices, offline preview and pending soul shears at time MS "
         "(default: the save's lastUpdateMs), without committing anything.",
         {{"--t", "MS", "look at the farm at this time (not before the save's lastUpdateMs)"},
          {"--json", nullptr, "print JSON instead of tables"}, kRuleset},
         cmd_inspect},
        {"demo", "", "plays a scripted farm session", "Plays a scripted farm session on the default ruleset and prints it.",
         {}, cmd_demo},
        {"import-pwa", "GAMESAVE", "imports the PWA's current save",
         "Imports the PWA's current save (GameSave, version \"1.0.0\"; '-' reads stdin). With -o the save is "
         "written to FILE and the report (JSON: what was not mapped, and goldenFleece and settings carried "
         "verbatim) goes to stdout; without -o the save goes to stdout and the report to stderr. Nothing is "
         "written on an error.",
         {{"--now", "MS", "refuse a lastSaveTime more than 5 s after MS"}, kRuleset, kOutput},
         cmd_import_pwa},
        {"sync", "STATE REQUEST", "replays a client's batch on the trusted save",
         "Replays a client's {baseHash, actions, claimedHash} on the trusted save and prints the response "
         "(accepted, desync, rejected or rebased; exit code 0 for each: the outcome is the answer).",
         {{"--now", "MS", "the server's clock (required)"}, kRuleset,
          {"-o", "FILE", "write the new trusted save to FILE"}},
         cmd_sync},
        {"resume", "STATE", "the offline report of a returning player",
         "The offline report of a player returning at MS: JSON on stdout, a summary on stderr.",
         {{"--t", "MS", "the time the player returns (required)"},
          {"--now", "MS", "the host's clock (refuses --t more than 5 s after it)"},
          {"--preview", nullptr, "commit nothing (-o is then ignored)"}, kRuleset,
          {"-o", "FILE", "write the resumed save to FILE"}},
         cmd_resume},
        {"scores", "STATE", "leaderboard scores",
         "Leaderboard scores: lifetime value, current wool value, prestige level, soul shears, value/s. With "
         "--t MS the save is first advanced to MS (a preview, as `inspect --t` does: the scores a player "
         "returning then would have; nothing is written); without it, the scores as saved.",
         {{"--t", "MS", "advance to this time first (not before the save's lastUpdateMs)"}, kRuleset},
         cmd_scores},
        {"client-batch", "STATE ACTIONS", "the sync request an honest client would send",
         "Plays ACTIONS on STATE the way a client does and prints the sync request it would send; refused "
         "actions are left out and named on stderr (exit code 3).",
         {kRuleset, kOutput}, cmd_client_batch},
        {"keygen", "", "writes a new signing key",
         "Writes a new random HMAC-SHA256 key (64 hex digits) to a new file, mode 0600; never replaces a file.",
         {{"-o", "KEYFILE", "the key file to create (required)"}}, cmd_keygen},
        {"sign", "SAVE", "a signed snapshot of a save",
         "A signed snapshot of a save: the canonical save and its HMAC-SHA256 under the key.",
         {{"--key", "KEYFILE", "the signing key (required)"}, kRuleset, kOutput}, cmd_sign},
        {"verify", "SNAPSHOT", "checks a signed snapshot",
         "Checks a snapshot's signature and its save; prints the stateHash (-o writes the save). Exit code 1 "
         "when the signature or the save is not valid.",
         {{"--key", "KEYFILE", "the signing key (required)"}, kRuleset, {"-o", "FILE", "write the verified save to FILE"}},
         cmd_verify},
        {"bench", "", "players per second of the scalar engine and of each SIMD instruction set",
         "Players per second of the scalar engine and of each SIMD instruction set (8-hour advance, rate "
         "recomputation) for 1 000 to 1 000 000 players, beside a plain memory copy; on the default ruleset.",
         {{"--max-players", "N", "largest population measured (>= 1000; default 1000000)"}}, cmd_bench},
        {"ruleset check", "FILE...", "validates ruleset files",
         "Loads each ruleset file and prints its id, content hash and table sizes, or the first error with "
         "its JSON path (e.g. buildings[3].requires[0].building). Exit code 1 when a file is not valid.",
         {}, cmd_ruleset_check},
        {"ruleset show", "", "prints the embedded default ruleset",
         "Prints the embedded default ruleset (llama-wool-farm/1) as JSON, to start a new one from "
         "(docs/ruleset.md documents every field).",
         {kOutput}, cmd_ruleset_show},
        {"simulate", "", "a seeded bot population over days of game time",
         "Simulates a population of seeded bot players over D days of game time under a ruleset: several "
         "strategies, the offline stretches advanced by the SIMD batch path, on several threads; the result "
         "is the same for the same seed whatever the thread count. Writes a time series per strategy (CSV "
         "and JSON) and milestone tables to DIR and prints the milestone table. docs/simulate.md explains "
         "the strategies and every output; tools/balance-report turns DIR into plots.",
         {{"--bots", "N", "population size (default 1000), spread evenly over the strategies"},
          {"--days", "D", "days of game time (default 30; whole days, 1..3650)"},
          {"--seed", "S", "seed of the population (default 1)"},
          {"--strategies", "LIST", "comma-separated strategies (default greedy,idle,clicker,prestige)"},
          {"--sample-every", "MINUTES", "time between samples of the time series (default 60)"},
          {"--start", "MS", "game time of the first day (default 1700000000000)"},
          {"--threads", "N", "worker threads (default: the number of cores)"},
          kRuleset,
          {"--compare", "FILE", "simulate the same bots under this second ruleset too (written to DIR/compare)"},
          {"--out", "DIR", "the folder to write (created; files in it are replaced)"},
          {"--actions", nullptr, "also write every bot's action log (DIR/actions/), for replay"},
          {"--progress", nullptr, "show the progress bar even when stderr is not a terminal"},
          {"--no-progress", nullptr, "never show the progress bar"}},
         cmd_simulate},
    };
    return specs;
}

}  // namespace llamawool::cli
