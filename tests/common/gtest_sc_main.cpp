// GoogleTest entry point for binaries linked with SystemC (which owns main()).
#include <cstdlib>

#include <gtest/gtest.h>
#include <systemc>

extern "C" int sc_main(int argc, char** argv) {
  sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}

// Our own main (libsystemc's would run first and print its banner before sc_main).
int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return sc_core::sc_elab_and_sim(argc, argv);
}
