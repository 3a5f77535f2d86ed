// Result codes and the Status/Result types that every fallible call returns. The engine never
// throws: bad input comes back as a code plus a message naming the field and the value.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace llamawool {

enum class ErrorCode {
    ok = 0,
    // Rejections of an action, in the precedence order of docs/rules.md §10.
    malformed,
    unknown_action,
    time_regression,
    time_in_future,
    unknown_building,
    unknown_upgrade,
    invalid_quantity,
    already_owned,
    building_locked,
    upgrade_locked,
    prestige_not_ready,
    soul_shears_mismatch,
    rate_limited,
    insufficient_funds,
    cost_mismatch,
    // Errors of documents other than actions.
    invalid_json,       // text is not JSON at all
    invalid_ruleset,    // a ruleset document breaks its schema or refers to an unknown id
    invalid_save,       // a save document breaks the save format
    ruleset_mismatch,   // a save names a ruleset other than the loaded one
    state_hash_mismatch,// a save's stateHash does not match its content
    invalid_argument,   // a caller passed an argument outside its documented range
    invalid_pwa_save,   // a PWA GameSave breaks its format (import_pwa_save, docs/pwa-import.md)
    // Signed save snapshots (native only, llamawool/signing.hpp, docs/signing.md).
    invalid_key,        // a signing key is not 64 hex digits
    invalid_snapshot,   // a signed snapshot breaks its layout
    signature_mismatch, // a snapshot's HMAC does not match its save under the given key
    crypto_error,       // libsodium could not be initialised
    invalid_request,    // a sync request document breaks its format
};
// The last code. The enumeration above is the one list of codes: their names (status.cpp), the C
// ABI's numbers (bindings/c/include/llamawool.h, equal to these values) and its table
// (bindings/c/src/errors.cpp) are checked against it up to this code (tests/test_error_codes.cpp),
// and docs/rules.md §10 by tests/docs/check-rules-tables.py.
inline constexpr ErrorCode kLastErrorCode = ErrorCode::invalid_request;

// The snake_case name of a code as used in JSON and docs/rules.md §10 ("insufficient_funds").
const char* error_code_name(ErrorCode code);

struct Status {
    ErrorCode code = ErrorCode::ok;
    std::string message;  // empty when ok

    bool ok() const { return code == ErrorCode::ok; }
    static Status success() { return {}; }
    static Status error(ErrorCode c, std::string msg) { return {c, std::move(msg)}; }
};

// A value or the Status explaining why there is none.
template <class T>
class Result {
public:
    Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit on purpose
    Result(Status status) : status_(std::move(status)) {}  // NOLINT

    bool ok() const { return value_.has_value(); }
    const Status& status() const { return status_; }
    T& value() { return *value_; }
    const T& value() const { return *value_; }
    T* operator->() { return &*value_; }
    const T* operator->() const { return &*value_; }

private:
    std::optional<T> value_;
    Status status_;
};

}  // namespace llamawool
