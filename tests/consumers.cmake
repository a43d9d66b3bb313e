# cmake -DMODE=find_package|pkg-config|add_subdirectory -DSOURCE=<breachclock source>
#       -DBUILD=<breachclock build> -DWORK=<scratch dir> -DCXX=<compiler> -P consumers.cmake
# Builds the embedding example (examples/embed/main.cpp) the way a project outside the tree
# would, runs it, and checks its output.
set(embed "${SOURCE}/examples/embed/main.cpp")
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    list(JOIN ARGV " " shown)
    message(FATAL_ERROR "failed (${code}): ${shown}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

if(MODE STREQUAL "find_package" OR MODE STREQUAL "pkg-config")
  run("${CMAKE_COMMAND}" --install "${BUILD}" --prefix "${WORK}/prefix")
  if(NOT EXISTS "${WORK}/prefix/bin/breachclock")
    message(FATAL_ERROR "the CLI was not installed")
  endif()
  # The installed CLI works from any folder: the rules are in the library.
  execute_process(COMMAND "${WORK}/prefix/bin/breachclock" check WORKING_DIRECTORY "${WORK}" RESULT_VARIABLE code OUTPUT_VARIABLE out)
  if(NOT code EQUAL 0 OR NOT out MATCHES "^ok: ")
    message(FATAL_ERROR "the installed CLI does not work from another folder: ${out}")
  endif()
endif()

if(MODE STREQUAL "find_package")
  run("${CMAKE_COMMAND}" -S "${SOURCE}/tests/find_package" -B "${WORK}/build" "-DCMAKE_PREFIX_PATH=${WORK}/prefix"
      "-DEMBED_SOURCE=${embed}" "-DCMAKE_CXX_COMPILER=${CXX}")
  run("${CMAKE_COMMAND}" --build "${WORK}/build")
  set(exe "${WORK}/build/consumer")
elseif(MODE STREQUAL "pkg-config")
  set(ENV{PKG_CONFIG_PATH} "${WORK}/prefix/lib/pkgconfig")
  find_program(PKG_CONFIG pkg-config REQUIRED)
  run("${PKG_CONFIG}" --cflags --libs breachclock fmt)
  string(STRIP "${last_output}" flags)
  separate_arguments(flags UNIX_COMMAND "${flags}")
  run("${CXX}" -std=c++20 "${embed}" ${flags} -o "${WORK}/consumer")
  set(exe "${WORK}/consumer")
elseif(MODE STREQUAL "add_subdirectory")
  run("${CMAKE_COMMAND}" -S "${SOURCE}/tests/add_subdirectory" -B "${WORK}/build" "-DBREACHCLOCK_SOURCE=${SOURCE}"
      "-DEMBED_SOURCE=${embed}" "-DCMAKE_CXX_COMPILER=${CXX}" -DCMAKE_BUILD_TYPE=Release)
  run("${CMAKE_COMMAND}" --build "${WORK}/build" -j 2)
  set(exe "${WORK}/build/consumer")
else()
  message(FATAL_ERROR "unknown MODE '${MODE}'")
endif()

run("${exe}")
foreach(expected IN ITEMS "INC-2025-041 as of 2025-09-01T13:00:00+01:00" "required      uk-gdpr/notify-ico            2025-09-04T11:00:00+01:00")
  string(FIND "${last_output}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the consumer's output lacks '${expected}':\n${last_output}")
  endif()
endforeach()
message(STATUS "${MODE}: the consumer builds, links and runs")
