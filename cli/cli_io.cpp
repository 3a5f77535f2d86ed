#include "cli_io.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <unistd.h>

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

bool write_output_atomically(const std::string& path, const std::string& text) {
    if (path == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return std::fflush(stdout) == 0;
    }
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) {
        print_error("cannot write " + path + ": " + std::strerror(errno));
        return false;
    }
    const bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    const bool flushed = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
    const bool closed = std::fclose(f) == 0;
    if (!(written && flushed && closed) || std::rename(tmp.c_str(), path.c_str()) != 0) {
        print_error("cannot write " + path + ": " + std::strerror(errno));
        std::remove(tmp.c_str());
        return false;
    }
    return true;
}

}  // namespace llamawool::cli
