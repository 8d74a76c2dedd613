# Controller behaviour end to end: page, refresh and scheduling policies, performance
# counters against the command log, the address mapper against its C++ reference, AXI
# ordering. Each case runs in its own process (SystemC elaborates once). Cases of a few
# seconds are labelled ci; those named *Regression* (the 32-PC policy matrix) regression.
add_executable(controller_tests
  test_policies.cpp test_counters.cpp test_mapper.cpp test_ordering.cpp)
target_link_libraries(controller_tests PRIVATE hbmsim_cosim_fixture hbmsim_gtest_main)
target_compile_options(controller_tests PRIVATE -Wall -Wextra)
hbmsim_test_build(controller_tests)
gtest_discover_tests(controller_tests TEST_FILTER "-*Regression*"
  PROPERTIES LABELS "ci" TIMEOUT 600 DISCOVERY_TIMEOUT 60)
gtest_discover_tests(controller_tests TEST_FILTER "*Regression*"
  PROPERTIES LABELS "regression" TIMEOUT 1800 DISCOVERY_TIMEOUT 60)
