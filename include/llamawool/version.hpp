// Version of the llamawool engine: compile-time macros and a runtime query, as SQLite does, so a
// host can check that the library it linked is the one whose headers it compiled against.
#pragma once

#define LLAMAWOOL_VERSION_MAJOR 0
#define LLAMAWOOL_VERSION_MINOR 1
#define LLAMAWOOL_VERSION_PATCH 0
#define LLAMAWOOL_VERSION_STRING "0.1.0"
// Single number for comparisons: major * 1000000 + minor * 1000 + patch.
#define LLAMAWOOL_VERSION_NUMBER \
    (LLAMAWOOL_VERSION_MAJOR * 1000000 + LLAMAWOOL_VERSION_MINOR * 1000 + LLAMAWOOL_VERSION_PATCH)

// Save format written and read by this library (docs/rules.md §11).
#define LLAMAWOOL_SAVE_FORMAT_VERSION 1

namespace llamawool {
const char* version_string();  // LLAMAWOOL_VERSION_STRING of the linked library
int version_number();          // LLAMAWOOL_VERSION_NUMBER of the linked library
}  // namespace llamawool
