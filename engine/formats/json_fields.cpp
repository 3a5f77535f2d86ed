#include "json_fields.hpp"

#include "suggest.hpp"

#include <cmath>

#include <fast_float/fast_float.h>
#include <fmt/format.h>

namespace llamawool::detail {

void ErrorSink::fail(const std::string& path, const std::string& what) {
    if (!message_.empty()) return;  // the first error wins
    message_ = path.empty() ? what : path + ": " + what;
}

std::string join_path(const std::string& path, std::string_view key) {
    if (path.empty()) return std::string(key);
    return path + "." + std::string(key);
}

std::string index_path(const std::string& path, std::size_t index) {
    return fmt::format("{}[{}]", path, index);
}

ObjectReader::ObjectReader(const Json& value, std::string path, ErrorSink& sink)
    : path_(std::move(path)), sink_(sink) {
    if (value.is_object()) {
        object_ = &value;
    } else {
        sink_.fail(path_, fmt::format("must be an object, got {}", json_type_phrase(value)));
    }
}

const Json* ObjectReader::field(std::string_view key, bool required) {
    if (!object_) return nullptr;
    auto it = object_->find(std::string(key));
    if (it == object_->end()) {
        if (required) fail(key, "missing required field");
        return nullptr;
    }
    return &*it;
}

void ObjectReader::reject_unknown(std::initializer_list<std::string_view> known) {
    if (!object_) return;
    for (auto it = object_->begin(); it != object_->end(); ++it) {
        bool found = false;
        for (auto k : known) found = found || (k == it.key());
        if (!found) {
            fail(it.key(), "unknown field" + did_you_mean(it.key(), std::vector<std::string_view>(known)));
            return;
        }
    }
}

std::optional<std::string> ObjectReader::string(std::string_view key, bool required) {
    const Json* v = field(key, required);
    if (!v) return std::nullopt;
    if (!v->is_string()) {
        fail(key, fmt::format("must be a string, got {} {}", json_type_phrase(*v), json_excerpt(*v)));
        return std::nullopt;
    }
    return v->get<std::string>();
}

std::optional<std::int64_t> ObjectReader::integer(std::string_view key, std::int64_t lo, std::int64_t hi,
                                                  bool required) {
    const Json* v = field(key, required);
    if (!v) return std::nullopt;
    std::optional<std::int64_t> n;
    if (v->is_number_unsigned()) {
        auto u = v->get<std::uint64_t>();
        if (u <= static_cast<std::uint64_t>(INT64_MAX)) n = static_cast<std::int64_t>(u);
    } else if (v->is_number_integer()) {
        n = v->get<std::int64_t>();
    }
    if (!n || *n < lo || *n > hi) {
        fail(key, fmt::format("must be an integer in [{}, {}], got {}", lo, hi, json_excerpt(*v)));
        return std::nullopt;
    }
    return n;
}

std::optional<double> ObjectReader::number(std::string_view key, double lo, bool strictlyAbove,
                                           bool required) {
    const Json* v = field(key, required);
    if (!v) return std::nullopt;
    if (!v->is_number()) {
        fail(key, fmt::format("must be a number, got {} {}", json_type_phrase(*v), json_excerpt(*v)));
        return std::nullopt;
    }
    double x = v->get<double>();
    bool inRange = std::isfinite(x) && (strictlyAbove ? x > lo : x >= lo);
    if (!inRange) {
        fail(key, fmt::format("must be a finite number {} {}, got {}", strictlyAbove ? ">" : ">=", lo,
                              json_excerpt(*v)));
        return std::nullopt;
    }
    return x == 0.0 ? 0.0 : x;
}

std::optional<double> ObjectReader::amount(std::string_view key, bool required) {
    const Json* v = field(key, required);
    if (!v) return std::nullopt;
    std::string why;
    auto x = amount_from_json(*v, why);
    if (!x) fail(key, why);
    return x;
}

std::optional<bool> ObjectReader::boolean(std::string_view key, bool required) {
    const Json* v = field(key, required);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) {
        fail(key, fmt::format("must be true or false, got {}", json_excerpt(*v)));
        return std::nullopt;
    }
    return v->get<bool>();
}

const Json* ObjectReader::array(std::string_view key, bool required) {
    const Json* v = field(key, required);
    if (!v) return nullptr;
    if (!v->is_array()) {
        fail(key, fmt::format("must be an array, got {} {}", json_type_phrase(*v), json_excerpt(*v)));
        return nullptr;
    }
    return v;
}

std::optional<double> parse_decimal_amount(std::string_view s, std::string& whyNot) {
    auto isDigit = [](char c) { return c >= '0' && c <= '9'; };
    std::size_t i = 0;
    const std::size_t n = s.size();
    bool negative = false;
    if (i < n && s[i] == '-') { negative = true; ++i; }  // only to say "negative" rather than "not a number"
    std::size_t intDigits = 0, fracDigits = 0;
    while (i < n && isDigit(s[i])) { ++i; ++intDigits; }
    if (i < n && s[i] == '.') {
        ++i;
        while (i < n && isDigit(s[i])) { ++i; ++fracDigits; }
    }
    bool grammarOk = intDigits + fracDigits > 0;
    if (grammarOk && i < n && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
        std::size_t expDigits = 0;
        while (i < n && isDigit(s[i])) { ++i; ++expDigits; }
        grammarOk = expDigits > 0;
    }
    if (!grammarOk || i != n || n > 400) {
        whyNot = fmt::format("must be a decimal number string, got \"{}\"", utf8_prefix(s, 60));
        return std::nullopt;
    }
    if (negative) {
        whyNot = fmt::format("must not be negative, got \"{}\"", s);
        return std::nullopt;
    }
    // fast_float rounds correctly like strtod but ignores the C locale: a host that called
    // setlocale(LC_ALL, "de_DE.UTF-8") would make strtod stop at the '.' of "18342.67".
    double x = 0.0;
    const auto parsed = fast_float::from_chars(s.data(), s.data() + n, x);
    if (parsed.ec != std::errc() || parsed.ptr != s.data() + n || !std::isfinite(x)) {
        whyNot = fmt::format("is out of range for a binary64 amount, got \"{}\"", s);
        return std::nullopt;
    }
    return x == 0.0 ? 0.0 : x;
}

std::optional<double> amount_from_json(const Json& v, std::string& whyNot) {
    if (v.is_string()) return parse_decimal_amount(v.get_ref<const std::string&>(), whyNot);
    if (v.is_number()) {
        double x = v.get<double>();
        if (!std::isfinite(x)) {
            whyNot = fmt::format("is out of range, got {}", json_excerpt(v));
            return std::nullopt;
        }
        if (x < 0) {
            whyNot = fmt::format("must not be negative, got {}", json_excerpt(v));
            return std::nullopt;
        }
        return x == 0.0 ? 0.0 : x;
    }
    whyNot = fmt::format("must be a decimal string or a number, got {} {}", json_type_phrase(v), json_excerpt(v));
    return std::nullopt;
}

}  // namespace llamawool::detail
