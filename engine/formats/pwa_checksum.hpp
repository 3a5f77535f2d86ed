// The checksum that the PWA's SyncEngine writes into a VersionedGameState (upstream
// src/systems/sync/SyncEngine.ts, class ChecksumValidator), recomputed from a parsed document so
// that an import can verify it (docs/pwa-import.md).
//
// Upstream computes, in JavaScript,
//     const { checksum, ...rest } = state;
//     const s = JSON.stringify(rest, Object.keys(rest).sort());   // an array replacer
//     let h = 0; for (const c of s as UTF-16 code units) { h = ((h << 5) - h) + c; h = h & h; }
//     return h.toString(16);                                       // signed: "-1f3a..." possible
// The array replacer is a property list that applies at every depth: nested objects keep only
// the keys that are also top-level keys, in the list's (sorted) order. This file reproduces
// JSON.stringify's output for that case exactly: ECMAScript Number::toString for numbers,
// QuoteJSONString for strings, and the 32-bit string hash over UTF-16 code units.
#pragma once

#include <string>
#include <string_view>

#include "json_reader.hpp"

namespace llamawool::detail {

// JSON.stringify(rest, Object.keys(rest).sort()) for `doc` (an object) without its "checksum".
std::string pwa_checksum_serialization(const Json& doc);

// The 32-bit hash of upstream's simpleHash over the UTF-16 code units of UTF-8 `text`, written
// as JavaScript's (int32).toString(16).
std::string pwa_simple_hash(std::string_view utf8Text);

// ECMAScript Number::toString(x) for a finite double (JSON.stringify writes non-finite as null).
std::string js_number_to_string(double x);

// The ChecksumValidator checksum of `doc`.
inline std::string pwa_sync_checksum(const Json& doc) { return pwa_simple_hash(pwa_checksum_serialization(doc)); }

}  // namespace llamawool::detail
