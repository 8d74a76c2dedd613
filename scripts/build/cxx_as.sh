#!/bin/sh
# A compiler launcher (CMake's <LANG>_COMPILER_LAUNCHER) that compiles with another C++
# compiler: `cxx_as.sh COMPILER PROJECT_COMPILER ARGS...` runs `COMPILER ARGS...`.
# rtl/CMakeLists.txt sets it on the model code that Clang compiles in a third of GCC's
# time at no cost to a run (hbm_rtl_clang); the rest of the project keeps its compiler.
compiler=$1
shift 2
exec "$compiler" "$@"
