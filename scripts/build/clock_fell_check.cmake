# A test (ClockFall.EveryModelRecordsItsFallingEdge): every model's generated
# <model>_clock_fell.h (scripts/build/clock_fall.cmake) records the falling edge rather
# than falling back to evaluating it. The fallback is correct but slower (about 5 % of a
# run), and it is chosen silently when a Verilator version or an RTL change writes a
# scheduler the generator does not understand: this says so, with the header's reason.
#
#   cmake -DDIR=<build>/rtl/clock_fall -DMODELS="A;B" -P clock_fell_check.cmake
foreach(m ${MODELS})
  set(h ${DIR}/${m}_clock_fell.h)
  if(NOT EXISTS ${h})
    message(FATAL_ERROR "${h}: not written")
  endif()
  file(STRINGS ${h} why REGEX "^// Not available")
  if(why)
    message(FATAL_ERROR "${m}: the falling edge is evaluated, not recorded (${why})")
  endif()
  file(STRINGS ${h} cleared REGEX "rootp->__Vtrig.* = 0;")
  if(NOT cleared)
    message(FATAL_ERROR "${m}: its clock_fell() clears no clock")
  endif()
  message(STATUS "${m}: records the falling edge of its clocks")
endforeach()
