// `llamawool simulate`: seeded bot populations under a ruleset (docs/simulate.md). The simulation is
// simulate/simulation.cpp; this file reads the options and writes the results.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_io.hpp"
#include "commands.hpp"
#include "simulation.hpp"
#include "formats/suggest.hpp"

namespace llamawool::cli {
namespace {

using namespace llamawool::sim;
using Json = nlohmann::ordered_json;

bool parse_count(const ParsedArgs& p, const char* name, long long lo, long long hi, long long& out) {
    const std::string* v = p.option(name);
    if (!v) return true;
    char* end = nullptr;
    errno = 0;
    const long long n = std::strtoll(v->c_str(), &end, 10);
    if (v->empty() || errno != 0 || *end != '\0' || n < lo || n > hi) {
        print_error(fmt::format("{}: must be a whole number in [{}, {}], got \"{}\"", name, lo, hi, *v));
        return false;
    }
    out = n;
    return true;
}

std::string num(double v) { return fmt::format("{}", v); }  // shortest round-trip, locale-independent

std::string hours(std::int64_t ms) { return fmt::format("{:.1f}", static_cast<double>(ms) / 3600000.0); }

std::string short_amount(double v) {
    if (v < 1e6) return fmt::format("{:.0f}", v);
    return fmt::format("{:.3g}", v);
}

// One milestone's times (ms since the start) over the bots of a strategy that reached it.
struct MilestoneRow {
    std::string name;
    std::vector<std::vector<std::int64_t>> times;  // per strategy
    std::vector<std::vector<double>> soulShears;   // per strategy (prestige rows only)
};

std::vector<MilestoneRow> milestone_rows(const Ruleset& rules, const SimulationConfig& config, const SimulationResult& r) {
    const std::size_t ns = config.strategies.size();
    std::vector<MilestoneRow> rows;
    auto add = [&](std::string name) -> MilestoneRow& {
        rows.push_back({std::move(name), std::vector<std::vector<std::int64_t>>(ns), std::vector<std::vector<double>>(ns)});
        return rows.back();
    };
    for (int w = 1; w < rules.wool_count(); ++w) {
        MilestoneRow& row = add("wool " + rules.wool[w].id);
        for (std::size_t i = 0; i < r.bots.size(); ++i)
            if (r.bots[i].woolUnlockedMs[w] >= 0) row.times[i % ns].push_back(r.bots[i].woolUnlockedMs[w]);
    }
    for (int b = 0; b < rules.building_count(); ++b) {
        MilestoneRow& row = add("building " + rules.buildings[b].id);
        for (std::size_t i = 0; i < r.bots.size(); ++i)
            if (r.bots[i].buildingBoughtMs[b] >= 0) row.times[i % ns].push_back(r.bots[i].buildingBoughtMs[b]);
    }
    std::size_t most = 0;
    for (const BotResult& b : r.bots) most = std::max(most, b.prestigeMs.size());
    for (std::size_t n = 0; n < most; ++n) {
        MilestoneRow& row = add(fmt::format("prestige {}", n + 1));
        for (std::size_t i = 0; i < r.bots.size(); ++i) {
            if (r.bots[i].prestigeMs.size() <= n) continue;
            row.times[i % ns].push_back(r.bots[i].prestigeMs[n]);
            row.soulShears[i % ns].push_back(r.bots[i].prestigeSoulShears[n]);
        }
    }
    return rows;
}

template <class T>
std::vector<double> sorted_doubles(const std::vector<T>& v) {
    std::vector<double> d(v.begin(), v.end());
    std::sort(d.begin(), d.end());
    return d;
}

std::size_t bots_of(const SimulationConfig& config, std::size_t si) {
    const std::size_t ns = config.strategies.size();
    return config.bots / ns + (si < config.bots % ns ? 1 : 0);
}

// Writes DIR/simulation.json, DIR/series-STRATEGY.csv, DIR/milestones.csv, DIR/bots.csv and, with
// --actions, DIR/actions/PLAYER.json.
bool write_results(const std::filesystem::path& dir, const Ruleset& rules, const std::string& rulesetFile,
                   const SimulationConfig& config, const SimulationResult& r) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        print_error(fmt::format("--out: cannot create {}: {}", dir.string(), ec.message()));
        return false;
    }
    const std::size_t ns = config.strategies.size();
    const std::vector<MilestoneRow> rows = milestone_rows(rules, config, r);

    Json doc;
    doc["format"] = "llamawool-simulation";
    doc["version"] = 1;
    doc["ruleset"] = {{"id", rules.id}, {"contentHash", format_hash(rules.contentHash)}, {"file", rulesetFile}};
    doc["seed"] = config.seed;
    doc["bots"] = config.bots;
    doc["days"] = config.days;
    doc["startMs"] = config.startMs;
    doc["sampleEveryMs"] = config.sampleEveryMs;
    doc["metrics"] = Json::array();
    for (int m = 0; m < kMetricCount; ++m) doc["metrics"].push_back(metric_name(m));
    doc["sampleMs"] = r.sampleMs;
    Json strategies = Json::array();
    for (std::size_t si = 0; si < ns; ++si) {
        Json s;
        s["name"] = strategy_name(config.strategies[si]);
        s["description"] = strategy_description(config.strategies[si]);
        s["bots"] = bots_of(config, si);
        Json series;
        for (int m = 0; m < kMetricCount; ++m) {
            Json stats = {{"mean", Json::array()}, {"p10", Json::array()}, {"median", Json::array()}, {"p90", Json::array()}};
            for (const Stats& st : r.series[si][m]) {
                stats["mean"].push_back(st.mean);
                stats["p10"].push_back(st.p10);
                stats["median"].push_back(st.median);
                stats["p90"].push_back(st.p90);
            }
            series[metric_name(m)] = stats;
        }
        s["series"] = series;
        Json milestones = Json::array();
        for (const MilestoneRow& row : rows) {
            const std::vector<double> t = sorted_doubles(row.times[si]);
            Json j = {{"milestone", row.name}, {"reached", t.size()}};
            if (!t.empty()) {
                j["p10Ms"] = percentile_sorted(t, 10);
                j["medianMs"] = percentile_sorted(t, 50);
                j["p90Ms"] = percentile_sorted(t, 90);
            }
            if (!row.soulShears[si].empty()) j["soulShearsMedian"] = percentile_sorted(sorted_doubles(row.soulShears[si]), 50);
            milestones.push_back(j);
        }
        s["milestones"] = milestones;
        strategies.push_back(s);
    }
    doc["strategies"] = strategies;
    Json bots = Json::array();
    for (const BotResult& b : r.bots)
        bots.push_back({{"player", b.player}, {"strategy", strategy_name(b.strategy)}, {"seed", b.seed},
                        {"actions", b.actions}, {"refused", b.refused}, {"prestiges", b.state.totalPrestiges},
                        {"soulShears", b.state.soulShears}, {"lifetimeValue", b.state.lifetimeValue},
                        {"lastUpdateMs", b.state.lastUpdateMs}, {"stateHash", format_hash(state_hash(rules, b.state))}});
    doc["players"] = bots;
    if (!write_output_atomically((dir / "simulation.json").string(), doc.dump(1) + "\n")) return false;

    for (std::size_t si = 0; si < ns; ++si) {
        std::string csv = "tMs,day";
        for (int m = 0; m < kMetricCount; ++m)
            for (const char* s : {"mean", "p10", "median", "p90"}) csv += fmt::format(",{}_{}", metric_name(m), s);
        csv += "\n";
        for (std::size_t k = 0; k < r.sampleMs.size(); ++k) {
            csv += fmt::format("{},{}", r.sampleMs[k], num(static_cast<double>(r.sampleMs[k] - config.startMs) / 86400000.0));
            for (int m = 0; m < kMetricCount; ++m) {
                const Stats& st = r.series[si][m][k];
                csv += fmt::format(",{},{},{},{}", num(st.mean), num(st.p10), num(st.median), num(st.p90));
            }
            csv += "\n";
        }
        if (!write_output_atomically((dir / fmt::format("series-{}.csv", strategy_name(config.strategies[si]))).string(), csv))
            return false;
    }

    std::string csv = "milestone,strategy,bots,reached,p10Hours,medianHours,p90Hours,soulShearsMedian\n";
    for (const MilestoneRow& row : rows) {
        for (std::size_t si = 0; si < ns; ++si) {
            const std::vector<double> t = sorted_doubles(row.times[si]);
            csv += fmt::format("{},{},{},{}", row.name, strategy_name(config.strategies[si]), bots_of(config, si), t.size());
            for (int p : {10, 50, 90}) csv += t.empty() ? "," : "," + num(percentile_sorted(t, p) / 3600000.0);
            csv += row.soulShears[si].empty() ? "," : "," + num(percentile_sorted(sorted_doubles(row.soulShears[si]), 50));
            csv += "\n";
        }
    }
    if (!write_output_atomically((dir / "milestones.csv").string(), csv)) return false;

    csv = "player,strategy,seed,actions,refused,prestiges,soulShears,lifetimeValue,lastUpdateMs,stateHash\n";
    for (const BotResult& b : r.bots)
        csv += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", b.player, strategy_name(b.strategy), b.seed, b.actions, b.refused,
                           b.state.totalPrestiges, num(b.state.soulShears), num(b.state.lifetimeValue), b.state.lastUpdateMs,
                           format_hash(state_hash(rules, b.state)));
    if (!write_output_atomically((dir / "bots.csv").string(), csv)) return false;

    if (config.keepActions) {
        std::filesystem::create_directories(dir / "actions", ec);
        if (ec) {
            print_error(fmt::format("--out: cannot create {}: {}", (dir / "actions").string(), ec.message()));
            return false;
        }
        for (const BotResult& b : r.bots) {
            std::string text = "[\n";
            for (std::size_t i = 0; i < b.log.size(); ++i) text += (i ? ",\n" : "") + action_to_json(b.log[i]);
            text += "\n]\n";
            if (!write_output_atomically((dir / "actions" / (b.player + ".json")).string(), text)) return false;
        }
    }
    return true;
}

// The table on stdout: the state of each strategy at the end, and the milestones.
void print_summary(const Ruleset& rules, const std::string& rulesetFile, const SimulationConfig& config,
                   const SimulationResult& r) {
    const std::size_t ns = config.strategies.size();
    fmt::print("{} bots x {} days under ruleset {} (contentHash {}{}), seed {}\n\n", config.bots, config.days, rules.id,
               format_hash(rules.contentHash), rulesetFile.empty() ? "" : ", " + rulesetFile, config.seed);
    fmt::print("{:<10} {:>6} {:>12} {:>9} {:>14} {:>12} {:>10} {:>12}\n", "strategy", "bots", "actions/bot", "refused",
               "lifetimeValue", "value/s", "prestiges", "soul shears");
    const std::size_t last = r.sampleMs.size() - 1;
    for (std::size_t si = 0; si < ns; ++si) {
        long long actions = 0, refused = 0;
        for (std::size_t i = si; i < r.bots.size(); i += ns) actions += r.bots[i].actions, refused += r.bots[i].refused;
        const std::size_t n = bots_of(config, si);
        fmt::print("{:<10} {:>6} {:>12} {:>9} {:>14} {:>12} {:>10} {:>12}\n", strategy_name(config.strategies[si]), n,
                   n ? actions / static_cast<long long>(n) : 0, refused, short_amount(r.series[si][kLifetimeValue][last].median),
                   short_amount(r.series[si][kValuePerSecond][last].median), short_amount(r.series[si][kPrestiges][last].median),
                   short_amount(r.series[si][kSoulShears][last].median));
    }
    fmt::print("(medians at the end of day {}; refused: actions the engine refused, all bots together)\n\n", config.days);

    fmt::print("hours to each milestone: median over the bots that reached it (how many reached it)\n");
    fmt::print("{:<26}", "milestone");
    for (Strategy s : config.strategies) fmt::print(" {:>16}", strategy_name(s));
    fmt::print("\n");
    for (const MilestoneRow& row : milestone_rows(rules, config, r)) {
        fmt::print("{:<26}", row.name);
        for (std::size_t si = 0; si < ns; ++si) {
            const std::vector<double> t = sorted_doubles(row.times[si]);
            const std::string cell =
                t.empty() ? "-" : fmt::format("{} ({})", hours(static_cast<std::int64_t>(percentile_sorted(t, 50))), t.size());
            fmt::print(" {:>16}", cell);
        }
        if (row.name.rfind("prestige", 0) == 0) {
            fmt::print("   soul shears:");
            for (std::size_t si = 0; si < ns; ++si)
                fmt::print(" {}", row.soulShears[si].empty() ? "-" : short_amount(percentile_sorted(sorted_doubles(row.soulShears[si]), 50)));
        }
        fmt::print("\n");
    }
}

class ProgressBar {
public:
    explicit ProgressBar(bool on, std::string label) : on_(on), label_(std::move(label)) {}
    void update(double share) {
        if (!on_) return;
        const int width = 40, filled = static_cast<int>(share * width);
        if (filled == last_ && share < 1) return;
        last_ = filled;
        std::fprintf(stderr, "\r%s [%s%s] %3d%%", label_.c_str(), std::string(filled, '#').c_str(),
                     std::string(width - filled, '.').c_str(), static_cast<int>(share * 100));
        std::fflush(stderr);
    }
    void done() {
        if (on_) std::fprintf(stderr, "\r%s\r", std::string(label_.size() + 48, ' ').c_str());
    }

private:
    bool on_;
    std::string label_;
    int last_ = -1;
};

}  // namespace

int cmd_simulate(const ParsedArgs& p) {
    if (!p.positional.empty()) {
        print_error(fmt::format("simulate takes no positional arguments, got \"{}\"", p.positional[0]));
        return kExitUsage;
    }
    SimulationConfig config;
    long long bots = 1000, days = 30, sampleMinutes = 60, threads = std::max(1u, std::thread::hardware_concurrency());
    if (!parse_count(p, "--bots", 1, 1000000, bots) || !parse_count(p, "--days", 1, 3650, days) ||
        !parse_count(p, "--sample-every", 1, 1440 * 3650, sampleMinutes) || !parse_count(p, "--threads", 1, 256, threads))
        return kExitUsage;
    if (sampleMinutes > days * 1440) {
        print_error(fmt::format("--sample-every: {} minutes is longer than the {} days simulated", sampleMinutes, days));
        return kExitUsage;
    }
    config.bots = static_cast<std::size_t>(bots);
    config.days = static_cast<int>(days);
    config.sampleEveryMs = sampleMinutes * 60000;
    config.threads = static_cast<unsigned>(threads);
    if (const std::string* s = p.option("--seed")) {
        char* end = nullptr;
        errno = 0;
        config.seed = std::strtoull(s->c_str(), &end, 10);
        if (s->empty() || (*s)[0] == '-' || errno != 0 || *end != '\0') {
            print_error(fmt::format("--seed: must be a whole number in [0, 2^64), got \"{}\"", *s));
            return kExitUsage;
        }
    }
    if (const std::string* s = p.option("--start")) {
        long long start = 0;
        if (!parse_ms("--start", *s, start)) return kExitUsage;
        if (start + days * 86400000LL >= (1LL << 53)) {
            print_error(fmt::format("--start: {} plus {} days is past 2^53 ms", start, days));
            return kExitUsage;
        }
        config.startMs = start;
    }
    if (const std::string* s = p.option("--strategies")) {
        config.strategies.clear();
        std::vector<std::string_view> names;
        for (Strategy st : kAllStrategies) names.push_back(strategy_name(st));
        std::size_t start = 0;
        while (start <= s->size()) {
            const std::size_t comma = std::min(s->find(',', start), s->size());
            const std::string name = s->substr(start, comma - start);
            Strategy st;
            if (!parse_strategy(name, st)) {
                print_error(fmt::format("--strategies: unknown strategy \"{}\"{}; the strategies are greedy, idle, clicker, prestige",
                                        name, detail::did_you_mean(name, names)));
                return kExitUsage;
            }
            if (std::find(config.strategies.begin(), config.strategies.end(), st) != config.strategies.end()) {
                print_error(fmt::format("--strategies: \"{}\" is listed twice", name));
                return kExitUsage;
            }
            config.strategies.push_back(st);
            start = comma + 1;
        }
    }
    const std::string* outDir = p.option("--out");
    config.keepActions = p.option("--actions") != nullptr;
    if (config.keepActions && !outDir) {
        print_error("--actions needs --out DIR (the action logs are written to DIR/actions/)");
        return kExitUsage;
    }
    if (p.option("--progress") && p.option("--no-progress")) {
        print_error("--progress and --no-progress contradict each other");
        return kExitUsage;
    }
    if (outDir && outDir->empty()) {
        print_error("--out: the folder name is empty");
        return kExitUsage;
    }
    const Ruleset* rules = ruleset_option(p);
    if (!rules) return kExitFailed;
    const Ruleset* compare = nullptr;
    if (const std::string* c = p.option("--compare")) {
        compare = load_ruleset_file(*c);
        if (!compare) return kExitFailed;
    }
    if (outDir) {
        // Refuse a path that exists but is not a folder before simulating anything.
        std::error_code ec;
        const auto st = std::filesystem::status(*outDir, ec);
        if (std::filesystem::exists(st) && !std::filesystem::is_directory(st)) {
            print_error(fmt::format("--out: {} exists and is not a folder", *outDir));
            return kExitUsage;
        }
    }
    const bool progress = p.option("--progress") || (!p.option("--no-progress") && ::isatty(STDERR_FILENO));

    const std::string rulesetFile = p.option("--ruleset") ? *p.option("--ruleset") : "";
    struct Run {
        const Ruleset* rules;
        std::string file;
        std::string dir;
    };
    std::vector<Run> runs{{rules, rulesetFile, outDir ? *outDir : ""}};
    if (compare) runs.push_back({compare, *p.option("--compare"), outDir ? (std::filesystem::path(*outDir) / "compare").string() : ""});
    for (std::size_t k = 0; k < runs.size(); ++k) {
        ProgressBar bar(progress, fmt::format("simulate {}", runs[k].rules->id));
        SimulationConfig c = config;
        c.progress = [&](double share) { bar.update(share); };
        const auto start = std::chrono::steady_clock::now();
        const SimulationResult result = run_simulation(*runs[k].rules, c);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        bar.done();
        if (k > 0) fmt::print("\ncompared with:\n");
        print_summary(*runs[k].rules, runs[k].file, config, result);
        std::fflush(stdout);
        const Result<BatchArch> arch = resolve_batch_arch(BatchArch::automatic);
        fmt::print(stderr,
                   "simulate: {} bots x {} days in {:.1f} s on {} threads; batch path ({}): {} offline stretches, {} "
                   "sampled farms\n",
                   config.bots, config.days, seconds, config.threads, arch.ok() ? batch_arch_name(arch.value()) : "?",
                   result.batchOfflineStretches, result.batchSamples);
        if (!runs[k].dir.empty() && !write_results(runs[k].dir, *runs[k].rules, runs[k].file, config, result))
            return kExitFailed;
    }
    return kExitOk;
}

}  // namespace llamawool::cli
