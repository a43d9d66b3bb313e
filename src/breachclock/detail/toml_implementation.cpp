// The one translation unit that compiles toml++'s implementation (the library is built with
// TOML_HEADER_ONLY=0 and TOML_ENABLE_UNRELEASED_FEATURES=1: see src/CMakeLists.txt). Every other
// file reaches toml++ only through detail/toml_support.hpp.
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
