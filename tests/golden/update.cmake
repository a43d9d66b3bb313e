# cmake [-DBUILD=build/dev] -P tests/golden/update.cmake
# Rewrites every golden case's expected output from the CLI of the given build. Review the diff.
if(NOT BUILD)
  set(BUILD "build/dev")
endif()
get_filename_component(root "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)
set(exe "${root}/${BUILD}/examples/cli/breachclock")
file(GLOB cases LIST_DIRECTORIES true "${root}/tests/golden/cli/*")
foreach(case_dir IN LISTS cases)
  if(IS_DIRECTORY "${case_dir}")
    execute_process(COMMAND "${CMAKE_COMMAND}" -DEXE=${exe} -DCASE=${case_dir} -DWORKDIR=${root} -DUPDATE=ON
                            -P "${root}/tests/golden/run_case.cmake")
  endif()
endforeach()
