// The batch kernels compiled for sse4_2 (the flags are set per file in engine/CMakeLists.txt).
#include "kernels.hpp"

namespace llamawool::batch_detail {

const KernelTable& kernels_sse4_2() { return Kernels<xsimd::sse4_2>::table(BatchArch::sse4_2); }

}  // namespace llamawool::batch_detail
