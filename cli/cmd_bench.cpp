// `llamawool bench`: the batch path against the scalar engine on this machine, as a table for a
// person to read. The same workloads as bench/bench_batch.cpp (Google Benchmark), timed here with
// a plain loop so that the table comes out in well under a minute: each figure is the best of
// several runs, each run one call over every player from the same starting point.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "batch_workload.hpp"
#include "cli_io.hpp"
#include "commands.hpp"
#include "display.hpp"

namespace llamawool::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Best time of `run` over repetitions that last about a quarter of a second in all.
double best_seconds(const std::function<void()>& reset, const std::function<void()>& run) {
    return lwbench::best_seconds(reset, run, 0.25, 2, 1000);
}

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown CPU";
}

std::string rate(double perSecond) {
    if (perSecond >= 1e9) return fmt::format("{:.2f} G", perSecond / 1e9);
    if (perSecond >= 1e6) return fmt::format("{:.1f} M", perSecond / 1e6);
    return fmt::format("{:.0f} k", perSecond / 1e3);
}

std::string players_label(std::size_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
        out += digits[i];
    }
    return out;
}

struct Row {
    std::string workload;
    std::size_t players;
    std::vector<double> perSecond;  // scalar, then each instruction set
};

void print_row(const Row& row) {
    std::string line = fmt::format("{:<28} {:>9}", row.workload, players_label(row.players));
    for (double p : row.perSecond) line += fmt::format(" {:>9}", rate(p));
    double best = 0;
    for (std::size_t k = 1; k < row.perSecond.size(); ++k) best = row.perSecond[k] > best ? row.perSecond[k] : best;
    line += fmt::format(" {:>8.1f}x", best / row.perSecond[0]);
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
}

Row advance_row(const std::vector<BatchArch>& archs, std::size_t n, bool breakpoints) {
    const lwbench::Population& pop = lwbench::population(n, breakpoints);
    const std::int64_t to = pop.startMs + lwbench::kEightHoursMs;
    Row row{breakpoints ? "8 h advance, breakpoints" : "8 h offline advance", n, {}};
    std::vector<State> states;
    row.perSecond.push_back(
        n / best_seconds([&] { states = pop.states; }, [&] { lwbench::scalar_advance(*pop.rules, states, to); }));
    PlayerBatch batch = pop.batch;
    for (BatchArch arch : archs)
        row.perSecond.push_back(
            n / best_seconds([&] { batch = pop.batch; }, [&] { lwbench::batch_advance(*pop.rules, batch, to, arch); }));
    return row;
}

Row rates_row(const std::vector<BatchArch>& archs, std::size_t n) {
    const lwbench::Population& pop = lwbench::population(n, false);
    Row row{"rate recomputation", n, {}};
    double sink = 0;
    row.perSecond.push_back(
        n / best_seconds([] {}, [&] { sink += lwbench::scalar_rates(*pop.rules, pop.states, pop.startMs); }));
    lwbench::RateOutput out(*pop.rules, n);
    for (BatchArch arch : archs)
        row.perSecond.push_back(
            n / best_seconds([] {}, [&] { lwbench::batch_rates(*pop.rules, pop.batch, pop.startMs, out.columns, arch); }));
    if (sink < 0) fmt::print("{}", sink);  // keeps the scalar sums observable
    return row;
}

// Seconds to copy the bytes of n players' columns.
double copy_seconds(std::size_t n) {
    const std::size_t bytes = lwbench::population(n, false).column_bytes();
    std::vector<char> from(bytes, 1), to(bytes, 0);
    return best_seconds([] {}, [&] {
        std::memcpy(to.data(), from.data(), bytes);
        asm volatile("" : : "r"(to.data()) : "memory");  // the copy must happen
    });
}

}  // namespace

int cmd_bench(const ParsedArgs& p) {
    const ParsedArgs& parsed = p;
    if (!parsed.positional.empty()) {
        print_error("usage: llamawool bench [--max-players N]");
        return 2;
    }
    long long maxPlayers = 1000000;
    if (const std::string* m = parsed.option("--max-players")) {
        char* end = nullptr;
        maxPlayers = std::strtoll(m->c_str(), &end, 10);
        if (end == m->c_str() || *end != '\0' || maxPlayers < 1000) {
            print_error("--max-players: must be a whole number >= 1000, got \"" + *m + "\"");
            return 2;
        }
    }
    std::vector<std::size_t> sizes;
    for (std::size_t n : {1000, 100000, 1000000})
        if (static_cast<long long>(n) <= maxPlayers) sizes.push_back(n);

    // The SIMD sets; the kernels' scalar fallback (BatchArch::scalar) only where there is no other,
    // so that the column named "scalar" stays the scalar engine's.
    std::vector<BatchArch> archs = available_batch_archs();
    if (archs.size() > 1) archs.erase(std::remove(archs.begin(), archs.end(), BatchArch::scalar), archs.end());
    std::printf("llamawool bench: players per second on one core\n");
    std::printf("machine: %s; batch kernels: ", cpu_model().c_str());
    for (BatchArch a : archs) std::printf("%s ", batch_arch_name(a));
    std::printf("(scalar = the scalar engine over States)\n\n");
    std::string header = fmt::format("{:<28} {:>9} {:>9}", "workload", "players", "scalar");
    for (BatchArch a : archs) header += fmt::format(" {:>9}", batch_arch_name(a));
    header += fmt::format(" {:>9}", "best/scal");
    std::printf("%s\n%s\n", header.c_str(), std::string(header.size(), '-').c_str());

    const auto start = Clock::now();
    std::vector<double> bestAdvance;
    for (std::size_t n : sizes) {
        const Row row = advance_row(archs, n, false);
        bestAdvance.push_back(row.perSecond.back());
        print_row(row);
    }
    print_row(advance_row(archs, 1000, true));
    for (std::size_t n : sizes) print_row(rates_row(archs, n));

    std::printf("\nmemory-bandwidth baseline: a plain copy of the players' column bytes (%zu bytes each)\n",
                lwbench::population(sizes[0], false).batch.bytes_per_player());
    for (std::size_t k = 0; k < sizes.size(); ++k) {
        const std::size_t n = sizes[k];
        const double copy = copy_seconds(n);
        const double advance = n / bestAdvance[k];
        fmt::print("{:>9} players: copy {} players/s ({:.1f} GB/s); the {} advance takes {:.2f}x the copy's time\n",
                   players_label(n), rate(n / copy), lwbench::population(n, false).column_bytes() / copy / 1e9,
                   batch_arch_name(archs.back()), advance / copy);
    }
    fmt::print("\n({:.0f} s; figures vary with the machine's load; bench/ has the Google Benchmark version)\n",
               std::chrono::duration<double>(Clock::now() - start).count());
    return 0;
}

}  // namespace llamawool::cli
