// The batch kernels compiled for sse2 (the flags are set per file in engine/CMakeLists.txt).
#include "kernels.hpp"

namespace llamawool::batch_detail {

const KernelTable& kernels_sse2() { return Kernels<xsimd::sse2>::table(BatchArch::sse2); }

}  // namespace llamawool::batch_detail
