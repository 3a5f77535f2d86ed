# The third-party libraries, all header-only as used here and all from Debian's packages
# (scripts/install-deps). Each becomes an internal INTERFACE target:
#   llamawool_deps     nlohmann_json, fmt, fast_float, xsimd: what the engine compiles against
#   llamawool_doctest  doctest, for the test suite
#   llamawool_cli11    CLI11, for the command-line tool (native only)
# (Google Benchmark is found by bench/CMakeLists.txt, the one native-only program that needs it.)
# None of them is part of the installed package: the engine links llamawool_deps PRIVATE and in the
# build tree only ($<BUILD_INTERFACE:>, engine/CMakeLists.txt), the public headers include none of
# them, and being header-only they leave nothing to link, so the installed llamawool::engine needs
# no find_dependency.
#
# Native builds find them with find_package, through the packages' own CMake config files. Two
# builds cannot, and instead get the needed header folders linked into one build-tree folder
# (deps-include), which alone goes on their include path:
#  - Emscripten must never see -I/usr/include (its glibc headers would replace the wasm libc's),
#    and every one of these config files points its target at /usr/include;
#  - the aarch64 cross build: Debian installs some config files (xsimd's, benchmark's) only in the
#    build machine's multiarch folder, /usr/lib/x86_64-linux-gnu/cmake, which describes x86-64
#    libraries and where a cross build rightly does not look; the headers themselves are the same
#    for every architecture.
add_library(llamawool_deps INTERFACE)
add_library(llamawool_doctest INTERFACE)
add_library(llamawool_cli11 INTERFACE)
set(_lw_need_cli11 OFF)
if(LLAMAWOOL_BUILD_CLI AND NOT EMSCRIPTEN)
  set(_lw_need_cli11 ON)
endif()

if(EMSCRIPTEN OR CMAKE_CROSSCOMPILING)
  set(LLAMAWOOL_SYSTEM_INCLUDE_DIR "/usr/include" CACHE PATH "Where the Debian -dev headers live")
  set(_deps_dir "${CMAKE_BINARY_DIR}/deps-include")
  file(MAKE_DIRECTORY "${_deps_dir}")
  set(_lw_dep_folders nlohmann fmt doctest xsimd fast_float)
  if(_lw_need_cli11)
    list(APPEND _lw_dep_folders CLI)
  endif()
  foreach(dep IN LISTS _lw_dep_folders)
    if(NOT EXISTS "${LLAMAWOOL_SYSTEM_INCLUDE_DIR}/${dep}")
      message(FATAL_ERROR "Missing ${LLAMAWOOL_SYSTEM_INCLUDE_DIR}/${dep}: run scripts/install-deps")
    endif()
    file(CREATE_LINK "${LLAMAWOOL_SYSTEM_INCLUDE_DIR}/${dep}" "${_deps_dir}/${dep}" SYMBOLIC)
  endforeach()
  foreach(target llamawool_deps llamawool_doctest llamawool_cli11)
    target_include_directories(${target} SYSTEM INTERFACE "${_deps_dir}")
  endforeach()
else()
  find_package(nlohmann_json CONFIG REQUIRED)
  find_package(fmt CONFIG REQUIRED)
  find_package(FastFloat CONFIG REQUIRED)
  find_package(xsimd CONFIG REQUIRED)
  target_link_libraries(llamawool_deps INTERFACE
    nlohmann_json::nlohmann_json fmt::fmt-header-only FastFloat::fast_float)
  # xsimd by its include folder, not its target: Debian's xsimd target (8.1) names `xtl` in its
  # link interface, which without the (optional, uninstalled) xtl package becomes `-lxtl`.
  target_include_directories(llamawool_deps SYSTEM INTERFACE ${xsimd_INCLUDE_DIRS})
  if(LLAMAWOOL_BUILD_TESTS)
    find_package(doctest CONFIG REQUIRED)
    target_link_libraries(llamawool_doctest INTERFACE doctest::doctest)
  endif()
  if(_lw_need_cli11)
    find_package(CLI11 CONFIG REQUIRED)
    target_link_libraries(llamawool_cli11 INTERFACE CLI11::CLI11)
  endif()
endif()

# fmt header-only in every build (fmt::fmt-header-only says the same natively), and
# FMT_STATIC_THOUSANDS_SEPARATOR: fmt never consults std::locale (we format no `{:L}`), so no
# output can depend on a host's locale, and the wasm module does not carry libc++'s locale
# machinery (about 50 KB of facets that fmt's locale support pulled in).
target_compile_definitions(llamawool_deps INTERFACE FMT_HEADER_ONLY=1 "FMT_STATIC_THOUSANDS_SEPARATOR=','")

if(EMSCRIPTEN)
  # emcc's JS optimizer needs acorn, which Debian ships under /usr/share/nodejs.
  set_property(GLOBAL PROPERTY RULE_LAUNCH_LINK "${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs")
endif()
