// What the shared rules (engine/rules/*_rules.hpp) need of the numbers they run on, for plain
// numbers (the scalar engine: std::int64_t for times, double for amounts, bool for conditions) and
// for the batch kernels' vector types (engine/batch/kernels.hpp: xsimd::batch<double, Arch> and
// scalar_batch.hpp's batch of one double, with their masks). A rule calls these and nothing else
// beyond + - * / and comparisons, so that one source gives both paths the same bits.
//
// - pick(condition, a, b) is `condition ? a : b`: the ternary operator for plain numbers, `select`
//   (found by argument-dependent lookup) for the vector types. Both operands are always evaluated,
//   so no rule may compute something that is undefined when not picked.
// - any(m) / all(m): whether some / every lane holds m (a bool is one lane). A rule may skip work
//   when no lane needs it, never change a result that way.
// - both(a, b): a and b, lane by lane.
// - to_amount(n): a time or count as an amount (int64 -> double; the vector types already are).
// - saturate, ceil_to_limit, floor_log10, at_least_pow10: dmath's functions, lane by lane.
//
// Internal linkage (an unnamed namespace), as kernels.hpp: these are compiled into objects built
// with different instruction sets, and the linker must not keep one copy for all of them.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dmath.hpp"

namespace llamawool::rules {
namespace {

// Literals rather than std::numeric_limits, whose functions are out-of-line at -O0: a copy
// compiled for AVX-512 could be the one the linker keeps for everybody.
constexpr double kInfinity = __builtin_inf();
constexpr double kSmallestSubnormal = 0x1p-1074;
constexpr double kLargest = 1.7976931348623157e308;

// The batch kernels' vector types (xsimd::batch, ScalarBatch) have a lane count `size`.
template <class V>
concept Vector = requires { V::size; };

inline std::int64_t pick(bool condition, std::int64_t a, std::int64_t b) { return condition ? a : b; }
inline double pick(bool condition, double a, double b) { return condition ? a : b; }
template <class Mask, class Value>
auto pick(const Mask& condition, const Value& a, const Value& b) -> decltype(select(condition, a, b)) {
    return select(condition, a, b);
}

inline bool any(bool condition) { return condition; }
inline bool all(bool condition) { return condition; }

inline bool both(bool a, bool b) { return a && b; }
template <class Mask>
Mask both(const Mask& a, const Mask& b) {
    return a & b;
}

inline double to_amount(std::int64_t n) { return static_cast<double>(n); }
template <Vector V>
V to_amount(const V& v) {
    return v;
}

// x > DBL_MAX ? DBL_MAX : x (NaN stays NaN).
inline double saturate(double x) { return dmath::saturate(x); }
template <Vector V>
V saturate(const V& x) {
    const V largest(kLargest);
    return pick(x > largest, largest, x);
}

// dmath::ceil_to_int: ceil(x) for x >= 0 (or NaN, or +inf), at most the whole `limit` (<= 2^53).
inline std::int64_t ceil_to_limit(double x, std::int64_t limit) { return dmath::ceil_to_int(x, limit); }
template <Vector V>
V ceil_to_limit(const V& x, const V& limit) {
    // Below 2^52, (x + 2^52) - 2^52 is x rounded to a whole number; one step up if that went
    // down. From 2^52 on every double is whole already.
    const V two52(4503599627370496.0);
    const V rounded = (x + two52) - two52;
    const V ceiled = pick(rounded < x, rounded + V(1.0), rounded);
    const V whole = pick(x < two52, ceiled, x);
    return pick(x < limit, whole, limit);  // !(x < limit) -> limit, NaN included
}

// dmath::floor_log10: the largest k with x >= the smallest double >= 10^k. The vector form finds
// it by a branch-free binary search that reads the table lane by lane.
inline int floor_log10(double x) { return dmath::floor_log10(x); }
template <Vector V>
V floor_log10(const V& x) {
    constexpr std::size_t kLanes = V::size;
    const double* bounds = dmath::pow10_lower_bounds();
    constexpr int kEntries = dmath::kPow10Max - dmath::kPow10Min + 1;
    alignas(64) double xs[kLanes], found[kLanes];
    x.store_aligned(xs);
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
        int lo = -1;  // index of the largest bound known to be <= x (-1: none)
        for (int step = 512; step > 0; step /= 2)
            if (lo + step < kEntries && xs[lane] >= bounds[lo + step]) lo += step;
        found[lane] = static_cast<double>(lo + dmath::kPow10Min);
    }
    return V::load_aligned(found);
}

// dmath::at_least_pow10: x >= 10^k for whole k; false above the table, x > 0 below it.
inline bool at_least_pow10(double x, std::int64_t k) {
    // dmath takes an int: any k outside the table is answered as the first one outside it.
    const std::int64_t inTable = k > dmath::kPow10Max ? dmath::kPow10Max + 1 : k < dmath::kPow10Min ? dmath::kPow10Min - 1 : k;
    return dmath::at_least_pow10(x, static_cast<int>(inTable));
}
template <Vector V>
auto at_least_pow10(const V& x, const V& k) {
    constexpr std::size_t kLanes = V::size;
    const double* bounds = dmath::pow10_lower_bounds();
    alignas(64) double ks[kLanes], bound[kLanes];
    k.store_aligned(ks);
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
        const double kk = ks[lane];
        // NaN (a NaN totalPrestiges column) compares false both ways: it must not reach the
        // cast to int, which would be undefined and index far outside the table.
        bound[lane] = kk > dmath::kPow10Max   ? kInfinity
                      : kk < dmath::kPow10Min ? kSmallestSubnormal
                      : kk != kk              ? kInfinity
                                              : bounds[static_cast<int>(kk) - dmath::kPow10Min];
    }
    const V boundBatch = V::load_aligned(bound);
    // Above the table no finite x reaches 10^k (x may be +inf only in a corrupt column).
    return (x >= boundBatch) & (k <= V(dmath::kPow10Max));
}

}  // namespace
}  // namespace llamawool::rules
