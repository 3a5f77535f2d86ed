# Checks that read the compiled objects of the engine (native and cross builds; WebAssembly
# objects are LLVM bitcode under -flto, so not there). Included by the top-level CMakeLists.txt
# after every target exists.
#
# no_fused_multiply_add: no fused multiply-add instruction in the engine's or the C ABI's objects
# (docs/determinism.md). The disassembler is CMAKE_OBJDUMP: the target's (aarch64-linux-gnu-objdump)
# in a cross build. Its self-test compiles a + b * c with contraction on and must see the check
# fail, so a check that finds nothing (wrong pattern, wrong objdump) cannot pass unnoticed.
if(EMSCRIPTEN)
  return()
endif()
if(NOT CMAKE_OBJDUMP)
  message(FATAL_ERROR "objdump not found (binutils): the no-fused-multiply-add check needs it")
endif()

set(_lw_fma_check "${PROJECT_SOURCE_DIR}/tests/determinism/no-fused-multiply-add.sh")
add_test(NAME no_fused_multiply_add
         COMMAND bash "${_lw_fma_check}" "${CMAKE_OBJDUMP}"
                 "$<TARGET_OBJECTS:llamawool_engine>" "$<TARGET_OBJECTS:llamawool_c_objects>")
# (Each $<TARGET_OBJECTS> arrives as one ;-joined argument; the script splits it.)

# The self-test object, on the architectures where we know how to ask for FMA.
set(_lw_fma_flags "")
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  set(_lw_fma_flags -O2 -mfma -ffp-contract=fast)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
  set(_lw_fma_flags -O2 -ffp-contract=fast)  # AArch64 always has fmadd
endif()
if(_lw_fma_flags)
  add_library(llamawool_fused_sample OBJECT "${PROJECT_SOURCE_DIR}/tests/determinism/fused_sample.cpp")
  # After the global -ffp-contract=off (cmake/determinism.cmake), so these win for this file only.
  target_compile_options(llamawool_fused_sample PRIVATE ${_lw_fma_flags})
  add_test(NAME no_fused_multiply_add_self_test
           COMMAND bash "${_lw_fma_check}" "${CMAKE_OBJDUMP}" "$<TARGET_OBJECTS:llamawool_fused_sample>")
  # Passes only when the check reports the fused instruction of the sample (its exit code is then 1).
  set_tests_properties(no_fused_multiply_add_self_test PROPERTIES
    PASS_REGULAR_EXPRESSION "fused_sample[.]cpp[.]o: fused multiply-add instructions:\n +[0-9]+ v?fn?m(add|sub)")
endif()
