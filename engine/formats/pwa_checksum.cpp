// JSON.stringify with an array replacer and upstream's 32-bit string hash (pwa_checksum.hpp).
#include "pwa_checksum.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <fmt/format.h>

namespace llamawool::detail {
namespace {

// UTF-16 code units of valid UTF-8 text (the JSON reader only lets valid UTF-8 through; a stray
// byte would be taken as one unit, which keeps this total).
std::u16string utf16_of(std::string_view s) {
    std::u16string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        std::uint32_t cp = c;
        std::size_t len = 1;
        if (c >= 0xF0) {
            len = 4;
            cp = c & 0x07u;
        } else if (c >= 0xE0) {
            len = 3;
            cp = c & 0x0Fu;
        } else if (c >= 0xC0) {
            len = 2;
            cp = c & 0x1Fu;
        }
        if (c < 0xC0 || i + len > s.size()) {
            out.push_back(static_cast<char16_t>(c));
            ++i;
            continue;
        }
        for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
            out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
        } else {
            out.push_back(static_cast<char16_t>(cp));
        }
        i += len;
    }
    return out;
}

// QuoteJSONString (ECMA-262 25.5.2.3). Lone surrogates cannot occur in valid UTF-8.
void quote(std::string& out, std::string_view s) {
    out += '"';
    for (const char ch : s) {
        const unsigned char c = static_cast<unsigned char>(ch);
        switch (c) {
            case '\b': out += "\\b"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\f': out += "\\f"; break;
            case '\r': out += "\\r"; break;
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            default:
                if (c < 0x20)
                    out += fmt::format("\\u{:04x}", c);
                else
                    out += ch;
        }
    }
    out += '"';
}

class PropertyListStringifier {
public:
    explicit PropertyListStringifier(std::vector<std::string> keys) : keys_(std::move(keys)) {}

    void value(std::string& out, const Json& v) const {
        switch (v.type()) {
            case Json::value_t::null: out += "null"; break;
            case Json::value_t::boolean: out += v.get<bool>() ? "true" : "false"; break;
            case Json::value_t::number_integer: out += js_number_to_string(static_cast<double>(v.get<std::int64_t>())); break;
            case Json::value_t::number_unsigned: out += js_number_to_string(static_cast<double>(v.get<std::uint64_t>())); break;
            case Json::value_t::number_float: {
                const double x = v.get<double>();
                out += std::isfinite(x) ? js_number_to_string(x) : "null";
                break;
            }
            case Json::value_t::string: quote(out, v.get_ref<const std::string&>()); break;
            case Json::value_t::array: {
                out += '[';
                bool first = true;
                for (const Json& e : v) {
                    if (!first) out += ',';
                    first = false;
                    value(out, e);
                }
                out += ']';
                break;
            }
            case Json::value_t::object: {
                // SerializeJSONObject with a PropertyList: the list's keys, in its order, that the
                // object has; the others are left out, at every depth.
                out += '{';
                bool first = true;
                for (const std::string& k : keys_) {
                    auto it = v.find(k);
                    if (it == v.end()) continue;
                    if (!first) out += ',';
                    first = false;
                    quote(out, k);
                    out += ':';
                    value(out, *it);
                }
                out += '}';
                break;
            }
            default: out += "null"; break;  // binary and discarded values do not come out of the reader
        }
    }

private:
    std::vector<std::string> keys_;
};

}  // namespace

std::string js_number_to_string(double x) {
    if (x == 0) return "0";  // also -0
    // The shortest digits that round-trip (what ECMAScript asks for: k as small as possible, the
    // closest such s), read back out of fmt's shortest representation.
    const std::string repr = fmt::format("{}", x);
    std::string digits;
    int pointPos = -1;  // digits before the decimal point in repr's mantissa
    std::size_t i = 0;
    bool negative = false;
    if (repr[i] == '-') {
        negative = true;
        ++i;
    }
    int exponent = 0;
    for (; i < repr.size(); ++i) {
        const char c = repr[i];
        if (c >= '0' && c <= '9') {
            digits += c;
        } else if (c == '.') {
            pointPos = static_cast<int>(digits.size());
        } else if (c == 'e' || c == 'E') {
            exponent = std::stoi(repr.substr(i + 1));
            break;
        }
    }
    if (pointPos < 0) pointPos = static_cast<int>(digits.size());
    // value = 0.digits * 10^n with the digits' leading zeros removed.
    int n = pointPos + exponent;
    std::size_t lead = 0;
    while (lead < digits.size() && digits[lead] == '0') ++lead;
    digits.erase(0, lead);
    n -= static_cast<int>(lead);
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    const int k = static_cast<int>(digits.size());

    std::string out = negative ? "-" : "";
    if (k <= n && n <= 21) {
        out += digits;
        out.append(static_cast<std::size_t>(n - k), '0');
    } else if (0 < n && n <= 21) {
        out += digits.substr(0, static_cast<std::size_t>(n));
        out += '.';
        out += digits.substr(static_cast<std::size_t>(n));
    } else if (-6 < n && n <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-n), '0');
        out += digits;
    } else {
        out += digits[0];
        if (k > 1) {
            out += '.';
            out += digits.substr(1);
        }
        const int e = n - 1;
        out += e < 0 ? "e-" : "e+";
        out += std::to_string(e < 0 ? -e : e);
    }
    return out;
}

std::string pwa_checksum_serialization(const Json& doc) {
    std::vector<std::string> keys;
    if (doc.is_object())
        for (auto it = doc.begin(); it != doc.end(); ++it)
            if (it.key() != "checksum") keys.push_back(it.key());
    // Array.prototype.sort's default order: UTF-16 code units.
    std::sort(keys.begin(), keys.end(), [](const std::string& a, const std::string& b) { return utf16_of(a) < utf16_of(b); });
    std::string out;
    PropertyListStringifier(std::move(keys)).value(out, doc);
    return out;
}

std::string pwa_simple_hash(std::string_view utf8Text) {
    std::uint32_t h = 0;  // ((h << 5) - h) + c, then ToInt32: h * 31 + c modulo 2^32
    for (const char16_t c : utf16_of(utf8Text)) h = h * 31u + static_cast<std::uint32_t>(c);
    const auto v = static_cast<std::int64_t>(static_cast<std::int32_t>(h));
    return v < 0 ? fmt::format("-{:x}", -v) : fmt::format("{:x}", v);
}

}  // namespace llamawool::detail
