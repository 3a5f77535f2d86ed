# Floating-point flags that every target of the project is built with. The engine's results must
# not depend on the compiler, the optimisation level or the target (docs/determinism.md):
#  - no contraction of a*b+c into FMA (different rounding),
#  - no fast-math reassociation,
#  - no host-specific code generation.
add_compile_options(-ffp-contract=off -fno-fast-math)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$" AND NOT EMSCRIPTEN)
  # SSE2 arithmetic is the x86-64 baseline; say it so that no x87 excess precision sneaks in.
  add_compile_options(-mfpmath=sse)
endif()

foreach(flags_var CMAKE_CXX_FLAGS CMAKE_CXX_FLAGS_RELEASE CMAKE_CXX_FLAGS_DEBUG CMAKE_CXX_FLAGS_RELWITHDEBINFO)
  if("${${flags_var}}" MATCHES "(-ffast-math|-Ofast|-march=native|-mfma|-ffp-contract=fast|-funsafe-math)")
    message(FATAL_ERROR "${flags_var} contains '${CMAKE_MATCH_1}', which breaks bit-exact determinism "
                        "(see docs/determinism.md)")
  endif()
endforeach()
