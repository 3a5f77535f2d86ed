// The version of the linked library. The C macros must say what the engine says; the build also
// checks them against the CMake project version (bindings/c/CMakeLists.txt).
#include "abi.hpp"
#include "llamawool/version.hpp"

static_assert(LW_VERSION_NUMBER == LLAMAWOOL_VERSION_NUMBER, "llamawool.h and version.hpp disagree");

extern "C" {
const char* lw_version(void) { return LW_VERSION_STRING; }
int lw_version_number(void) { return LW_VERSION_NUMBER; }
}
