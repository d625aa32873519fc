// The `plume` command's sub-commands register themselves here, one file per room
// (model_commands.cpp, prompt_commands.cpp, experiment_commands.cpp, ...), so rooms do not share
// a dispatch table. Each command parses its own flags with cli::Args and prints its own output.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace plume::cli {

struct Command {
  std::string name;   // "generate", or a group and verb: "ab assign"
  std::string usage;  // one or more lines for `plume --help`, without the leading "plume "
  std::function<int(int argc, char** argv, int first_flag)> run;  // argv[first_flag..] are the flags
};

inline std::vector<Command>& commands() {
  static std::vector<Command> registry;
  return registry;
}

struct Register {
  explicit Register(Command c) { commands().push_back(std::move(c)); }
};

// Prints "plume: error: MESSAGE" to stderr and returns 1 (the exit code for bad input).
int fail(const std::string& message);

}  // namespace plume::cli
