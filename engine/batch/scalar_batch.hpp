// A "batch" of one double: what the kernels of kernels.hpp run on for the scalar fallback
// (kernels_scalar.cpp), the instruction set of every build, whatever the CPU. xsimd 8.1 has no
// width-1 architecture (its `generic` is a base class, not something batch<double, A> accepts), so
// this header gives the few members and functions the kernels use, with the meaning xsimd's have:
// element-wise IEEE-754 + - * / and comparisons, select(), any(), all(), loads and stores. The
// kernels' source stays the single description of the rules; this is only the vector type.
//
// Internal linkage (an unnamed namespace) like the kernels themselves: nothing here may be merged
// by the linker with a copy compiled for another instruction set.
#pragma once

#include <cstddef>

namespace llamawool::batch_detail {

// The architecture tag of the scalar fallback (the counterpart of xsimd::sse2, xsimd::neon64...).
struct scalar_arch {};

namespace {

class ScalarMask {
public:
    ScalarMask() = default;
    explicit ScalarMask(bool value) : value_(value) {}
    bool value() const { return value_; }
    friend ScalarMask operator&(ScalarMask a, ScalarMask b) { return ScalarMask(a.value_ && b.value_); }
    friend ScalarMask operator|(ScalarMask a, ScalarMask b) { return ScalarMask(a.value_ || b.value_); }

private:
    bool value_ = false;
};

class ScalarBatch {
public:
    static constexpr std::size_t size = 1;

    ScalarBatch() = default;
    explicit ScalarBatch(double value) : value_(value) {}

    static ScalarBatch load_unaligned(const double* p) { return ScalarBatch(*p); }
    static ScalarBatch load_aligned(const double* p) { return ScalarBatch(*p); }
    void store_unaligned(double* p) const { *p = value_; }
    void store_aligned(double* p) const { *p = value_; }

    friend ScalarBatch operator+(ScalarBatch a, ScalarBatch b) { return ScalarBatch(a.value_ + b.value_); }
    friend ScalarBatch operator-(ScalarBatch a, ScalarBatch b) { return ScalarBatch(a.value_ - b.value_); }
    friend ScalarBatch operator*(ScalarBatch a, ScalarBatch b) { return ScalarBatch(a.value_ * b.value_); }
    friend ScalarBatch operator/(ScalarBatch a, ScalarBatch b) { return ScalarBatch(a.value_ / b.value_); }
    friend ScalarMask operator<(ScalarBatch a, ScalarBatch b) { return ScalarMask(a.value_ < b.value_); }
    friend ScalarMask operator<=(ScalarBatch a, ScalarBatch b) { return ScalarMask(a.value_ <= b.value_); }
    friend ScalarMask operator>(ScalarBatch a, ScalarBatch b) { return ScalarMask(a.value_ > b.value_); }
    friend ScalarMask operator>=(ScalarBatch a, ScalarBatch b) { return ScalarMask(a.value_ >= b.value_); }
    friend ScalarMask operator==(ScalarBatch a, ScalarBatch b) { return ScalarMask(a.value_ == b.value_); }
    // Unordered counts as different (true for NaN), as in C++ and in every SIMD set's "neq".
    friend ScalarMask operator!=(ScalarBatch a, ScalarBatch b) { return ScalarMask(a.value_ != b.value_); }

    friend ScalarBatch select(ScalarMask m, ScalarBatch yes, ScalarBatch no) { return m.value() ? yes : no; }

private:
    double value_ = 0.0;
};

inline bool any(ScalarMask m) { return m.value(); }
inline bool all(ScalarMask m) { return m.value(); }

}  // namespace
}  // namespace llamawool::batch_detail
