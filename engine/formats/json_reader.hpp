// JSON parsing without exceptions, so the WebAssembly build (exceptions off) behaves like the
// native one, and with an error message that says where the text went wrong.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "llamawool/status.hpp"

namespace llamawool::detail {

using Json = nlohmann::ordered_json;

// Parses text into a document. Text that is not JSON gives an invalid_json status whose message
// starts with `what`; a number beyond the binary64 range (1e400) gives `rangeErrorCode` with a
// message naming the field's JSON path ("wool.basic: is out of range ..., got 1e400").
Result<Json> parse_json(std::string_view text, std::string_view what, ErrorCode rangeErrorCode);

// "a string", "an integer", ... for messages about wrong types.
const char* json_type_phrase(const Json& value);

// An object with one top-level field per line and each value compact: readable in a terminal,
// still one `grep` away from any field, and valid JSON.
std::string dump_fields_per_line(const Json& object);

// A short rendering of a value for error messages (long values are cut).
std::string json_excerpt(const Json& value);

// The longest prefix of `text` of at most maxBytes bytes that does not cut a UTF-8 character in
// two. Messages quote pieces of the input, and a message must stay valid UTF-8: the reports that
// carry it are JSON, and the JSON writer refuses invalid UTF-8.
std::string utf8_prefix(std::string_view text, std::size_t maxBytes);

}  // namespace llamawool::detail
