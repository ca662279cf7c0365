# Writes a C++ source holding a text file's bytes, run at build time:
#   cmake -DIN=file.css -DOUT=file.cpp -DNAMESPACE=citsim::x -DFUNCTION=name -P EmbedText.cmake
# The source defines `std::string_view NAMESPACE::FUNCTION()` returning the
# file's bytes exactly (no terminating NUL counted). The output is rewritten
# only when it changes, so an unchanged input triggers no recompilation.
foreach(var IN ITEMS IN OUT NAMESPACE FUNCTION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "EmbedText.cmake: -D${var}=... is required")
  endif()
endforeach()

file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
# Sixteen bytes a line, each as a character literal '\xNN'.
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
string(REPEAT "'[^']+'," 16 line)
string(REGEX REPLACE "(${line})" "\\1\n    " bytes "${bytes}")
get_filename_component(name "${IN}" NAME)

set(text "// Generated from ${name} by cmake/EmbedText.cmake at build time; do not edit.
#include <string_view>

namespace ${NAMESPACE} {
namespace {
constexpr char kBytes[${size} + 1] = {
    ${bytes}'\\0'};
}  // namespace

std::string_view ${FUNCTION}() { return {kBytes, ${size}}; }

}  // namespace ${NAMESPACE}
")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
  if(old STREQUAL text)
    return()
  endif()
endif()
file(WRITE "${OUT}" "${text}")
