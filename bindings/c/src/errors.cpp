// Result codes, their names and the last-error messages.

#include "abi.hpp"

namespace lw_abi {
namespace {

using llamawool::ErrorCode;

// The C number of every engine code. Written out, not cast, because these numbers are ABI.
struct CodePair {
    ErrorCode engine;
    lw_result c;
};
constexpr CodePair kEngineCodes[] = {
    {ErrorCode::ok, LW_OK},
    {ErrorCode::malformed, LW_EMALFORMED},
    {ErrorCode::unknown_action, LW_EUNKNOWN_ACTION},
    {ErrorCode::time_regression, LW_ETIME_REGRESSION},
    {ErrorCode::time_in_future, LW_ETIME_IN_FUTURE},
    {ErrorCode::unknown_building, LW_EUNKNOWN_BUILDING},
    {ErrorCode::unknown_upgrade, LW_EUNKNOWN_UPGRADE},
    {ErrorCode::invalid_quantity, LW_EINVALID_QUANTITY},
    {ErrorCode::already_owned, LW_EALREADY_OWNED},
    {ErrorCode::building_locked, LW_EBUILDING_LOCKED},
    {ErrorCode::upgrade_locked, LW_EUPGRADE_LOCKED},
    {ErrorCode::prestige_not_ready, LW_EPRESTIGE_NOT_READY},
    {ErrorCode::soul_shears_mismatch, LW_ESOUL_SHEARS_MISMATCH},
    {ErrorCode::rate_limited, LW_ERATE_LIMITED},
    {ErrorCode::insufficient_funds, LW_EINSUFFICIENT_FUNDS},
    {ErrorCode::cost_mismatch, LW_ECOST_MISMATCH},
    {ErrorCode::invalid_json, LW_EINVALID_JSON},
    {ErrorCode::invalid_ruleset, LW_EINVALID_RULESET},
    {ErrorCode::invalid_save, LW_EINVALID_SAVE},
    {ErrorCode::ruleset_mismatch, LW_ERULESET_MISMATCH},
    {ErrorCode::state_hash_mismatch, LW_ESTATE_HASH_MISMATCH},
    {ErrorCode::invalid_argument, LW_EINVALID_ARGUMENT},
    {ErrorCode::invalid_pwa_save, LW_EINVALID_PWA_SAVE},
    {ErrorCode::invalid_key, LW_EINVALID_KEY},
    {ErrorCode::invalid_snapshot, LW_EINVALID_SNAPSHOT},
    {ErrorCode::signature_mismatch, LW_ESIGNATURE_MISMATCH},
    {ErrorCode::crypto_error, LW_ECRYPTO},
    {ErrorCode::invalid_request, LW_EINVALID_REQUEST},
};

// The thread's last message. thread_local is a plain global in single-threaded WebAssembly.
thread_local std::string t_last_message;

}  // namespace

lw_result to_c_code(ErrorCode code) {
    for (const CodePair& p : kEngineCodes)
        if (p.engine == code) return p.c;
    return LW_EINTERNAL;  // a code added to the engine but not yet to the ABI
}

lw_result finish(lw_state* state, lw_result code, std::string_view message) {
    t_last_message.assign(message);
    // The messages are C strings, which end at the first NUL: a NUL that a message quotes from the
    // input (a JSON "\u0000") is written as those six characters, so that hosts read all of it.
    for (std::size_t at = t_last_message.find('\0'); at != std::string::npos; at = t_last_message.find('\0', at + 6))
        t_last_message.replace(at, 1, "\\u0000");
    if (state) state->errmsg.assign(t_last_message);
    return code;
}

lw_result null_argument(lw_state* state, const char* name) {
    return finish(state, LW_ENULL, std::string(name) + ": must not be NULL");
}

}  // namespace lw_abi

extern "C" {

const char* lw_errstr(lw_result code) {
    for (const lw_abi::CodePair& p : lw_abi::kEngineCodes)
        if (p.c == code) return llamawool::error_code_name(p.engine);
    switch (code) {
        case LW_ENULL: return "null_argument";
        case LW_ENOMEM: return "out_of_memory";
        case LW_EUNSUPPORTED: return "unsupported";
        case LW_EINTERNAL: return "internal_error";
        default: return "unknown_code";
    }
}

const char* lw_errmsg(void) { return lw_abi::t_last_message.c_str(); }

}  // extern "C"
