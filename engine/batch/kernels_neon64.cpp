// The batch kernels compiled for neon64 (AArch64 Advanced SIMD, 2 lanes of double). NEON is part of
// every AArch64 CPU, so this file needs no -m flag (engine/CMakeLists.txt).
#include "kernels.hpp"

namespace llamawool::batch_detail {

const KernelTable& kernels_neon64() { return Kernels<xsimd::neon64>::table(BatchArch::neon64); }

}  // namespace llamawool::batch_detail
