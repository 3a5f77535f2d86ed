#include "llamawool/version.hpp"

namespace llamawool {
const char* version_string() { return LLAMAWOOL_VERSION_STRING; }
int version_number() { return LLAMAWOOL_VERSION_NUMBER; }
}  // namespace llamawool
