// File handling of the CLI: inputs from a path or "-" (stdin); outputs (output_file.hpp) are written
// atomically so that a failed command never leaves a partial file behind.
#pragma once

#include <optional>
#include <string>

#include "llamawool/ruleset.hpp"
#include "llamawool/state.hpp"
#include "output_file.hpp"  // write_output_atomically, for -o

namespace llamawool::cli {

// Reads a whole file, or stdin for "-". On failure prints an error naming the path and returns nothing.
std::optional<std::string> read_input(const std::string& path);

// Reads a save (path or "-") and loads it strictly; on failure prints the error naming the file
// and the field, with its code, and returns nothing.
std::optional<State> load_save_file(const Ruleset& rules, const std::string& path);

// Prints "llamawool: <message>" to stderr.
void print_error(const std::string& message);

}  // namespace llamawool::cli
