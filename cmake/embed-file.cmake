# Writes a C++ source that holds the bytes of INPUT as
#   namespace llamawool::embedded { extern const char NAME[]; extern const std::size_t NAME##Size; }
# Usage: cmake -DINPUT=file -DOUTPUT=file.cpp -DNAME=kSymbol -P embed-file.cmake
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
string(REGEX REPLACE "(('\\\\x[0-9a-f][0-9a-f]',){16})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT} by cmake/embed-file.cmake; do not edit.\n"
"#include <cstddef>\n"
"namespace llamawool::embedded {\n"
"extern const char ${NAME}[];\n"
"extern const std::size_t ${NAME}Size;\n"
"const char ${NAME}[] = {\n${bytes}'\\0'};\n"
"const std::size_t ${NAME}Size = ${size};\n"
"}  // namespace llamawool::embedded\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
