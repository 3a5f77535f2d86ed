# Cross-compiling for 64-bit ARM Linux with Debian's toolchain (g++-aarch64-linux-gnu) against the
# arm64 multiarch libraries (libsodium-dev:arm64), running programs under qemu-user. The `aarch64`
# preset (CMakePresets.json) uses this file; scripts/install-deps installs what it needs.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# Tests (add_test with a target as the command) run under qemu-user. `-L /`: the arm64 dynamic
# loader, C library and C++ runtime are all Debian's multiarch ones (libc6:arm64, libstdc++6:arm64,
# which libsodium-dev:arm64 needs anyway). Not `-L /usr/aarch64-linux-gnu`: that prefix gives the
# cross toolchain's ld.so (libc6-arm64-cross, glibc 2.36-8cross1) while /etc/ld.so.cache still
# resolves libc.so.6 to the multiarch one (2.36-9+deb12u14 here); the mismatched pair hangs in
# pthread_create (the batch thread test spun forever), a plain single-threaded program does not.
if(NOT DEFINED CMAKE_CROSSCOMPILING_EMULATOR)
  set(CMAKE_CROSSCOMPILING_EMULATOR "qemu-aarch64;-L;/")
endif()

# CMake finds the matching binutils itself (CMAKE_NM, CMAKE_OBJDUMP = aarch64-linux-gnu-nm, -objdump);
# the checks that read objects use those (cmake/object-checks.cmake).

# pkg-config must describe the arm64 libraries, not the build machine's.
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# Headers and libraries of the target come from the system folders (Debian multiarch: the arm64
# libraries live in /usr/lib/aarch64-linux-gnu beside the build machine's); programs from the host.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
