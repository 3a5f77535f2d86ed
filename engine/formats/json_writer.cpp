#include "json_writer.hpp"

#include <fmt/format.h>

#include "json_reader.hpp"

namespace llamawool::detail {

void append_json_string(std::string& out, std::string_view text) {
    // Ids, amounts and hashes are printable ASCII with nothing to escape: copied as they are.
    // Anything else (quotes, control characters, UTF-8) is left to nlohmann, whose escaping (and
    // whose refusal of invalid UTF-8) the documents always had.
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u > 0x7E || c == '"' || c == '\\') {
            out += Json(std::string(text)).dump();
            return;
        }
    }
    out += '"';
    out.append(text);
    out += '"';
}

void JsonWriter::key(std::string_view name) {
    next();
    append_json_string(out_, name);
    out_ += pretty_ ? ": " : ":";
}

void JsonWriter::integer(std::int64_t value) { fmt::format_to(std::back_inserter(out_), "{}", value); }

void JsonWriter::open(char bracket) {
    out_ += bracket;
    empty_.push_back(true);
}

void JsonWriter::close(char bracket) {
    const bool empty = empty_.back();
    empty_.pop_back();
    if (pretty_ && !empty) {
        out_ += '\n';
        out_.append(2 * empty_.size(), ' ');
    }
    out_ += bracket;
}

void JsonWriter::next() {
    if (!empty_.back()) out_ += ',';
    empty_.back() = false;
    if (pretty_) {
        out_ += '\n';
        out_.append(2 * empty_.size(), ' ');
    }
}

}  // namespace llamawool::detail
