// The batch kernels on one player at a time (scalar_batch.hpp): the fallback that every build has,
// on any architecture, compiled with no instruction-set flag.
#include "kernels.hpp"

namespace llamawool::batch_detail {

const KernelTable& kernels_scalar() { return Kernels<scalar_arch>::table(BatchArch::scalar); }

}  // namespace llamawool::batch_detail
