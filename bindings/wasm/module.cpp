// The WebAssembly module has no code of its own: it is the C ABI (bindings/c), whose lw_*
// functions are exported by name (-sEXPORTED_FUNCTIONS in CMakeLists.txt). CMake needs one source
// for an executable target; this is it.
