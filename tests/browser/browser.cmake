# The first-hours page in a real browser (docs/first-hours.md), included from tests/CMakeLists.txt.
# Only with BREACHCLOCK_SERVE (the page is served by `breachclock serve`). It needs Node.js,
# Debian's chromium and tests/browser/node_modules/playwright-core (scripts/install-deps installs
# all three): when one is missing the test fails, saying which, rather than being skipped.
if(BREACHCLOCK_SERVE)
  find_program(BREACHCLOCK_NODE NAMES node nodejs)
  if(BREACHCLOCK_NODE)
    add_test(NAME browser.first_hours
      COMMAND "${BREACHCLOCK_NODE}" "${CMAKE_CURRENT_LIST_DIR}/first_hours_test.mjs" $<TARGET_FILE:breachclock_cli>
      WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
  else()
    add_test(NAME browser.first_hours
      COMMAND "${CMAKE_COMMAND}" -E echo "browser.first_hours: FAIL: node is not installed (scripts/install-deps)")
    set_tests_properties(browser.first_hours PROPERTIES FAIL_REGULAR_EXPRESSION "FAIL")
  endif()
  # The script stops itself after 150 s; ctest's limit is the backstop.
  set_tests_properties(browser.first_hours PROPERTIES TIMEOUT 240 LABELS browser)
endif()
