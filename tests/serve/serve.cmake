# The tests of `breachclock serve` (docs/http.md), included from tests/CMakeLists.txt: pytest with
# Debian's python3 (python3-pytest, python3-jsonschema; nothing else), each test file starting
# its own servers on free loopback ports (`serve --port 0`). serve.api: every route of
# examples/cli/openapi.json against real answers, the CLI's bytes, the errors, the token, the
# limits, the access log. serve.load: 32 clients for 10 seconds, every answer the CLI's (alone:
# its figures mean nothing with other tests on the cores).
if(BREACHCLOCK_SERVE AND BREACHCLOCK_DEBIAN_PYTHON)
  set(_bc_serve_env
    "PYTHONDONTWRITEBYTECODE=1"
    "BREACHCLOCK_EXE=$<TARGET_FILE:breachclock_cli>"
    "BREACHCLOCK_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
  add_test(NAME serve.api
    COMMAND "${BREACHCLOCK_DEBIAN_PYTHON}" -m pytest -q -p no:cacheprovider -m "not load"
            --rootdir "${CMAKE_CURRENT_LIST_DIR}" "${CMAKE_CURRENT_LIST_DIR}"
    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
  set_tests_properties(serve.api PROPERTIES ENVIRONMENT "${_bc_serve_env}" TIMEOUT 900 LABELS serve)
  add_test(NAME serve.load
    COMMAND "${BREACHCLOCK_DEBIAN_PYTHON}" -m pytest -q -s -p no:cacheprovider -m load
            --rootdir "${CMAKE_CURRENT_LIST_DIR}" "${CMAKE_CURRENT_LIST_DIR}/test_load.py"
    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
  # Labelled concurrency too: the tsan preset runs it against a server built with ThreadSanitizer.
  set_tests_properties(serve.load PROPERTIES ENVIRONMENT "${_bc_serve_env}" TIMEOUT 600 LABELS "serve;concurrency"
                       RUN_SERIAL TRUE)
endif()
