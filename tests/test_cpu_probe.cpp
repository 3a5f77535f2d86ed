// The batch tests run on "every instruction set this machine has", as the engine's own CPUID probe
// reports it. If the probe lost a set, those tests would quietly test less; so the probe is checked
// here against the kernel's view of the CPU (/proc/cpuinfo's flags, which Linux also clears for
// sets whose registers it does not save).
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "llamawool/batch.hpp"

using namespace llamawool;

namespace {

// The "flags" of the first processor in /proc/cpuinfo; empty when there is no such file.
std::set<std::string> cpuinfo_flags() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("flags", 0) != 0) continue;
        std::istringstream words(line.substr(line.find(':') + 1));
        std::set<std::string> flags;
        for (std::string w; words >> w;) flags.insert(w);
        return flags;
    }
    return {};
}

bool available(BatchArch arch) {
    for (BatchArch a : available_batch_archs())
        if (a == arch) return true;
    return false;
}

}  // namespace

#if (defined(__x86_64__) || defined(_M_X64)) && defined(__linux__)
TEST_CASE("the CPU probe finds every x86 instruction set that Linux reports") {
    const std::set<std::string> flags = cpuinfo_flags();
    REQUIRE_MESSAGE(!flags.empty(), "/proc/cpuinfo has no flags line");
    REQUIRE(flags.count("sse2") == 1);  // the x86-64 baseline: a sane reading of the file
    const std::pair<BatchArch, const char*> sets[] = {
        {BatchArch::sse2, "sse2"}, {BatchArch::sse4_2, "sse4_2"}, {BatchArch::avx2, "avx2"}, {BatchArch::avx512f, "avx512f"}};
    std::string seen;
    for (const auto& [arch, flag] : sets) {
        const std::string instructionSet = flag;
        CAPTURE(instructionSet);
        CHECK(available(arch) == (flags.count(flag) == 1));
        if (flags.count(flag)) seen += std::string(seen.empty() ? "" : " ") + flag;
    }
    MESSAGE("/proc/cpuinfo: " << seen);
}
#endif
