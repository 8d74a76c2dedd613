#!/bin/sh
# A compiler launcher (CMake's <LANG>_COMPILER_LAUNCHER) that compiles with another C++
# compiler: `cxx_as.sh COMPILER [LAUNCHER...] -- PROJECT_COMPILER ARGS...` runs
# `[LAUNCHER...] COMPILER ARGS...`, so a launcher the user configured (ccache, a timer)
# still wraps the compile. rtl/CMakeLists.txt sets it on hbm_rtl_clang: model code that
# Clang compiles in about half GCC's time at no cost to a run; the rest of the project
# keeps its compiler.
compiler=$1
shift
launchers=""
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
  launchers="$launchers $1"
  shift
done
if [ "$#" -lt 2 ]; then
  echo "cxx_as.sh: usage: cxx_as.sh COMPILER [LAUNCHER...] -- PROJECT_COMPILER ARGS..." >&2
  exit 2
fi
shift 2   # the "--" and the project's compiler
# shellcheck disable=SC2086   # the launchers are words, as CMake listed them
exec $launchers "$compiler" "$@"
