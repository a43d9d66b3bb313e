# cmake -DEXE=<breachclock> -DWORKDIR=<dir> -P run_unprivileged.cmake
# Runs every golden case once more as a user without privileges (`nobody`, through setpriv),
# when this runs as root: a root process reads folders and files of mode 000, so only an
# unprivileged run shows that the tool works, and fails closed, as an ordinary user's would.
# Prints "skipped: ..." (ctest marks the test skipped) when there is no such user to be, or it
# cannot reach the source tree.
execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT uid STREQUAL "0")
  message("skipped: not root, so the golden tests themselves run unprivileged")
  return()
endif()
find_program(SETPRIV setpriv)
if(NOT SETPRIV)
  message("skipped: no setpriv on this machine")
  return()
endif()
set(launcher "${SETPRIV};--reuid=nobody;--regid=nogroup;--clear-groups")
execute_process(COMMAND ${launcher} "${EXE}" check --rules rules WORKING_DIRECTORY "${WORKDIR}"
                RESULT_VARIABLE probe OUTPUT_QUIET ERROR_QUIET)
if(NOT probe EQUAL 0)
  message("skipped: the user nobody cannot read the source tree here")
  return()
endif()
file(GLOB cases LIST_DIRECTORIES true "${CMAKE_CURRENT_LIST_DIR}/cli/*")
set(failed "")
set(count 0)
foreach(case_dir IN LISTS cases)
  if(IS_DIRECTORY "${case_dir}")
    math(EXPR count "${count} + 1")
    execute_process(COMMAND "${CMAKE_COMMAND}" -DEXE=${EXE} -DCASE=${case_dir} -DWORKDIR=${WORKDIR} "-DLAUNCHER=${launcher}"
                            -P "${CMAKE_CURRENT_LIST_DIR}/run_case.cmake"
                    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT code EQUAL 0)
      get_filename_component(name "${case_dir}" NAME)
      string(APPEND failed "${name}:\n${out}\n")
    endif()
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "golden cases that differ when run as nobody:\n${failed}")
endif()
message(STATUS "${count} golden cases run as nobody: all match")
