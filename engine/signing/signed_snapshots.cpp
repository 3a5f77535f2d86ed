// Signed save snapshots (llamawool/signing.hpp, docs/signing.md). Native only: this file is
// compiled into llamawool_signing, which the WebAssembly build never defines.
#include "llamawool/signing.hpp"

#include <sodium.h>

#include "llamawool/save.hpp"

namespace llamawool {
namespace {

static_assert(kSigningKeyBytes == crypto_auth_hmacsha256_KEYBYTES);
static_assert(kSignatureBytes == crypto_auth_hmacsha256_BYTES);

// The fixed bytes around the two variable parts of a snapshot (docs/signing.md).
constexpr std::string_view kHeader = R"({"format":"llamawool-signed-save","version":1,"hmacSha256":")";
constexpr std::string_view kBetween = R"(","save":)";
constexpr std::string_view kTrailer = "}\n";
constexpr std::size_t kHexDigits = 2 * kSignatureBytes;

constexpr char kHexChars[] = "0123456789abcdef";

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

template <std::size_t N>
std::string to_hex(const std::array<std::uint8_t, N>& bytes) {
    std::string out(2 * N, '0');
    for (std::size_t i = 0; i < N; ++i) {
        out[2 * i] = kHexChars[bytes[i] >> 4];
        out[2 * i + 1] = kHexChars[bytes[i] & 0x0f];
    }
    return out;
}

// A byte for an error message: printable ASCII as itself, anything else as \xNN.
std::string describe_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) return std::string("'") + c + "'";
    return std::string("byte \\x") + kHexChars[u >> 4] + kHexChars[u & 0x0f];
}

std::array<std::uint8_t, kSignatureBytes> hmac(const SigningKey& key, std::string_view message) {
    // HMAC-SHA256 is a pure computation: unlike randombytes it needs no sodium_init().
    std::array<std::uint8_t, kSignatureBytes> mac{};
    crypto_auth_hmacsha256(mac.data(), reinterpret_cast<const unsigned char*>(message.data()),
                           static_cast<unsigned long long>(message.size()), key.bytes.data());
    return mac;
}

Status snapshot_error(std::size_t offset, const std::string& what) {
    return Status::error(ErrorCode::invalid_snapshot,
                         "snapshot: byte " + std::to_string(offset) + ": " + what);
}

}  // namespace

SigningKey::~SigningKey() { sodium_memzero(bytes.data(), bytes.size()); }

Result<SigningKey> parse_signing_key(std::string_view hex) {
    if (hex.size() != 2 * kSigningKeyBytes) {
        return Status::error(ErrorCode::invalid_key,
                             "key: must be exactly 64 hex digits (32 bytes), got " + std::to_string(hex.size()) +
                                 " characters");
    }
    SigningKey key;
    for (std::size_t i = 0; i < hex.size(); ++i) {
        if (hex_value(hex[i]) < 0) {
            return Status::error(ErrorCode::invalid_key, "key: character " + std::to_string(i + 1) + " is " +
                                                             describe_char(hex[i]) + ", not a hex digit");
        }
    }
    for (std::size_t i = 0; i < kSigningKeyBytes; ++i)
        key.bytes[i] = static_cast<std::uint8_t>(hex_value(hex[2 * i]) * 16 + hex_value(hex[2 * i + 1]));
    return key;
}

Result<SigningKey> generate_signing_key() {
    if (sodium_init() < 0) return Status::error(ErrorCode::crypto_error, "libsodium could not be initialised");
    SigningKey key;
    randombytes_buf(key.bytes.data(), key.bytes.size());
    return key;
}

std::string format_signing_key(const SigningKey& key) { return to_hex(key.bytes); }

std::string hmac_sha256_hex(const SigningKey& key, std::string_view message) { return to_hex(hmac(key, message)); }

std::string sign_save(const Ruleset& rules, const State& state, const SigningKey& key) {
    return hmac_sha256_hex(key, save_to_json(rules, state));
}

std::string signed_snapshot(const Ruleset& rules, const State& state, const SigningKey& key) {
    const std::string save = save_to_json(rules, state);
    std::string out;
    out.reserve(kHeader.size() + kHexDigits + kBetween.size() + save.size() + kTrailer.size());
    out.append(kHeader).append(hmac_sha256_hex(key, save)).append(kBetween).append(save).append(kTrailer);
    return out;
}

Result<State> verify_snapshot(const Ruleset& rules, std::string_view snapshot, const SigningKey& key) {
    // 1. Layout. Every byte outside the save and the MAC is fixed.
    for (std::size_t i = 0; i < kHeader.size(); ++i) {
        if (i >= snapshot.size())
            return snapshot_error(i, "ends early; a signed snapshot starts with " + std::string(kHeader));
        if (snapshot[i] != kHeader[i]) {
            return snapshot_error(i, "is " + describe_char(snapshot[i]) + ", expected '" + kHeader[i] +
                                         "' (a signed snapshot starts with " + std::string(kHeader) + ")");
        }
    }
    const std::size_t macAt = kHeader.size();
    const std::size_t betweenAt = macAt + kHexDigits;
    const std::size_t saveAt = betweenAt + kBetween.size();
    if (snapshot.size() < saveAt + kTrailer.size())
        return snapshot_error(snapshot.size(), "ends early; expected hmacSha256, the save and " R"("}\n")");
    std::array<std::uint8_t, kSignatureBytes> mac{};
    for (std::size_t i = 0; i < kHexDigits; ++i) {
        const char c = snapshot[macAt + i];
        // Lowercase only: one MAC has exactly one spelling, so no changed byte can still verify.
        const bool lowerHex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        if (!lowerHex) {
            return snapshot_error(macAt + i, "hmacSha256: character " + std::to_string(i + 1) + " is " +
                                                 describe_char(c) + "; expected 64 lowercase hex digits");
        }
        if (i % 2 == 1)
            mac[i / 2] = static_cast<std::uint8_t>(hex_value(snapshot[macAt + i - 1]) * 16 + hex_value(c));
    }
    for (std::size_t i = 0; i < kBetween.size(); ++i) {
        if (snapshot[betweenAt + i] != kBetween[i]) {
            return snapshot_error(betweenAt + i, "is " + describe_char(snapshot[betweenAt + i]) + ", expected '" +
                                                     kBetween[i] + "' (of " + std::string(kBetween) + ")");
        }
    }
    const std::size_t trailerAt = snapshot.size() - kTrailer.size();
    for (std::size_t i = 0; i < kTrailer.size(); ++i) {
        if (snapshot[trailerAt + i] != kTrailer[i])
            return snapshot_error(trailerAt + i, "is " + describe_char(snapshot[trailerAt + i]) +
                                                     R"(; a signed snapshot ends with "}\n")");
    }
    const std::string_view save = snapshot.substr(saveAt, trailerAt - saveAt);

    // 2. The MAC of the save's exact bytes, in constant time.
    if (crypto_auth_hmacsha256_verify(mac.data(), reinterpret_cast<const unsigned char*>(save.data()),
                                      static_cast<unsigned long long>(save.size()), key.bytes.data()) != 0) {
        return Status::error(ErrorCode::signature_mismatch,
                             "hmacSha256: does not match the save under this key (the snapshot was altered, or "
                             "signed with another key)");
    }

    // 3. The save itself: authentic, but it must still be a valid save for the loaded ruleset.
    Result<State> loaded = load_save(rules, save);
    if (!loaded.ok()) return Status::error(loaded.status().code, "save: " + loaded.status().message);
    return loaded;
}

}  // namespace llamawool
