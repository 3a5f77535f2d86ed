#include "cpu_features.hpp"

#if defined(__x86_64__) && !defined(__EMSCRIPTEN__)
#include <cpuid.h>
#include <cstdint>
#endif

namespace llamawool::batch_detail {
namespace {

#if defined(__x86_64__) && !defined(__EMSCRIPTEN__)
std::uint64_t read_xcr0() {
    std::uint32_t eax = 0, edx = 0;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return (std::uint64_t{edx} << 32) | eax;
}

CpuFeatures probe() {
    CpuFeatures f;
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return f;
    f.sse2 = (edx >> 26) & 1u;
    f.sse4_2 = (ecx >> 20) & 1u;
    const bool osxsave = (ecx >> 27) & 1u;
    const bool avx = (ecx >> 28) & 1u;
    if (!osxsave || !avx) return f;
    const std::uint64_t xcr0 = read_xcr0();
    const bool osAvx = (xcr0 & 0x6) == 0x6;        // XMM and YMM state
    const bool osAvx512 = (xcr0 & 0xe6) == 0xe6;   // plus opmask, ZMM0-15 high halves, ZMM16-31
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return f;
    f.avx2 = osAvx && ((ebx >> 5) & 1u);
    f.avx512f = osAvx512 && ((ebx >> 16) & 1u);
    return f;
}
#elif defined(__EMSCRIPTEN__)
CpuFeatures probe() {
    CpuFeatures f;
    f.sse2 = true;  // WebAssembly: the sse2 kernels run on wasm SIMD128
    return f;
}
#elif defined(__aarch64__)
CpuFeatures probe() {
    CpuFeatures f;
    // Advanced SIMD is mandatory in ARMv8-A and the AArch64 Linux ABI (doubles are even passed in
    // its registers), so every AArch64 CPU this code runs on has it.
    f.neon64 = true;
    return f;
}
#else
CpuFeatures probe() { return {}; }  // another architecture: only the scalar fallback
#endif

}  // namespace

const CpuFeatures& cpu_features() {
    static const CpuFeatures features = probe();
    return features;
}

}  // namespace llamawool::batch_detail
