// JSON parsing without exceptions, so the WebAssembly build (exceptions off) behaves like the
// native one, and with an error message that says where the text went wrong.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "llamawool/status.hpp"

namespace llamawool::detail {

using Json = nlohmann::ordered_json;

// Arrays and objects nested deeper than this are refused while parsing. No document of the
// engine comes near (a PWA save wrapped in VersionedGameState is 5 deep), and every later walk of
// a document (lookups, dumps for messages, the PWA checksum) recurses: without a limit,
// `[[[...]]]` 10 000 deep overflowed WebAssembly's stack, where a native stack did not, and an
// overflow in WebAssembly unwinds no C++ destructor, so each one leaked its allocations.
inline constexpr std::size_t kMaxJsonDepth = 64;

// Parses text into a document. Text that is not JSON gives an invalid_json status whose message
// starts with `what`. A value the engine cannot hold gives `limitErrorCode`, with a message naming
// the field's JSON path: a number beyond the binary64 range ("wool.basic: is out of range ...,
// got 1e400"), or arrays and objects nested deeper than kMaxJsonDepth.
Result<Json> parse_json(std::string_view text, std::string_view what, ErrorCode limitErrorCode);

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
