# cmake -DEXE=<breachclock> -DROOT=<source dir> -P examples.cmake
# Every example incident (examples/incidents and the modules' rules/*/examples) loads against the bundled rules and assesses without error, in text
# and in JSON.
file(GLOB incidents "${ROOT}/examples/incidents/*.toml" "${ROOT}/examples/incidents/*.json"
     "${ROOT}/rules/*/examples/*.toml" "${ROOT}/rules/*/examples/*.json")
list(LENGTH incidents count)
if(count LESS 14)
  message(FATAL_ERROR "expected at least 14 example incidents, found ${count}")
endif()
foreach(f IN LISTS incidents)
  foreach(format IN ITEMS text json)
    execute_process(COMMAND "${EXE}" assess "${f}" --as-of 2025-12-01T12:00:00Z --format ${format}
                    RESULT_VARIABLE code OUTPUT_QUIET ERROR_VARIABLE err)
    if(NOT code EQUAL 0)
      message(FATAL_ERROR "${f} (${format}): exit ${code}\n${err}")
    endif()
  endforeach()
endforeach()
message(STATUS "${count} example incidents assess cleanly")
