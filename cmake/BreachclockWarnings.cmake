# breachclock_warnings: an interface target carrying the project's warning flags.
# Linked PRIVATE by our own targets, so consumers never inherit them.
add_library(breachclock_warnings INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(breachclock_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough)
  if(BREACHCLOCK_WERROR)
    target_compile_options(breachclock_warnings INTERFACE -Werror)
  endif()
endif()
# GCC 12 at -O3 reports impossible sizes in inlined std::string concatenation (GCC bugs 105329,
# 105651): false positives in libstdc++'s own code, silenced for GCC before 13 only.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(breachclock_warnings INTERFACE -Wno-restrict -Wno-stringop-overflow -Wno-array-bounds)
endif()
