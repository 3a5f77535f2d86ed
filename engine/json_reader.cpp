#include "json_reader.hpp"

#include <vector>

namespace llamawool::detail {
namespace {

// A SAX handler that builds the document like nlohmann's own DOM parser but records a parse
// error instead of throwing it.
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
    bool end_object() { stack_.pop_back(); return true; }
    bool start_array(std::size_t) { return open(Json::array()); }
    bool end_array() { stack_.pop_back(); return true; }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
        error_ = ex.what();
        position_ = position;
        return false;
    }

    const std::string& error() const { return error_; }
    std::size_t position() const { return position_; }

private:
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
    bool open(Json&& v) { stack_.push_back(place(std::move(v))); return true; }

    Json& root_;
    std::vector<Json*> stack_;
    std::string key_;
    std::string error_;
    std::size_t position_ = 0;
};

}  // namespace

Result<Json> parse_json(std::string_view text, std::string_view what) {
    Json root;
    DomBuilder builder(root);
    bool ok = Json::sax_parse(text.begin(), text.end(), &builder, nlohmann::detail::input_format_t::json,
                              /*strict=*/true);
    if (!ok) {
        std::string msg(what);
        msg += " is not valid JSON: ";
        msg += builder.error().empty() ? "unexpected content" : builder.error();
        return Status::error(ErrorCode::invalid_json, msg);
    }
    return root;
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

std::string json_excerpt(const Json& value) {
    std::string s = value.dump();
    if (s.size() > 60) s = s.substr(0, 57) + "...";
    return s;
}

}  // namespace llamawool::detail
