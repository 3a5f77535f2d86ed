#include "dmath.hpp"

#include <cmath>

namespace llamawool::dmath {
namespace {

struct Pow10Entry {
    double value;  // nearest binary64 to 10^k
    int sign;      // sign of (value - 10^k): -1 rounded down, 0 exact, +1 rounded up
};

#include "pow10_table.inc"

static_assert(sizeof(kPow10Table) / sizeof(kPow10Table[0]) == kPow10Max - kPow10Min + 1);

struct LowerBounds {
    double value[kPow10Max - kPow10Min + 1];
    LowerBounds() {
        for (int k = kPow10Min; k <= kPow10Max; ++k) {
            const Pow10Entry& e = kPow10Table[k - kPow10Min];
            // Rounded down: the next double up is the first one >= 10^k (nextafter is exact).
            value[k - kPow10Min] = e.sign < 0 ? std::nextafter(e.value, HUGE_VAL) : e.value;
        }
    }
};

}  // namespace

const double* pow10_lower_bounds() {
    static const LowerBounds bounds;
    return bounds.value;
}

double pow_int(double x, std::int64_t n) {
    double result = 1.0;
    double base = x;
    while (n > 0) {
        if (n & 1) result *= base;
        n >>= 1;
        if (n > 0) base *= base;
    }
    return result;
}

bool at_least_pow10(double x, int k) {
    if (k > kPow10Max) return false;          // 10^k exceeds every finite double
    if (k < kPow10Min) return x > 0;          // 10^k is below the smallest subnormal
    const Pow10Entry& e = kPow10Table[k - kPow10Min];
    // The nearest double to 10^k is e.value. If it was rounded down, doubles equal to it are
    // still below 10^k; otherwise every double >= e.value is >= 10^k (no double lies between).
    return e.sign < 0 ? x > e.value : x >= e.value;
}

int floor_log10(double x) {
    // Binary search over the table for the largest k with 10^k <= x.
    int lo = kPow10Min - 1;  // invariant: 10^lo <= x (lo = min-1 stands for "below the table")
    int hi = kPow10Max + 1;  // invariant: 10^hi > x
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        if (at_least_pow10(x, mid)) lo = mid; else hi = mid;
    }
    return lo;
}

std::int64_t ceil_to_int(double x, std::int64_t limit) {
    if (!(x < static_cast<double>(limit))) return limit;  // also catches +inf
    double c = std::ceil(x);  // ceil is exact (no rounding, no approximation) on every libc
    auto v = static_cast<std::int64_t>(c);
    return v > limit ? limit : v;
}

}  // namespace llamawool::dmath
