// Which SIMD instruction sets this CPU and operating system can run. Our own small CPUID probe:
// xsimd 8.1's reads some feature bits from the wrong registers and never asks the operating
// system (XGETBV) whether it saves the AVX and AVX-512 registers.
#pragma once

namespace llamawool::batch_detail {

struct CpuFeatures {
    bool sse2 = false;
    bool sse4_2 = false;
    bool avx2 = false;
    bool avx512f = false;
};

// Probed once; WebAssembly builds report sse2 (Emscripten maps it onto wasm SIMD128).
const CpuFeatures& cpu_features();

}  // namespace llamawool::batch_detail
