# Cross builds (the `aarch64` preset, cmake/toolchains/): what differs from a native build.
#  - Tests whose command is one of our executables run under CMAKE_CROSSCOMPILING_EMULATOR
#    (CMake prepends it); the CLI gets a wrapper (cli/CMakeLists.txt) so that the test scripts
#    that take its path run it under the emulator too.
#  - Scripts that read the target's objects with nm or objdump find the target's binutils first
#    on PATH: LLAMAWOOL_TARGET_BINUTILS_DIR holds nm and objdump links to CMAKE_NM and
#    CMAKE_OBJDUMP (aarch64-linux-gnu-nm, -objdump); a test directory calls
#    llamawool_tests_use_target_binutils() after its add_test()s.
#  - Not run, because what they build or load runs on the build machine: the C ABI install test
#    (it builds consumer programs and runs them) and the examples (LLAMAWOOL_BUILD_EXAMPLES=OFF in
#    the preset: the Python host cannot load an aarch64 libllamawool.so, and the C host is the
#    C ABI test's twin).

# Prepends the target's binutils to the PATH of every test defined so far in the calling
# directory (nothing in a native build).
function(llamawool_tests_use_target_binutils)
  if(NOT LLAMAWOOL_TARGET_BINUTILS_DIR)
    return()
  endif()
  get_property(tests DIRECTORY PROPERTY TESTS)
  if(tests)
    set_property(TEST ${tests} APPEND PROPERTY ENVIRONMENT_MODIFICATION
                 "PATH=path_list_prepend:${LLAMAWOOL_TARGET_BINUTILS_DIR}")
  endif()
endfunction()

if(NOT CMAKE_CROSSCOMPILING OR EMSCRIPTEN)
  return()
endif()
if(NOT CMAKE_CROSSCOMPILING_EMULATOR)
  message(FATAL_ERROR "cross build without CMAKE_CROSSCOMPILING_EMULATOR: the tests could not run")
endif()
set(LLAMAWOOL_TARGET_BINUTILS_DIR "${CMAKE_BINARY_DIR}/target-binutils")
file(MAKE_DIRECTORY "${LLAMAWOOL_TARGET_BINUTILS_DIR}")
file(CREATE_LINK "${CMAKE_NM}" "${LLAMAWOOL_TARGET_BINUTILS_DIR}/nm" SYMBOLIC)
file(CREATE_LINK "${CMAKE_OBJDUMP}" "${LLAMAWOOL_TARGET_BINUTILS_DIR}/objdump" SYMBOLIC)
list(JOIN CMAKE_CROSSCOMPILING_EMULATOR " " _lw_emulator)
message(STATUS "llamawool: cross build for ${CMAKE_SYSTEM_PROCESSOR}; tests run under '${_lw_emulator}'; "
               "not run: c_abi_install (the consumer programs it builds would run on the build machine)")
if(LLAMAWOOL_BUILD_EXAMPLES)
  message(WARNING "LLAMAWOOL_BUILD_EXAMPLES is ON in a cross build: the C and Python host examples "
                  "run on the build machine and will fail")
endif()
