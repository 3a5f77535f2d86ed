// The batch kernels compiled for avx2 (the flags are set per file in engine/CMakeLists.txt).
#include "kernels.hpp"

namespace llamawool::batch_detail {

const KernelTable& kernels_avx2() { return Kernels<xsimd::avx2>::table(BatchArch::avx2); }

}  // namespace llamawool::batch_detail
