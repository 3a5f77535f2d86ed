// Signed save snapshots (docs/signing.md): HMAC-SHA256 (libsodium) over the canonical save text.
//
// Native only. This header belongs to the `llamawool_signing` library, which the WebAssembly build
// never compiles: the key must live only on servers, never in a client (docs/signing.md explains
// why). It is therefore not part of "llamawool/llamawool.hpp"; include it explicitly.
//
// Nothing throws: failures come back as a Status naming what is wrong.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "llamawool/ruleset.hpp"
#include "llamawool/state.hpp"
#include "llamawool/status.hpp"

namespace llamawool {

inline constexpr std::size_t kSigningKeyBytes = 32;  // crypto_auth_hmacsha256_KEYBYTES
inline constexpr std::size_t kSignatureBytes = 32;   // crypto_auth_hmacsha256_BYTES

// A secret HMAC-SHA256 key. Make one with parse_signing_key() or generate_signing_key(). The bytes
// are wiped (sodium_memzero) when a key object is destroyed.
struct SigningKey {
    std::array<std::uint8_t, kSigningKeyBytes> bytes{};

    SigningKey() = default;
    SigningKey(const SigningKey&) = default;
    SigningKey& operator=(const SigningKey&) = default;
    ~SigningKey();
};

// Reads a key written as exactly 64 hex digits (either case, no spaces, no newline). Errors are
// `invalid_key` with a message naming the length or the offending character's position.
Result<SigningKey> parse_signing_key(std::string_view hex);

// A new key from libsodium's CSPRNG (randombytes_buf). `crypto_error` if libsodium cannot start.
Result<SigningKey> generate_signing_key();

// The key as 64 lowercase hex digits (what `llamawool keygen` writes, plus a newline).
std::string format_signing_key(const SigningKey& key);

// HMAC-SHA256 (crypto_auth_hmacsha256) of `message` under `key`, as 64 lowercase hex digits.
// A key is always 32 bytes; an RFC 4231 key shorter than that is the same key zero-padded to 32
// bytes (HMAC pads every key to the 64-byte block with zeros).
std::string hmac_sha256_hex(const SigningKey& key, std::string_view message);

// The signature of a state: hmac_sha256_hex(key, save_to_json(rules, state)), i.e. the HMAC of the
// exact bytes of the canonical save document. Deterministic: same state and key, same signature.
std::string sign_save(const Ruleset& rules, const State& state, const SigningKey& key);

// The signed snapshot document (docs/signing.md), byte for byte:
//   {"format":"llamawool-signed-save","version":1,"hmacSha256":"<64 hex>","save":<S>}\n
// where S is save_to_json(rules, state) verbatim (it ends in a newline) and <64 hex> is the HMAC
// of exactly the bytes of S. The whole document is valid JSON.
std::string signed_snapshot(const Ruleset& rules, const State& state, const SigningKey& key);

// Checks a signed snapshot and returns the state it holds. In order:
//  1. the layout, byte for byte: the fixed header, 64 lowercase hex digits, `","save":`, the save,
//     and the closing "}\n" (`invalid_snapshot`, naming the byte offset and what was expected);
//  2. the HMAC of the save's exact bytes, compared in constant time
//     (crypto_auth_hmacsha256_verify) (`signature_mismatch`);
//  3. the save itself with load_save() (its own code, e.g. `ruleset_mismatch`; the message starts
//     with "save: ").
// Every byte of the document is covered by step 1 or 2, so changing any byte fails.
Result<State> verify_snapshot(const Ruleset& rules, std::string_view snapshot, const SigningKey& key);

}  // namespace llamawool
