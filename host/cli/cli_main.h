// The hbmsim program's command line (host/cli/cli_main.cpp); main.cpp calls it from sc_main.
#pragma once

namespace hbmsim {

// Parses argv, runs the chosen subcommand and returns the process's exit code.
int cli_main(int argc, char** argv);

}  // namespace hbmsim
