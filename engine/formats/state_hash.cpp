// The state hash: FNV-1a 64 over the canonical encoding documented in docs/save-format.md.
#include <cstring>

#include <fmt/format.h>

#include "fnv1a.hpp"
#include "llamawool/save.hpp"

namespace llamawool {
namespace {

class CanonicalEncoder {
public:
    void u32(std::uint32_t v) { le(v, 4); }
    void u64(std::uint64_t v) { le(v, 8); }
    void i64(std::int64_t v) { le(static_cast<std::uint64_t>(v), 8); }
    void f64(double v) {
        const double canonical = v == 0.0 ? 0.0 : v;  // -0 encodes as +0
        std::uint64_t bits;
        std::memcpy(&bits, &canonical, sizeof bits);  // (Emscripten's libc++ 13 has no std::bit_cast)
        u64(bits);
    }
    void str(std::string_view s) {
        u32(static_cast<std::uint32_t>(s.size()));
        hash_.text(s);
    }
    void tag(std::string_view s) { hash_.text(s); }
    std::uint64_t value() const { return hash_.value(); }

private:
    void le(std::uint64_t v, int bytes) {
        unsigned char b[8];
        for (int i = 0; i < bytes; ++i) b[i] = static_cast<unsigned char>(v >> (8 * i));
        hash_.bytes(b, static_cast<std::size_t>(bytes));
    }
    detail::Fnv1a64 hash_;
};

}  // namespace

std::uint64_t state_hash(const Ruleset& rules, const State& s) {
    CanonicalEncoder e;
    e.tag("llamawool-state/1");
    e.str(rules.id);
    e.str(s.playerId);
    e.i64(s.createdMs);
    e.i64(s.lastUpdateMs);
    e.u32(static_cast<std::uint32_t>(rules.wool_count()));
    for (int w = 0; w < rules.wool_count(); ++w) e.f64(s.wool[w]);
    e.u32(static_cast<std::uint32_t>(rules.building_count()));
    for (int b = 0; b < rules.building_count(); ++b) e.i64(s.buildings[b]);
    e.u64(s.upgrades);
    e.u64(s.achievements);
    e.f64(s.soulShears);
    e.i64(s.totalPrestiges);
    e.f64(s.runValue);
    e.f64(s.lifetimeValue);
    e.i64(s.playTimeMs);
    e.i64(s.clickTokensMilli);
    e.i64(s.totalClicks);
    return e.value();
}

std::string format_hash(std::uint64_t hash) { return fmt::format("{:016x}", hash); }

}  // namespace llamawool
