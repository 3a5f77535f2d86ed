// The plain-form parser of sync requests (sync_request_plain.hpp says what the plain form is and
// why it exists). Every rule here mirrors one of the general parser's (sync_json.cpp,
// action_json.cpp, json_fields.cpp) on the texts it accepts; on any other text it declines, and
// it never needs to say why.
#include "sync_request_plain.hpp"

#include <cfloat>
#include <cmath>
#include <cstdint>

#include <fast_float/fast_float.h>

#include "action_json.hpp"
#include "json_fields.hpp"

namespace llamawool::detail {
namespace {

// The longest integers read here: 16 digits hold every time below 2^53 (kMaxSafeInteger), 18
// digits every count or quantity the general parser reads as an int64 without a doubt.
constexpr int kTimeDigits = 16;
constexpr int kQuantityDigits = 18;
// Amounts longer than this (digits, point, exponent) are left to the general parser.
constexpr std::size_t kNumberChars = 40;

class Cursor {
public:
    explicit Cursor(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

    // JSON's whitespace.
    void skip_space() {
        while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
    }
    bool eat(char c) {
        skip_space();
        if (p_ < end_ && *p_ == c) {
            ++p_;
            return true;
        }
        return false;
    }
    bool next_is(char c) {
        skip_space();
        return p_ < end_ && *p_ == c;
    }
    bool at_end() {
        skip_space();
        return p_ == end_;
    }

    // A string of printable ASCII (0x20-0x7e) without a backslash: its contents. The general
    // parser would decode escapes and validate UTF-8; such strings are declined instead.
    std::optional<std::string_view> plain_string() {
        if (!eat('"')) return std::nullopt;
        const char* start = p_;
        while (p_ < end_) {
            const auto c = static_cast<unsigned char>(*p_);
            if (c == '"') {
                std::string_view s(start, static_cast<std::size_t>(p_ - start));
                ++p_;
                return s;
            }
            if (c < 0x20 || c > 0x7e || c == '\\') return std::nullopt;
            ++p_;
        }
        return std::nullopt;
    }

    // An integer token: an optional minus (when allowed), then 1 to maxDigits digits without a
    // leading zero, not followed by a fraction or an exponent (a JSON number with either is a
    // float to the general parser, which refuses it where an integer is due). "-0" is declined.
    std::optional<std::int64_t> plain_integer(bool allowNegative, int maxDigits) {
        skip_space();
        bool negative = false;
        if (allowNegative && p_ < end_ && *p_ == '-') {
            negative = true;
            ++p_;
        }
        const char* start = p_;
        std::int64_t value = 0;
        while (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
            if (p_ - start == maxDigits) return std::nullopt;
            value = value * 10 + (*p_ - '0');
            ++p_;
        }
        const auto digits = p_ - start;
        if (digits == 0 || (digits > 1 && *start == '0')) return std::nullopt;
        if (p_ < end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return std::nullopt;
        if (negative && value == 0) return std::nullopt;
        return negative ? -value : value;
    }

    // A non-negative JSON number (int, frac, exp; no minus) whose value is a normal binary64 or
    // exactly zero written as "0": correctly rounded, as the general parser's strtod and integer
    // conversions round. Underflow, overflow and -0 are left to the general parser.
    std::optional<double> plain_amount() {
        skip_space();
        const char* start = p_;
        auto digits = [&] {
            const char* from = p_;
            while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
            return p_ - from;
        };
        const auto intDigits = digits();
        if (intDigits == 0 || (intDigits > 1 && *start == '0')) return std::nullopt;
        if (p_ < end_ && *p_ == '.') {
            ++p_;
            if (digits() == 0) return std::nullopt;
        }
        if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
            ++p_;
            if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
            if (digits() == 0) return std::nullopt;
        }
        const auto length = static_cast<std::size_t>(p_ - start);
        if (length > kNumberChars) return std::nullopt;
        if (length == 1 && *start == '0') return 0.0;
        double x = 0.0;
        const auto parsed = fast_float::from_chars(start, p_, x);
        if (parsed.ec != std::errc() || parsed.ptr != p_ || !std::isfinite(x) || x < DBL_MIN) return std::nullopt;
        return x;
    }

private:
    const char* p_;
    const char* end_;
};

// The fields of an action, as bits of a mask.
enum Field : unsigned {
    kT = 1u << 0,
    kType = 1u << 1,
    kCount = 1u << 2,
    kBuilding = 1u << 3,
    kQuantity = 1u << 4,
    kExpectedCost = 1u << 5,
    kUpgrade = 1u << 6,
    kExpectedSoulShears = 1u << 7,
};

// The fields each type requires, and those it also allows (action_from_json's reject_unknown and
// required fields).
bool fields_fit(ActionType type, unsigned seen) {
    auto exactly = [&](unsigned required, unsigned optional) { return (seen & required) == required && (seen & ~(required | optional)) == 0; };
    switch (type) {
        case ActionType::tick: return exactly(kT | kType, 0);
        case ActionType::shear: return exactly(kT | kType | kCount, 0);
        case ActionType::buy_building: return exactly(kT | kType | kBuilding | kQuantity, kExpectedCost);
        case ActionType::buy_upgrade: return exactly(kT | kType | kUpgrade, 0);
        case ActionType::prestige: return exactly(kT | kType, kExpectedSoulShears);
    }
    return false;
}

std::optional<Action> plain_action(Cursor& in) {
    if (!in.eat('{')) return std::nullopt;
    Action a;
    unsigned seen = 0;
    std::string_view target;
    do {
        const auto key = in.plain_string();
        if (!key || !in.eat(':')) return std::nullopt;
        unsigned field = 0;
        if (*key == "t") {
            field = kT;
            const auto t = in.plain_integer(false, kTimeDigits);
            if (!t || *t > kMaxSafeInteger) return std::nullopt;
            a.t = *t;
        } else if (*key == "type") {
            field = kType;
            const auto name = in.plain_string();
            const auto type = name ? action_type_from_name(*name) : std::nullopt;
            if (!type) return std::nullopt;  // unknown_action, with a suggestion: the general parser's
            a.type = *type;
        } else if (*key == "count") {
            field = kCount;
            const auto n = in.plain_integer(true, kQuantityDigits);
            if (!n) return std::nullopt;
            a.count = *n;
        } else if (*key == "building" || *key == "upgrade") {
            field = *key == "building" ? kBuilding : kUpgrade;
            const auto id = in.plain_string();
            if (!id) return std::nullopt;
            target = *id;
        } else if (*key == "quantity") {
            field = kQuantity;
            if (in.next_is('"')) {
                const auto word = in.plain_string();
                if (!word || *word != "max") return std::nullopt;
                a.buyMax = true;
            } else {
                const auto n = in.plain_integer(true, kQuantityDigits);
                if (!n) return std::nullopt;
                a.quantity = *n;
            }
        } else if (*key == "expectedCost" || *key == "expectedSoulShears") {
            field = *key == "expectedCost" ? kExpectedCost : kExpectedSoulShears;
            const auto x = in.plain_amount();
            if (!x) return std::nullopt;
            (field == kExpectedCost ? a.expectedCost : a.expectedSoulShears) = *x;
        } else {
            return std::nullopt;  // an unknown field
        }
        if (seen & field) return std::nullopt;  // a repeated field (the general parser keeps the last)
        seen |= field;
    } while (in.eat(','));
    if (!in.eat('}')) return std::nullopt;
    if (!(seen & kType) || !fields_fit(a.type, seen)) return std::nullopt;
    a.target = std::string(target);
    return a;
}

}  // namespace

std::optional<SyncRequest> parse_plain_sync_request(std::string_view text) {
    Cursor in(text);
    if (!in.eat('{')) return std::nullopt;
    SyncRequest request;
    bool sawBase = false, sawActions = false, sawClaimed = false;
    do {
        const auto key = in.plain_string();
        if (!key || !in.eat(':')) return std::nullopt;
        if (*key == "baseHash" || *key == "claimedHash") {
            bool& saw = *key == "baseHash" ? sawBase : sawClaimed;
            const auto hex = in.plain_string();
            if (saw || !hex) return std::nullopt;
            const auto hash = parse_hash(std::string(*hex));
            if (!hash) return std::nullopt;
            (*key == "baseHash" ? request.baseHash : request.claimedHash) = *hash;
            saw = true;
        } else if (*key == "actions") {
            if (sawActions || !in.eat('[')) return std::nullopt;
            sawActions = true;
            request.actions.reserve(32);
            if (!in.eat(']')) {
                do {
                    auto action = plain_action(in);
                    if (!action) return std::nullopt;
                    request.actions.emplace_back(std::move(*action));
                } while (in.eat(','));
                if (!in.eat(']')) return std::nullopt;
            }
        } else {
            return std::nullopt;
        }
    } while (in.eat(','));
    if (!in.eat('}') || !in.at_end() || !sawBase || !sawActions || !sawClaimed) return std::nullopt;
    return request;
}

}  // namespace llamawool::detail
