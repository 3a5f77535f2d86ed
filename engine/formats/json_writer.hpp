// JSON text written straight into a string, for the documents the engine writes on every call of
// a server's request path (the save, the sync response): building an nlohmann document first and
// dumping it cost more than the replay itself, most of all in WebAssembly. The text is exactly
// what nlohmann's dump() (compact) or dump(2) (pretty) gives for the same document:
// tests/test_json_writer.cpp compares them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace llamawool::detail {

// Appends `text` as a JSON string literal, escaped as nlohmann's dump() escapes it.
void append_json_string(std::string& out, std::string_view text);

class JsonWriter {
public:
    // pretty: nlohmann's dump(2) layout (a line per member, two spaces a level); else compact.
    JsonWriter(std::string& out, bool pretty) : out_(out), pretty_(pretty) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }
    // Starts a member of the open object; its value follows.
    void key(std::string_view name);
    // Starts an element of the open array; its value follows.
    void element() { next(); }
    void string(std::string_view value) { append_json_string(out_, value); }
    void integer(std::int64_t value);
    void boolean(bool value) { out_ += value ? "true" : "false"; }
    void null() { out_ += "null"; }

private:
    void open(char bracket);
    void close(char bracket);
    void next();  // the comma (unless first) and, when pretty, the line break and indent

    std::string& out_;
    bool pretty_;
    std::vector<bool> empty_;  // per open container: nothing written in it yet
};

}  // namespace llamawool::detail
