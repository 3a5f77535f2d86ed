// FNV-1a 64: the one hash of the project (state hash, ruleset content hash). Simple enough for any
// host to re-implement from docs/save-format.md; collisions are not a security concern because the
// server always recomputes the state itself.
#pragma once

#include <cstdint>
#include <string_view>

namespace llamawool::detail {

class Fnv1a64 {
public:
    void bytes(const void* data, std::size_t size) {
        auto p = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < size; ++i) {
            hash_ ^= p[i];
            hash_ *= 0x100000001b3ull;
        }
    }
    void text(std::string_view s) { bytes(s.data(), s.size()); }
    std::uint64_t value() const { return hash_; }

private:
    std::uint64_t hash_ = 0xcbf29ce484222325ull;
};

}  // namespace llamawool::detail
