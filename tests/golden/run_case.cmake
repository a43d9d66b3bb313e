# cmake -DEXE=<breachclock> -DCASE=<case dir> -DWORKDIR=<dir> [-DUPDATE=ON] [-DLAUNCHER=<cmd;args>] -P run_case.cmake
# Runs the CLI with the arguments in CASE/args (one per line; lines starting with '#' are
# comments) from WORKDIR, with NO_COLOR set, and compares stdout, stderr and the exit code with
# CASE/stdout, CASE/stderr and CASE/exit. With UPDATE=ON, writes them instead. When CASE/stdin
# exists, it is the command's standard input (else the input is inherited).
file(STRINGS "${CASE}/args" lines ENCODING UTF-8)
set(args "")
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^#")
    list(APPEND args "${line}")
  endif()
endforeach()
set(ENV{NO_COLOR} "1")
set(ENV{TZ} "UTC")
set(input "")
if(EXISTS "${CASE}/stdin")
  set(input INPUT_FILE "${CASE}/stdin")
endif()
execute_process(
  COMMAND ${LAUNCHER} "${EXE}" ${args}
  ${input}
  WORKING_DIRECTORY "${WORKDIR}"
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
  RESULT_VARIABLE code)
if(UPDATE)
  file(WRITE "${CASE}/stdout" "${out}")
  file(WRITE "${CASE}/stderr" "${err}")
  file(WRITE "${CASE}/exit" "${code}\n")
  message(STATUS "updated ${CASE}")
  return()
endif()
set(failed "")
foreach(part IN ITEMS stdout stderr)
  if(part STREQUAL "stdout")
    set(actual "${out}")
  else()
    set(actual "${err}")
  endif()
  if(EXISTS "${CASE}/${part}")
    file(READ "${CASE}/${part}" expected)
  else()
    set(expected "")
  endif()
  if(NOT actual STREQUAL expected)
    string(APPEND failed "--- ${part} differs\n--- expected:\n${expected}\n--- actual:\n${actual}\n")
  endif()
endforeach()
file(READ "${CASE}/exit" expected_code)
string(STRIP "${expected_code}" expected_code)
if(NOT code STREQUAL expected_code)
  string(APPEND failed "--- exit code: expected ${expected_code}, actual ${code}\n")
endif()
if(failed)
  message(FATAL_ERROR "golden case ${CASE} failed (run 'make golden-update' to accept a deliberate change):\n${failed}")
endif()
