# The module's size budget (docs/wasm-package.md): llamawool.wasm at most MAX_BYTES. A page loads it
# before the first frame, so growth is a regression like a slower call; the test names the excess.
#   cmake -DMODULE=path/llamawool.wasm -DMAX_BYTES=N -P module-size.cmake
if(NOT EXISTS "${MODULE}")
  message(FATAL_ERROR "module-size: ${MODULE} does not exist (build the llamawool_wasm_package target)")
endif()
file(SIZE "${MODULE}" bytes)
if(NOT MAX_BYTES MATCHES "^[0-9]+$")
  message(FATAL_ERROR "module-size: MAX_BYTES must be a number of bytes, got '${MAX_BYTES}'")
endif()
if(bytes GREATER MAX_BYTES)
  math(EXPR over "${bytes} - ${MAX_BYTES}")
  message(FATAL_ERROR "module-size: ${MODULE} is ${bytes} bytes, ${over} over the budget of ${MAX_BYTES} "
                      "(see which functions grew: docs/wasm-package.md, \"Size\")")
endif()
message(STATUS "module-size: ${bytes} bytes, budget ${MAX_BYTES}")
