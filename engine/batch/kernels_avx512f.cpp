// The batch kernels compiled for avx512f (the flags are set per file in engine/CMakeLists.txt).
#include "kernels.hpp"

namespace llamawool::batch_detail {

const KernelTable& kernels_avx512f() { return Kernels<xsimd::avx512f>::table(BatchArch::avx512f); }

}  // namespace llamawool::batch_detail
