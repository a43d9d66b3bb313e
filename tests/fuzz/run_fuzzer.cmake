# Runs one libFuzzer program for SECONDS over the seeds (cmake -P; see tests/fuzz/CMakeLists.txt).
# New inputs go to WORK/corpus, crashes to WORK/ (as crash-<sha1>, ...). Fails on any finding,
# and says how to keep it as a regression test.
if(NOT KEEP)
  file(REMOVE_RECURSE "${WORK}")
endif()
file(MAKE_DIRECTORY "${WORK}/corpus")
execute_process(
  COMMAND "${FUZZER}" -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=2048 -max_len=65536
          -print_final_stats=1 -artifact_prefix=${WORK}/ "${WORK}/corpus" ${SEEDS}
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  file(GLOB found "${WORK}/crash-*" "${WORK}/leak-*" "${WORK}/timeout-*" "${WORK}/oom-*" "${WORK}/slow-unit-*")
  message(FATAL_ERROR "fuzz target ${TARGET} failed (exit ${status}) on: ${found}\n"
                      "Keep the input as a regression test: copy it to tests/fuzz/regressions/${TARGET}/, "
                      "fix the bug, and check that fuzz.replay.${TARGET} passes.")
endif()
