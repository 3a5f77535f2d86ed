// The error codes, one list: the engine's ErrorCode enumeration (include/llamawool/status.hpp).
// Every code up to kLastErrorCode has its snake_case name, the C ABI gives it the same number and
// the same name (lw_errstr), and no name exists past the last code, so a code added to the
// enumeration without its name, its C number or its place in the ABI's table fails here.
#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "llamawool.h"
#include "llamawool/status.hpp"

using llamawool::ErrorCode;

TEST_CASE("error codes: each engine code has its name, the same C number and the same C name") {
    const int last = static_cast<int>(llamawool::kLastErrorCode);
    CHECK(last == LW_EINVALID_REQUEST);  // the C header's last engine code
    for (int value = 0; value <= last; ++value) {
        const auto code = static_cast<ErrorCode>(value);
        const std::string name = llamawool::error_code_name(code);
        CAPTURE(value);
        CAPTURE(name);
        CHECK(name != "unknown_error");
        CHECK(name == std::string(lw_errstr(static_cast<lw_result>(value))));
    }
    // Nothing named past the last code (a code added without moving kLastErrorCode).
    CHECK(std::string(llamawool::error_code_name(static_cast<ErrorCode>(last + 1))) == "unknown_error");
    CHECK(std::strcmp(lw_errstr(static_cast<lw_result>(last + 1)), "unknown_code") == 0);
}
