#include "llamawool/status.hpp"

namespace llamawool {

const char* error_code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::ok: return "ok";
        case ErrorCode::malformed: return "malformed";
        case ErrorCode::unknown_action: return "unknown_action";
        case ErrorCode::time_regression: return "time_regression";
        case ErrorCode::time_in_future: return "time_in_future";
        case ErrorCode::unknown_building: return "unknown_building";
        case ErrorCode::unknown_upgrade: return "unknown_upgrade";
        case ErrorCode::invalid_quantity: return "invalid_quantity";
        case ErrorCode::already_owned: return "already_owned";
        case ErrorCode::building_locked: return "building_locked";
        case ErrorCode::upgrade_locked: return "upgrade_locked";
        case ErrorCode::prestige_not_ready: return "prestige_not_ready";
        case ErrorCode::soul_shears_mismatch: return "soul_shears_mismatch";
        case ErrorCode::rate_limited: return "rate_limited";
        case ErrorCode::insufficient_funds: return "insufficient_funds";
        case ErrorCode::cost_mismatch: return "cost_mismatch";
        case ErrorCode::invalid_json: return "invalid_json";
        case ErrorCode::invalid_ruleset: return "invalid_ruleset";
        case ErrorCode::invalid_save: return "invalid_save";
        case ErrorCode::ruleset_mismatch: return "ruleset_mismatch";
        case ErrorCode::state_hash_mismatch: return "state_hash_mismatch";
        case ErrorCode::invalid_argument: return "invalid_argument";
        case ErrorCode::invalid_pwa_save: return "invalid_pwa_save";
        case ErrorCode::invalid_key: return "invalid_key";
        case ErrorCode::invalid_snapshot: return "invalid_snapshot";
        case ErrorCode::signature_mismatch: return "signature_mismatch";
        case ErrorCode::crypto_error: return "crypto_error";
        case ErrorCode::invalid_request: return "invalid_request";
    }
    return "unknown_error";
}

}  // namespace llamawool
