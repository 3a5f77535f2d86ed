// The deterministic maths module, checked against exact values.
#include <cmath>
#include <limits>

#include "rules/dmath.hpp"
#include "test_support.hpp"

using namespace llamawool::dmath;

TEST_CASE("pow_int multiplies by squaring and matches exact small powers") {
    CHECK(pow_int(2.0, 0) == 1.0);
    CHECK(pow_int(2.0, 10) == 1024.0);
    CHECK(pow_int(10.0, 22) == 1e22);  // every step is exact up to 10^22
    CHECK(pow_int(1.5, 3) == 3.375);
    CHECK(pow_int(1.15, 1) == 1.15);
    CHECK(pow_int(1.5, 100000) == std::numeric_limits<double>::infinity());
}

TEST_CASE("floor_log10 is exact at and around powers of ten") {
    CHECK(floor_log10(1.0) == 0);
    CHECK(floor_log10(9.999999999999998) == 0);
    CHECK(floor_log10(10.0) == 1);
    CHECK(floor_log10(99.99999999999999) == 1);
    CHECK(floor_log10(100.0) == 2);
    CHECK(floor_log10(1e22) == 22);
    CHECK(floor_log10(std::nextafter(1e22, 0.0)) == 21);
    // 1e23 is not representable: the double nearest to it lies below 10^23.
    CHECK(floor_log10(1e23) == 22);
    CHECK(floor_log10(std::nextafter(1e23, 1e300)) == 23);
    CHECK(floor_log10(0.1) == -1);  // 0.1 (double) is slightly above 1/10
    CHECK(floor_log10(std::nextafter(0.1, 0.0)) == -2);
    CHECK(floor_log10(1.7976931348623157e308) == 308);
    CHECK(floor_log10(5e-324) == -324);
}

TEST_CASE("at_least_pow10 compares with the exact power") {
    CHECK(at_least_pow10(1e6, 6));
    CHECK_FALSE(at_least_pow10(std::nextafter(1e6, 0.0), 6));
    CHECK_FALSE(at_least_pow10(1e23, 23));  // nearest double to 1e23 is below 10^23
    CHECK(at_least_pow10(1.7976931348623157e308, 308));
    CHECK_FALSE(at_least_pow10(1.7976931348623157e308, 309));
}

TEST_CASE("ceil_to_int saturates") {
    CHECK(ceil_to_int(0.0, 100) == 0);
    CHECK(ceil_to_int(0.0001, 100) == 1);
    CHECK(ceil_to_int(41.0, 100) == 41);
    CHECK(ceil_to_int(41.5, 100) == 42);
    CHECK(ceil_to_int(1e300, 100) == 100);
    CHECK(ceil_to_int(std::numeric_limits<double>::infinity(), 100) == 100);
}
