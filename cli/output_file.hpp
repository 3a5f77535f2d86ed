// `-o FILE`: the file a command's output replaces (symbolic links followed; regular files only) and
// the crash-safe replacement itself. See output_file.cpp for the rules.
#pragma once

#include <optional>
#include <string>

#include <sys/stat.h>

namespace llamawool::cli {

struct OutputTarget {
    std::string path;       // the regular file to replace or create: PATH, or where its links lead
    bool exists = false;    // false: the file will be created
    struct stat previous;   // the replaced file's mode and owner, when it exists
};

// Resolves PATH to the regular file that `-o PATH` writes. Prints an error naming PATH (and where
// its links lead) and returns nothing for a directory, a device, a pipe, a socket, a file the
// user may not write, a missing directory or a loop of links.
std::optional<OutputTarget> resolve_output_target(const std::string& path);

// Writes `text` to the file PATH resolves to, replacing it whole: a temporary file beside it,
// fsynced, renamed over it, then the directory fsynced. "-" means stdout. On failure prints the
// error, leaves the old file as it was and returns false.
bool write_output_atomically(const std::string& path, const std::string& text);

}  // namespace llamawool::cli
