# cmake -DEXE=<breachclock> -DWORKDIR=<dir> -DEXPECTED=<file> -DARGS="a|b|c" -P compare_output.cmake
# Fails unless the CLI's stdout for ARGS is byte for byte the EXPECTED file (a generated document,
# such as the timeline picture in docs/images). Regenerate the file with the same command.
string(REPLACE "|" ";" ARGS "${ARGS}")
execute_process(COMMAND "${EXE}" ${ARGS} WORKING_DIRECTORY "${WORKDIR}" OUTPUT_VARIABLE out RESULT_VARIABLE code)
file(READ "${EXPECTED}" expected)
if(NOT code EQUAL 0 OR NOT out STREQUAL expected)
  list(JOIN ARGS " " shown)
  message(FATAL_ERROR "${EXPECTED} is out of date: regenerate it with\n  breachclock ${shown} > ${EXPECTED}")
endif()
