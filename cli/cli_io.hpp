// File handling of the CLI: inputs from a path or "-" (stdin), outputs written atomically so that
// a failed command never leaves a partial file behind.
#pragma once

#include <optional>
#include <string>

namespace llamawool::cli {

// Reads a whole file, or stdin for "-". On failure prints an error naming the path and returns nothing.
std::optional<std::string> read_input(const std::string& path);

// Writes `text` to a temporary file beside `path`, then renames it over `path`. "-" means stdout.
bool write_output_atomically(const std::string& path, const std::string& text);

// Prints "llamawool: <message>" to stderr.
void print_error(const std::string& message);

}  // namespace llamawool::cli
