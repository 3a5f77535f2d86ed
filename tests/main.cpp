// doctest runner that says which build configuration ran, so the output of `make test` names
// every configuration whose golden hashes were checked.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>

#include "llamawool/version.hpp"

int main(int argc, char** argv) {
    std::printf("llamawool %s tests, configuration: %s\n", llamawool::version_string(), LLAMAWOOL_CONFIG_NAME);
    doctest::Context context(argc, argv);
    const int rc = context.run();
    std::printf("configuration %s: %s\n", LLAMAWOOL_CONFIG_NAME, rc == 0 ? "all tests passed" : "FAILED");
    return rc;
}
