# cmake -DROOT=<source dir> -P layering.cmake
# cmake -DSELF_TEST=<scratch dir> -P layering.cmake   (proves that the checks below can fail)
#
# Fails when a file of one layer includes a header of a later layer (DESIGN.md section 3):
# time, facts, expr, rules, engine, report, testing. Files outside the layers (diagnostic,
# citation, source_file, detail) are the base and may include no layer at all; the umbrella
# headers breachclock.hpp and fmt.hpp include everything. Public headers include no parser, JSON
# or command-line library (only date and the standard library; fmt.hpp alone adds {fmt}).
#
# Private headers: any src/breachclock/<folder>/*.hpp is private to its folder. A file may
# include the private headers of its own folder and of src/breachclock/detail/ (the base), and
# no other; a public header (include/) includes none. Another layer reads a folder through its
# public headers. Only src/breachclock/detail/toml_document.cpp includes toml++ (every loader
# reads the document model), and no source file is over 600 lines: the library's, nor the C++ of
# tests/, examples/, bench/ and python/, nor a script: examples/**/*.js (the first-hours page),
# tests/**/*.mjs and tests/**/*.py, python/**/*.py (generated files, fuzz corpora, data and
# anything under a node_modules/ folder excepted).

if(DEFINED SELF_TEST)
  # Small trees, each checked by this very script in a child process: the clean one must pass,
  # each of the others must fail and name its violation.
  function(_bc_tree name)  # _bc_tree(<name> <relative path> <content> ...)
    set(root "${SELF_TEST}/${name}")
    file(REMOVE_RECURSE "${root}")
    set(args ${ARGN})
    list(LENGTH args n)
    math(EXPR last "${n} - 1")
    foreach(k RANGE 0 ${last} 2)
      math(EXPR v "${k} + 1")
      list(GET args ${k} path)
      list(GET args ${v} text)
      file(WRITE "${root}/${path}" "${text}\n")
    endforeach()
  endfunction()
  function(_bc_expect name outcome pattern)  # [known exception]
    execute_process(COMMAND "${CMAKE_COMMAND}" -DROOT=${SELF_TEST}/${name} "-DKNOWN_EXCEPTIONS=${ARGN}"
                            -P "${CMAKE_CURRENT_LIST_FILE}"
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(outcome STREQUAL "pass" AND NOT rc EQUAL 0)
      message(FATAL_ERROR "layering self-test '${name}': expected to pass, failed:\n${out}${err}")
    elseif(outcome STREQUAL "fail" AND rc EQUAL 0)
      message(FATAL_ERROR "layering self-test '${name}': expected to fail, passed:\n${out}${err}")
    endif()
    if(NOT "${out}${err}" MATCHES "${pattern}")
      message(FATAL_ERROR "layering self-test '${name}': expected output matching '${pattern}', got:\n${out}${err}")
    endif()
  endfunction()
  set(_own "src/breachclock/rules/data.hpp" "#pragma once")
  set(_base "src/breachclock/detail/text.hpp" "#pragma once")
  # Own folder, the base, public headers of earlier layers: allowed.
  _bc_tree(clean ${_own} ${_base}
    "src/breachclock/rules/load.cpp" "#include \"rules/data.hpp\"\n#include \"detail/text.hpp\"\n#include \"breachclock/time/zone.hpp\""
    "src/breachclock/engine/run.cpp" "#include \"breachclock/rules/rule_set.hpp\"\n#include \"detail/text.hpp\"")
  _bc_expect(clean pass "respects the layers")
  # Another folder's private header, from a later layer: the new check.
  _bc_tree(private ${_own}
    "src/breachclock/engine/run.cpp" "#include \"rules/data.hpp\"")
  _bc_expect(private fail "src/breachclock/engine/run.cpp: includes rules/data.hpp, a private header of src/breachclock/rules/")
  # ... in angle brackets too, and from a header.
  _bc_tree(angle ${_own}
    "src/breachclock/report/view.hpp" "#include <rules/data.hpp>")
  _bc_expect(angle fail "src/breachclock/report/view.hpp: includes rules/data.hpp, a private header")
  # A public header includes no private header, not even the base's.
  _bc_tree(public ${_base}
    "include/breachclock/rules/rule_set.hpp" "#include \"detail/text.hpp\"")
  _bc_expect(public fail "include/breachclock/rules/rule_set.hpp: includes detail/text.hpp, a private header")
  # The base includes no layer's private header.
  _bc_tree(base ${_own}
    "src/breachclock/diagnostic.cpp" "#include \"rules/data.hpp\"")
  _bc_expect(base fail "src/breachclock/diagnostic.cpp: includes rules/data.hpp, a private header")
  # The older check still works: a layer includes a later one's public header.
  _bc_tree(later
    "src/breachclock/time/zone.cpp" "#include \"breachclock/engine/assessment.hpp\"")
  _bc_expect(later fail "src/breachclock/time/zone.cpp: includes engine/assessment.hpp, from the later layer 'engine'")
  # toml++ only in the TOML builder of the document layer.
  _bc_tree(toml "src/breachclock/detail/toml_document.cpp" "#include <toml++/toml.h>"
    "src/breachclock/time/calendar.cpp" "#include <toml++/toml.h>")
  _bc_expect(toml fail "src/breachclock/time/calendar.cpp: includes toml\\+\\+, which only src/breachclock/detail/toml_document.cpp may")
  # No file over 600 lines.
  string(REPEAT "int x = 0\n" 601 _long)
  _bc_tree(long "src/breachclock/rules/big.cpp" "${_long}")
  _bc_expect(long fail "src/breachclock/rules/big.cpp: 602 lines, over 600")
  # ... nor a test, an example or a benchmark; generated files and fuzz corpora are not sources.
  _bc_tree(long_test "tests/unit/rules/big_test.cpp" "${_long}")
  _bc_expect(long_test fail "tests/unit/rules/big_test.cpp: 602 lines, over 600")
  _bc_tree(long_helper "tests/unit/rules/big_cases.hpp" "${_long}")
  _bc_expect(long_helper fail "tests/unit/rules/big_cases.hpp: 602 lines, over 600")
  _bc_tree(long_example "examples/cli/big.hpp" "${_long}")
  _bc_expect(long_example fail "examples/cli/big.hpp: 602 lines, over 600")
  _bc_tree(long_bench "bench/big.cpp" "${_long}")
  _bc_expect(long_bench fail "bench/big.cpp: 602 lines, over 600")
  # ... nor a script: the page's JavaScript, a test script (JavaScript or Python), the Python package.
  _bc_tree(long_js "examples/cli/web/big.js" "${_long}")
  _bc_expect(long_js fail "examples/cli/web/big.js: 602 lines, over 600")
  _bc_tree(long_mjs "tests/browser/big_test.mjs" "${_long}")
  _bc_expect(long_mjs fail "tests/browser/big_test.mjs: 602 lines, over 600")
  _bc_tree(long_test_py "tests/serve/big.py" "${_long}")
  _bc_expect(long_test_py fail "tests/serve/big.py: 602 lines, over 600")
  _bc_tree(long_py "python/breachclock/big.py" "${_long}")
  _bc_expect(long_py fail "python/breachclock/big.py: 602 lines, over 600")
  _bc_tree(long_data "tests/fuzz/corpus/incident/big.cpp" "${_long}" "tests/unit/data/big.cpp" "${_long}"
    "examples/generated/big.cpp" "${_long}" "src/breachclock/generated/big.cpp" "${_long}"
    "tests/browser/node_modules/pkg/big.mjs" "${_long}" "examples/cli/node_modules/pkg/big.js" "${_long}")
  _bc_expect(long_data pass "respects the layers")
  # The Python module includes no private header, nor a parser the library keeps private.
  _bc_tree(python ${_own} "python/src/module.cpp" "#include \"breachclock/rules/rule_set.hpp\"\n#include \"rules/data.hpp\"")
  _bc_expect(python fail "python/src/module.cpp: includes rules/data.hpp: the Python module uses the library's public headers only")
  _bc_tree(python_json "python/src/module.cpp" "#include <nlohmann/json.hpp>")
  _bc_expect(python_json fail "python/src/module.cpp: includes nlohmann/json.hpp")
  _bc_tree(long_python "python/src/big.cpp" "${_long}")
  _bc_expect(long_python fail "python/src/big.cpp: 602 lines, over 600")
  # A known exception is let through, and one that no longer occurs is an error.
  _bc_expect(private pass "respects the layers" "src/breachclock/engine/run.cpp|rules/data.hpp")
  _bc_expect(clean fail "known exception 'src/breachclock/engine/run.cpp\\|rules/data.hpp' no longer occurs"
             "src/breachclock/engine/run.cpp|rules/data.hpp")
  file(REMOVE_RECURSE "${SELF_TEST}")
  message(STATUS "layering self-test: every violation was caught")
  return()
endif()

# Known violations of the private-header rule, to be fixed and then removed from this list
# (an entry that no longer matches an include fails the test, so the list cannot go stale).
# Each entry is "<file>|<private header it includes>". There are none.
set(known_exceptions)
if(DEFINED KNOWN_EXCEPTIONS)  # the self-test's own
  set(known_exceptions ${KNOWN_EXCEPTIONS})
endif()

set(layers time facts expr rules engine report testing)
set(failures "")
set(used_exceptions "")
file(GLOB_RECURSE files "${ROOT}/include/breachclock/*.hpp" "${ROOT}/src/breachclock/*.hpp" "${ROOT}/src/breachclock/*.cpp")
foreach(f IN LISTS files)
  file(RELATIVE_PATH rel "${ROOT}" "${f}")
  # Which layer is this file in? (-1: the base)
  set(own -1)
  set(i 0)
  foreach(layer IN LISTS layers)
    if(rel MATCHES "^(include|src)/breachclock/${layer}/")
      set(own ${i})
    endif()
    math(EXPR i "${i} + 1")
  endforeach()
  if(rel MATCHES "^src/breachclock/generated/")
    continue()
  endif()
  # The folder whose private headers this file may include ("" for public headers and the
  # files directly in src/breachclock/).
  set(own_folder "")
  if(rel MATCHES "^src/breachclock/([^/]+)/")
    set(own_folder "${CMAKE_MATCH_1}")
  endif()
  if(rel MATCHES "^include/")
    file(STRINGS "${f}" third_party REGEX "^#include <(toml\\+\\+|nlohmann|CLI|fmt)/")
    if(third_party AND NOT rel STREQUAL "include/breachclock/fmt.hpp")
      list(APPEND failures "${rel}: a public header includes ${third_party}")
    endif()
  endif()
  # toml++ is seen only by the document layer's TOML builder.
  file(STRINGS "${f}" toml_includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]toml\\+\\+/")
  if(toml_includes AND NOT rel STREQUAL "src/breachclock/detail/toml_document.cpp")
    list(APPEND failures "${rel}: includes toml++, which only src/breachclock/detail/toml_document.cpp may (read a detail::doc_value)")
  endif()
  # No source file is over 600 lines.
  file(READ "${f}" content)
  string(REGEX MATCHALL "\n" newlines "${content}")
  list(LENGTH newlines line_count)
  if(line_count GREATER 600)
    list(APPEND failures "${rel}: ${line_count} lines, over 600: split it by responsibility")
  endif()
  # Private headers: every include, "..." or <...>, that names a src/breachclock/<folder>/*.hpp.
  file(STRINGS "${f}" all_includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
  foreach(line IN LISTS all_includes)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]+)[>\"].*" "\\1" inc "${line}")
    if(NOT inc MATCHES "^([^/]+)/.+\\.hpp$")
      continue()
    endif()
    set(folder "${CMAKE_MATCH_1}")
    if(NOT EXISTS "${ROOT}/src/breachclock/${inc}")
      continue()
    endif()
    if(rel MATCHES "^src/" AND (folder STREQUAL own_folder OR folder STREQUAL "detail"))
      continue()
    endif()
    list(FIND known_exceptions "${rel}|${inc}" known)
    if(known GREATER -1)
      list(APPEND used_exceptions "${rel}|${inc}")
      continue()
    endif()
    list(APPEND failures "${rel}: includes ${inc}, a private header of src/breachclock/${folder}/ (include a public header instead)")
  endforeach()
  if(rel STREQUAL "include/breachclock/breachclock.hpp" OR rel STREQUAL "include/breachclock/fmt.hpp")
    continue()
  endif()
  file(STRINGS "${f}" includes REGEX "^#include \"")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^#include \"(breachclock/)?([^\"]+)\".*" "\\2" inc "${line}")
    set(i 0)
    foreach(layer IN LISTS layers)
      if(inc MATCHES "^${layer}/" AND i GREATER own)
        list(APPEND failures "${rel}: includes ${inc}, from the later layer '${layer}'")
      endif()
      math(EXPR i "${i} + 1")
    endforeach()
  endforeach()
endforeach()
# No test, example or benchmark source is over 600 lines either (the layer rules above are the
# library's; these files are only measured), nor a script: the page's JavaScript, the test scripts
# (.mjs, .py), the Python package. Generated files, fuzz corpora, data and installed packages
# (node_modules/, as npm ci leaves in tests/browser) are not sources.
# Symbolic links are not followed (CMP0009 NEW): tests/golden/inputs holds a loop of them on purpose.
cmake_policy(PUSH)
cmake_policy(SET CMP0009 NEW)
file(GLOB_RECURSE other_sources "${ROOT}/tests/*.cpp" "${ROOT}/tests/*.hpp" "${ROOT}/examples/*.cpp"
     "${ROOT}/examples/*.hpp" "${ROOT}/bench/*.cpp" "${ROOT}/bench/*.hpp" "${ROOT}/python/*.cpp" "${ROOT}/python/*.hpp"
     "${ROOT}/examples/*.js" "${ROOT}/tests/*.mjs" "${ROOT}/tests/*.py" "${ROOT}/python/*.py")
cmake_policy(POP)
list(FILTER other_sources EXCLUDE REGEX "/node_modules/")
foreach(f IN LISTS other_sources)
  file(RELATIVE_PATH rel "${ROOT}" "${f}")
  if(rel MATCHES "(^|/)(generated|corpus|regressions|data)/" OR rel MATCHES "\\.generated\\.")
    continue()
  endif()
  file(READ "${f}" content)
  string(REGEX MATCHALL "\n" newlines "${content}")
  list(LENGTH newlines line_count)
  if(line_count GREATER 600)
    list(APPEND failures "${rel}: ${line_count} lines, over 600: split it by topic")
  endif()
endforeach()
# The Python module (python/) is a consumer of the public headers, as the CLI is: it includes no
# private header of the library, and neither toml++ nor nlohmann/json (the JSON it returns is the
# library's own render_json, parsed by Python).
file(GLOB_RECURSE python_sources "${ROOT}/python/*.cpp" "${ROOT}/python/*.hpp")
foreach(f IN LISTS python_sources)
  file(RELATIVE_PATH rel "${ROOT}" "${f}")
  file(STRINGS "${f}" all_includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
  foreach(line IN LISTS all_includes)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]+)[>\"].*" "\\1" inc "${line}")
    if(inc MATCHES "^(toml\\+\\+|nlohmann)/" OR inc MATCHES "^detail/"
       OR (inc MATCHES "^[^/]+/.+\\.hpp$" AND EXISTS "${ROOT}/src/breachclock/${inc}"))
      list(APPEND failures "${rel}: includes ${inc}: the Python module uses the library's public headers only")
    endif()
  endforeach()
endforeach()
foreach(entry IN LISTS known_exceptions)
  list(FIND used_exceptions "${entry}" used)
  if(used EQUAL -1)
    list(APPEND failures "known exception '${entry}' no longer occurs: remove it from known_exceptions in tests/layering.cmake")
  endif()
endforeach()
if(failures)
  list(JOIN failures "\n" text)
  list(LENGTH failures count)
  message(NOTICE "layering violations:\n${text}")  # one a line, unwrapped
  message(FATAL_ERROR "layering: ${count} violation(s), listed above")
endif()
message(STATUS "layering: ${ROOT} respects the layers")
