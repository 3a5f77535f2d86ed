#include "json_reader.hpp"

#include <vector>

namespace llamawool::detail {
namespace {

std::string ascii_only(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (static_cast<unsigned char>(c) >= 0x80) c = '?';
    return out;
}

// A SAX handler that builds the document like nlohmann's own DOM parser but records a parse
// error instead of throwing it, together with the JSON path of the value being read (so that
// a number too large for binary64, such as 1e400, is reported by field like any other bad value).
class DomBuilder {
public:
    explicit DomBuilder(Json& root) : root_(root) {}

    bool null() { return put(Json(nullptr)); }
    bool boolean(bool v) { return put(Json(v)); }
    bool number_integer(Json::number_integer_t v) { return put(Json(v)); }
    bool number_unsigned(Json::number_unsigned_t v) { return put(Json(v)); }
    bool number_float(Json::number_float_t v, const std::string&) { return put(Json(v)); }
    bool string(Json::string_t& v) { return put(Json(std::move(v))); }
    bool binary(Json::binary_t&) { return false; }
    bool start_object(std::size_t) { return open(Json::object()); }
    bool key(Json::string_t& k) { key_ = std::move(k); return true; }
    bool end_object() { return close(); }
    bool start_array(std::size_t) { return open(Json::array()); }
    bool end_array() { return close(); }
    bool parse_error(std::size_t, const std::string& token, const nlohmann::detail::exception& ex) {
        // The parser quotes the bytes it last read, which may be the invalid UTF-8 it refused;
        // messages must stay valid UTF-8, so non-ASCII bytes are shown as '?'.
        // nlohmann's text starts with its own tag ("[json.exception.parse_error.101] "), which means
        // nothing to a reader of the message: it is dropped.
        std::string what = ascii_only(ex.what());
        if (what.rfind("[json.exception.", 0) == 0) {
            const std::size_t close = what.find("] ");
            if (close != std::string::npos) what.erase(0, close + 2);
        }
        error_ = what;
        overflow_ = ex.id == 406;  // out_of_range: "number overflow"
        token_ = ascii_only(token);
        path_ = current_path();
        return false;
    }

    const std::string& error() const { return error_; }
    bool overflow() const { return overflow_; }
    const std::string& token() const { return token_; }
    const std::string& path() const { return path_; }
    bool too_deep() const { return too_deep_; }

private:
    // Path of the value about to be placed: the open containers' segments plus the slot in the
    // innermost one.
    std::string current_path() const {
        std::string p;
        for (const std::string& s : segments_) p += s;
        if (!stack_.empty()) p += slot_segment(*stack_.back());
        return (!p.empty() && p[0] == '.') ? p.substr(1) : p;
    }
    std::string slot_segment(const Json& parent) const {
        return parent.is_array() ? "[" + std::to_string(parent.size()) + "]" : "." + key_;
    }
    Json* place(Json&& v) {
        if (stack_.empty()) { root_ = std::move(v); return &root_; }
        Json& parent = *stack_.back();
        if (parent.is_array()) { parent.push_back(std::move(v)); return &parent.back(); }
        // Duplicate keys: the later one wins, as in nlohmann's own parser.
        Json& slot = parent[key_];
        slot = std::move(v);
        return &slot;
    }
    bool put(Json&& v) { place(std::move(v)); return true; }
    bool open(Json&& v) {
        if (stack_.size() == kMaxJsonDepth) {  // this container would be one level too deep
            too_deep_ = true;
            path_ = current_path();
            return false;  // stops the parser; parse_error is not called
        }
        segments_.push_back(stack_.empty() ? std::string() : slot_segment(*stack_.back()));
        stack_.push_back(place(std::move(v)));
        return true;
    }
    bool close() {
        stack_.pop_back();
        segments_.pop_back();
        return true;
    }

    Json& root_;
    std::vector<Json*> stack_;
    std::vector<std::string> segments_;  // path segment of each open container
    std::string key_;
    std::string error_;
    std::string token_;
    std::string path_;
    bool overflow_ = false;
    bool too_deep_ = false;
};

}  // namespace

Result<Json> parse_json(std::string_view text, std::string_view what, ErrorCode limitErrorCode) {
    Json root;
    DomBuilder builder(root);
    bool ok = Json::sax_parse(text.begin(), text.end(), &builder, nlohmann::detail::input_format_t::json,
                              /*strict=*/true);
    if (ok) return root;
    auto field_of = [&](std::string field) {
        if (field.empty() || field[0] == '[') field.insert(0, what);  // "actions[3].count"
        return field;
    };
    if (builder.overflow()) {
        return Status::error(limitErrorCode,
                             field_of(builder.path()) + ": is out of range for a binary64 number, got " + builder.token());
    }
    if (builder.too_deep()) {
        // The path of a value 65 levels down is long; its start says where it is.
        std::string field = field_of(builder.path());
        if (field.size() > 80) field = utf8_prefix(field, 77) + "...";
        return Status::error(limitErrorCode, field + ": arrays and objects nested more than " +
                                                 std::to_string(kMaxJsonDepth) + " deep are refused");
    }
    std::string msg(what);
    msg += " is not valid JSON: ";
    msg += builder.error().empty() ? "unexpected content" : builder.error();
    return Status::error(ErrorCode::invalid_json, msg);
}

const char* json_type_phrase(const Json& value) {
    switch (value.type()) {
        case Json::value_t::null: return "null";
        case Json::value_t::boolean: return "a boolean";
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned: return "an integer";
        case Json::value_t::number_float: return "a number";
        case Json::value_t::string: return "a string";
        case Json::value_t::array: return "an array";
        case Json::value_t::object: return "an object";
        default: return "a value of another kind";
    }
}

std::string dump_fields_per_line(const Json& object) {
    std::string out = "{";
    bool first = true;
    for (auto it = object.begin(); it != object.end(); ++it) {
        out += first ? "\n  " : ",\n  ";
        out += Json(it.key()).dump() + ": " + it.value().dump();
        first = false;
    }
    return out + "\n}\n";
}

std::string utf8_prefix(std::string_view text, std::size_t maxBytes) {
    if (text.size() <= maxBytes) return std::string(text);
    std::size_t cut = maxBytes;
    // Back up over continuation bytes (10xxxxxx): the character starting before them would be cut.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return std::string(text.substr(0, cut));
}

std::string json_excerpt(const Json& value) {
    const std::string s = value.dump();
    return s.size() > 60 ? utf8_prefix(s, 57) + "..." : s;
}

}  // namespace llamawool::detail
