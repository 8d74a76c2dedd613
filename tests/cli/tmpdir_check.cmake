# The TMPDIR the cli tests run with (tests/cli/CMakeLists.txt), run as `cmake -DDIR=...
# -DMODE=setup|check -P`: setup empties it before the first test, check fails after the
# last one if anything was left there, naming it.
if(MODE STREQUAL "setup")
  file(REMOVE_RECURSE "${DIR}")
  file(MAKE_DIRECTORY "${DIR}")
elseif(MODE STREQUAL "check")
  file(GLOB left LIST_DIRECTORIES true "${DIR}/*" "${DIR}/.*")
  if(left)
    list(JOIN left "\n  " shown)
    message(FATAL_ERROR "the cli tests left these in their TMPDIR (a bench keeps its "
            "temporary folder when a run fails, and says so: a test that makes a run fail "
            "gives --work-dir under the artefacts):\n  ${shown}")
  endif()
else()
  message(FATAL_ERROR "MODE is setup or check, not '${MODE}'")
endif()
