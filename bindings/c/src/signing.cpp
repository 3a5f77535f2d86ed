// Signed save snapshots. Compiled with LW_HAVE_SIGNING only where llamawool::signing (libsodium)
// exists; elsewhere (WebAssembly) the same functions check their arguments and return
// LW_EUNSUPPORTED, so a host can probe for signing at run time.
#include "abi.hpp"

#if LW_HAVE_SIGNING
#include "llamawool/signing.hpp"
#endif

using namespace lw_abi;

namespace {

#if !LW_HAVE_SIGNING
lw_result unsupported(lw_state* state) {
    return finish(state, LW_EUNSUPPORTED, "signing is not in this build (it needs libsodium)");
}
#else
// Parses a key argument; `key` is set when LW_OK.
lw_result read_key(lw_state* state, const char* key_hex, llamawool::SigningKey& key) {
    if (!key_hex) return null_argument(state, "key_hex");
    auto parsed = llamawool::parse_signing_key(key_hex);
    if (!parsed.ok()) return fail(state, parsed.status());
    key = parsed.value();
    return LW_OK;
}
#endif

}  // namespace

extern "C" {

lw_result lw_signing_key_generate(char** out_key_hex) {
    return guarded(nullptr, [&]() -> lw_result {
        if (!out_key_hex) return null_argument(nullptr, "out_key_hex");
        *out_key_hex = nullptr;
#if LW_HAVE_SIGNING
        auto key = llamawool::generate_signing_key();
        if (!key.ok()) return fail(nullptr, key.status());
        return give_text(out_key_hex, llamawool::format_signing_key(key.value()), nullptr);
#else
        return unsupported(nullptr);
#endif
    });
}

lw_result lw_state_sign(char** out_snapshot, lw_state* state, const char* key_hex) {
    return with_state(out_snapshot, "out_snapshot", state, [&]() -> lw_result {
#if LW_HAVE_SIGNING
        llamawool::SigningKey key;
        if (const lw_result r = read_key(state, key_hex, key); r != LW_OK) return r;
        return give_text(out_snapshot, llamawool::signed_snapshot(*state->rules, state->state, key), state);
#else
        (void)key_hex;
        return unsupported(state);
#endif
    });
}

lw_result lw_state_verify(lw_state** out_state, const lw_engine* engine, const char* snapshot, const char* key_hex) {
    return with_engine(out_state, "out_state", engine, [&]() -> lw_result {
        if (!snapshot) return null_argument(nullptr, "snapshot");
#if LW_HAVE_SIGNING
        llamawool::SigningKey key;
        if (const lw_result r = read_key(nullptr, key_hex, key); r != LW_OK) return r;
        auto verified = llamawool::verify_snapshot(*engine->rules, snapshot, key);
        if (!verified.ok()) return fail(nullptr, verified.status());
        return give_state(out_state, engine->rules, std::move(verified.value()));
#else
        (void)key_hex;
        return unsupported(nullptr);
#endif
    });
}

}  // extern "C"
