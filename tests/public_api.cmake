# cmake -DROOT=<source dir> [-DINCLUDE=<folder of public headers>] -P public_api.cmake
# Fails when a public header declares the condition compiler's internals (tokens, syntax trees,
# checked nodes, lexer/parser/checker entry points) or includes a private header: they live in
# src/breachclock/expr/, and the public API is condition, compile, evaluate, satisfiable.
# INCLUDE defaults to ROOT/include; tests/CMakeLists.txt also runs it on a folder with one bad
# header, where it must fail.
if(NOT INCLUDE)
  set(INCLUDE "${ROOT}/include")
endif()
set(failures "")
file(GLOB_RECURSE headers "${INCLUDE}/*.hpp")
foreach(h IN LISTS headers)
  file(RELATIVE_PATH rel "${INCLUDE}" "${h}")
  file(STRINGS "${h}" lines)
  foreach(line IN LISTS lines)
    if(line MATCHES "^[ \t]*//")
      continue()
    endif()
    if(line MATCHES "(struct|class|enum class|enum|using)[ \t]+(token|token_kind|syntax_node|syntax_tree|node_kind|checked_node|op|program)[ \t]*([{;=:]|$)")
      set(name "${CMAKE_MATCH_2}")
      # `struct program;` alone, the opaque handle a condition holds, is allowed.
      if(NOT line MATCHES "^struct program;")
        string(APPEND failures "${rel}: declares '${name}', an internal of the condition compiler: ${line}\n")
      endif()
    endif()
    if(line MATCHES "^#include \"(breachclock/)?expr/(lexer|parser|checker)\\.hpp\"")
      string(APPEND failures "${rel}: includes the private header expr/${CMAKE_MATCH_2}.hpp\n")
    endif()
    if(line MATCHES "(result<syntax_tree>|result<std::vector<token>>|[ \t]lex\\(|[ \t]parse\\(std::string_view|[ \t]check\\(const syntax_tree)")
      string(APPEND failures "${rel}: declares an entry point of the condition compiler's internals: ${line}\n")
    endif()
  endforeach()
endforeach()
if(failures)
  message(FATAL_ERROR "${failures}")
endif()
