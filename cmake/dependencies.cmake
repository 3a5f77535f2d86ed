# Header-only dependencies from Debian's packages. Emscripten must never see -I/usr/include (its
# glibc headers would replace the wasm libc's), so for every build the needed header folders are
# linked into one build-tree folder and only that folder goes on the include path.
set(LLAMAWOOL_SYSTEM_INCLUDE_DIR "/usr/include" CACHE PATH "Where the Debian -dev headers live")
set(_deps_dir "${CMAKE_BINARY_DIR}/deps-include")
file(MAKE_DIRECTORY "${_deps_dir}")
foreach(dep nlohmann fmt doctest xsimd fast_float)
  if(NOT EXISTS "${LLAMAWOOL_SYSTEM_INCLUDE_DIR}/${dep}")
    message(FATAL_ERROR "Missing ${LLAMAWOOL_SYSTEM_INCLUDE_DIR}/${dep}: run scripts/install-deps")
  endif()
  file(CREATE_LINK "${LLAMAWOOL_SYSTEM_INCLUDE_DIR}/${dep}" "${_deps_dir}/${dep}" SYMBOLIC)
endforeach()

# CLI11 (libcli11-dev) only for the command-line tool, which is native only.
if(LLAMAWOOL_BUILD_CLI AND NOT EMSCRIPTEN)
  if(NOT EXISTS "${LLAMAWOOL_SYSTEM_INCLUDE_DIR}/CLI/CLI.hpp")
    message(FATAL_ERROR "Missing ${LLAMAWOOL_SYSTEM_INCLUDE_DIR}/CLI (libcli11-dev): run scripts/install-deps")
  endif()
  file(CREATE_LINK "${LLAMAWOOL_SYSTEM_INCLUDE_DIR}/CLI" "${_deps_dir}/CLI" SYMBOLIC)
endif()

add_library(llamawool_deps INTERFACE)
target_include_directories(llamawool_deps SYSTEM INTERFACE "${_deps_dir}")
# FMT_STATIC_THOUSANDS_SEPARATOR: fmt never consults std::locale (we format no `{:L}`), so no
# output can depend on a host's locale, and the wasm module does not carry libc++'s locale
# machinery (about 50 KB of facets that fmt's locale support pulled in).
target_compile_definitions(llamawool_deps INTERFACE FMT_HEADER_ONLY=1 "FMT_STATIC_THOUSANDS_SEPARATOR=','")

if(EMSCRIPTEN)
  # emcc's JS optimizer needs acorn, which Debian ships under /usr/share/nodejs.
  set_property(GLOBAL PROPERTY RULE_LAUNCH_LINK "${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs")
endif()
