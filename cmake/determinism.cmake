# Floating-point flags that every target of the project is built with. The engine's results must
# not depend on the compiler, the optimisation level or the target (docs/determinism.md):
#  - no contraction of a*b+c into FMA (different rounding),
#  - no fast-math reassociation,
#  - no host-specific code generation.
# They are the usage requirements of llamawool_determinism, which the engine links PUBLIC in the
# build tree only ($<BUILD_INTERFACE:>): every program here that links the engine is compiled with
# them, and nothing is imposed on the flags of a project that embeds or installs llamawool (the
# engine's own objects carry the determinism; cmake/object-checks.cmake checks them for FMA).
add_library(llamawool_determinism INTERFACE)
target_compile_options(llamawool_determinism INTERFACE -ffp-contract=off -fno-fast-math)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$" AND NOT EMSCRIPTEN)
  # SSE2 arithmetic is the x86-64 baseline; say it so that no x87 excess precision sneaks in.
  target_compile_options(llamawool_determinism INTERFACE -mfpmath=sse)
endif()

# The warnings the project's own code is held to (PRIVATE to each target that links it).
add_library(llamawool_warnings INTERFACE)
target_compile_options(llamawool_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)

foreach(flags_var CMAKE_CXX_FLAGS CMAKE_CXX_FLAGS_RELEASE CMAKE_CXX_FLAGS_DEBUG CMAKE_CXX_FLAGS_RELWITHDEBINFO)
  if("${${flags_var}}" MATCHES "(-ffast-math|-Ofast|-march=native|-mfma|-ffp-contract=fast|-funsafe-math)")
    message(FATAL_ERROR "${flags_var} contains '${CMAKE_MATCH_1}', which breaks bit-exact determinism "
                        "(see docs/determinism.md)")
  endif()
endforeach()
