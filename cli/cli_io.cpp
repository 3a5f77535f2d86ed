#include "cli_io.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>

#include "llamawool/save.hpp"

namespace llamawool::cli {

void print_error(const std::string& message) { std::fprintf(stderr, "llamawool: %s\n", message.c_str()); }

std::optional<std::string> read_input(const std::string& path) {
    if (path == "-") {
        std::ostringstream ss;
        ss << std::cin.rdbuf();
        return ss.str();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        print_error("cannot read " + path + ": " + std::strerror(errno));
        return std::nullopt;
    }
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::optional<State> load_save_file(const Ruleset& rules, const std::string& path) {
    const auto text = read_input(path);
    if (!text) return std::nullopt;
    auto loaded = load_save(rules, *text);
    if (!loaded.ok()) {
        print_error(fmt::format("{}: {} ({})", path, loaded.status().message, error_code_name(loaded.status().code)));
        return std::nullopt;
    }
    return std::move(loaded.value());
}

}  // namespace llamawool::cli
