// Deterministic maths: the only numeric helpers the rules use beyond IEEE +, -, *, / and
// comparisons. Nothing here calls libm, so glibc and Emscripten's libc give the same bits.
#pragma once

#include <cstdint>

namespace llamawool::dmath {

// x^n for n >= 0 by binary exponentiation: a fixed sequence of correctly rounded products,
// the same on every platform (libm pow is not).
double pow_int(double x, std::int64_t n);

// The largest integer k with 10^k <= x, comparing with the exact power of ten (not a rounded
// one). Requires x finite and > 0.
int floor_log10(double x);

// True when x >= 10^k exactly. For k above the binary64 range the answer is false.
bool at_least_pow10(double x, int k);

// The range of the power-of-ten table behind at_least_pow10 and floor_log10.
inline constexpr int kPow10Min = -323;
inline constexpr int kPow10Max = 308;

// The smallest double >= 10^k, for k = kPow10Min .. kPow10Max (index k - kPow10Min): within that
// range at_least_pow10(x, k) is x >= pow10_lower_bounds()[k - kPow10Min]. For the batch kernels,
// which search it lane by lane.
const double* pow10_lower_bounds();

// ceil(x) for finite x >= 0 as an integer, saturating at `limit` (x may be huge or +inf).
std::int64_t ceil_to_int(double x, std::int64_t limit);

// Exact ms -> seconds conversion used by production: ms / 1000 as one correctly rounded division.
inline double ms_to_seconds(std::int64_t ms) { return static_cast<double>(ms) / 1000.0; }

// Amounts must stay finite: a sum that overflows saturates at the largest double.
inline double saturate(double x) { return x > 1.7976931348623157e308 ? 1.7976931348623157e308 : x; }

// +0 for -0; every amount the engine stores passes through this so hashes never see -0.
inline double canonical_zero(double x) { return x == 0.0 ? 0.0 : x; }

}  // namespace llamawool::dmath
