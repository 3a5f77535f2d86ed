// Typed, path-aware access to fields of a JSON document. Every reader in the engine (ruleset,
// save, action) goes through this, so every error names its field the same way
// ("buildings[2].baseCost: must be a finite number > 0, got -5") and the first error wins.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "json_reader.hpp"

namespace llamawool::detail {

inline constexpr std::int64_t kMaxSafeInteger = (std::int64_t{1} << 53) - 1;

// Collects the first error of a whole document.
class ErrorSink {
public:
    explicit ErrorSink(ErrorCode code) : code_(code) {}
    bool ok() const { return message_.empty(); }
    void fail(const std::string& path, const std::string& what);
    Status status() const { return ok() ? Status::success() : Status::error(code_, message_); }

private:
    ErrorCode code_;
    std::string message_;
};

std::string join_path(const std::string& path, std::string_view key);
std::string index_path(const std::string& path, std::size_t index);

class ObjectReader {
public:
    // Reports an error (and reads nothing) when `value` is not an object.
    ObjectReader(const Json& value, std::string path, ErrorSink& sink);

    bool ok() const { return sink_.ok(); }
    const std::string& path() const { return path_; }
    ErrorSink& sink() { return sink_; }

    // The raw field, or nullptr; a missing required field is an error.
    const Json* field(std::string_view key, bool required = true);
    // Fails on any key not in `known`.
    void reject_unknown(std::initializer_list<std::string_view> known);

    std::optional<std::string> string(std::string_view key, bool required = true);
    // An integer in [lo, hi] written as a JSON number without a fraction.
    std::optional<std::int64_t> integer(std::string_view key, std::int64_t lo, std::int64_t hi,
                                        bool required = true);
    // A finite JSON number >= lo (or > lo when strictlyAbove).
    std::optional<double> number(std::string_view key, double lo, bool strictlyAbove = false,
                                 bool required = true);
    // An amount: a decimal string (the save format) or a JSON number, finite and >= 0.
    std::optional<double> amount(std::string_view key, bool required = true);
    std::optional<bool> boolean(std::string_view key, bool required = true);
    // An array field (nullptr and an error when missing or not an array).
    const Json* array(std::string_view key, bool required = true);

    void fail(std::string_view key, const std::string& what) { sink_.fail(join_path(path_, key), what); }

private:
    const Json* object_ = nullptr;
    std::string path_;
    ErrorSink& sink_;
};

// Parses a decimal amount string strictly: [digits][.digits][e[+-]digits], no sign, no spaces,
// no hex, no inf/nan. Returns an error phrase or the value.
std::optional<double> parse_decimal_amount(std::string_view text, std::string& whyNot);

// Validates an amount given as a JSON value (string or number); whyNot names the problem.
std::optional<double> amount_from_json(const Json& value, std::string& whyNot);

}  // namespace llamawool::detail
