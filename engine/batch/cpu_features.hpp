// Which SIMD instruction sets this CPU and operating system can run. On x86-64 our own small CPUID
// probe: xsimd 8.1's reads some feature bits from the wrong registers and never asks the operating
// system (XGETBV) whether it saves the AVX and AVX-512 registers. On AArch64 nothing to probe:
// Advanced SIMD (NEON) is a mandatory part of the architecture. (The scalar fallback needs no
// feature and is not listed here.)
#pragma once

namespace llamawool::batch_detail {

struct CpuFeatures {
    bool sse2 = false;
    bool sse4_2 = false;
    bool avx2 = false;
    bool avx512f = false;
    bool neon64 = false;
};

// Probed once; WebAssembly builds report sse2 (Emscripten maps it onto wasm SIMD128), AArch64
// builds neon64, other architectures nothing.
const CpuFeatures& cpu_features();

}  // namespace llamawool::batch_detail
